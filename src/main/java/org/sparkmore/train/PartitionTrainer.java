package org.sparkmore.train;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Mlp;
import org.sparkmore.model.Params;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.optim.Optimizer;

/**
 * The per-partition math of one round, apart from Spark (as MLlib's DifferentiableLossAggregator is apart from
 * RDDLossFunction), so it can be tested and run without a cluster. Everything a call computes follows from its
 * arguments: a retried task recomputes exactly the same result.
 */
public final class PartitionTrainer implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Windows per forward pass when evaluating; bounds the activation buffers. */
    static final int EVAL_BATCH = 4096;

    private final ModelConfig model;
    private final OptimConfig optim;
    private final TrainConfig train;

    public PartitionTrainer(ModelConfig model, OptimConfig optim, TrainConfig train) {
        this.model = model;
        this.optim = optim;
        this.train = train;
    }

    /**
     * One partition's result of a round, before weighting: {@link WeightedSum#of} weights it for the sum.
     *
     * @param vector   parameters after the local steps (average mode) or the minibatch's mean gradient
     * @param state    optimizer state after the local steps; null in gradients mode
     * @param examples windows trained on: the weight of this result
     */
    public record LocalResult(float[] vector, float[] state, long examples, double lossSum, long steps)
            implements java.io.Serializable {
        static final LocalResult NONE = new LocalResult(null, null, 0, 0, 0);
    }

    /** Average mode: {@code stepsPerRound} local minibatch steps from the shared parameters and optimizer state. */
    public LocalResult localSteps(WindowBlock block, float[] params, float[] state, int round, int partition) {
        return localStepper().localSteps(block, params, state, round, partition);
    }

    /** A stepper for one task's rounds: {@link LocalStepper}. */
    public LocalStepper localStepper() {
        return new LocalStepper();
    }

    /**
     * Runs one task's local steps round after round, keeping their buffers (model activations, parameters, gradient,
     * optimizer state, minibatch) across rounds so that a round allocates nothing but its result. Every buffer is
     * overwritten before it is read, so reuse cannot change a result. Not thread-safe: one per task.
     */
    public final class LocalStepper {
        private final Mlp mlp = new Mlp(model, DataType.FLOAT);
        private final Params p = Params.zeros(model, DataType.FLOAT);
        private final Params grad = Params.zeros(model, DataType.FLOAT);
        private final Optimizer optimizer = Optimizer.create(optim, train.totalSteps());
        private final INDArray s = optimizer.stateSize(p.flat().length()) == 0 ? null // plain SGD keeps no state
                : Nd4j.create(DataType.FLOAT, optimizer.stateSize(p.flat().length()));
        private final Batch batch = new Batch(train.batchSize(), model.contextWidth());
        private WindowBlock mixed;       // the block that mix indexes: the same one every round of a task
        private LanguageMix mix;

        public LocalResult localSteps(WindowBlock block, float[] params, float[] state, int round, int partition) {
            if (block.size() == 0) return LocalResult.NONE;
            if (train.balancesLanguages() && block.hasLanguages() && block != mixed) {
                mix = new LanguageMix(block, train.languageBalance());
                mixed = block;
            }
            p.flat().data().asNioFloat().put(0, params); // fresh flat vectors start at offset 0
            if (s != null) s.data().asNioFloat().put(0, state);
            SplittableRandom rng = rng(train.seed(), round, partition);
            double lossSum = 0;
            for (int step = 0; step < train.stepsPerRound(); step++) {
                batch.draw(block, mixed == block ? mix : null, rng);
                // dropout masks come after the batch from the same stream: a model without dropout draws none
                lossSum += mlp.lossAndGradient(p, batch.contexts, batch.targets, batch.size, grad, rng) * batch.size;
                optimizer.step(p.flat(), grad.flat(), s, (long) round * train.stepsPerRound() + step);
            }
            long examples = (long) train.stepsPerRound() * batch.size;
            float[] newState = s == null ? state : s.toFloatVector();
            return new LocalResult(p.flat().toFloatVector(), newState, examples, lossSum, train.stepsPerRound());
        }
    }

    /** Gradients mode: the summed gradient of one minibatch, so that the driver's mean is the combined batch's. */
    public LocalResult gradient(WindowBlock block, float[] params, int round, int partition) {
        if (block.size() == 0) return LocalResult.NONE;
        Mlp mlp = new Mlp(model, DataType.FLOAT);
        Params p = Params.wrap(model, Nd4j.createFromArray(params));
        Params grad = Params.zeros(model, DataType.FLOAT);
        Batch batch = new Batch(train.batchSize(), model.contextWidth());
        LanguageMix mix = train.balancesLanguages() && block.hasLanguages()
                ? new LanguageMix(block, train.languageBalance()) : null;
        SplittableRandom rng = rng(train.seed(), round, partition);
        batch.draw(block, mix, rng);
        double loss = mlp.lossAndGradient(p, batch.contexts, batch.targets, batch.size, grad, rng);
        return new LocalResult(grad.flat().toFloatVector(), null, batch.size, loss * batch.size, 1);
    }

    /** Summed cross-entropy (nats) and window count over a whole block, in fixed-size slices. */
    public static double[] lossSum(ModelConfig model, WindowBlock block, float[] params) {
        double[] sums = lossSums(model, block, params, 0);
        return new double[] {sums[0], sums[1]};
    }

    /**
     * As {@link #lossSum}, and per language: {sum, count} overall, then {sum, count} of language 0, 1, ...,
     * languages-1 (all zero when the block has no languages).
     */
    public static double[] lossSums(ModelConfig model, WindowBlock block, float[] params, int languages) {
        Mlp mlp = new Mlp(model, DataType.FLOAT);
        Params p = Params.wrap(model, Nd4j.createFromArray(params));
        int width = model.contextWidth();
        int[] contexts = new int[EVAL_BATCH * width];
        int[] targets = new int[EVAL_BATCH];
        double[] rows = new double[EVAL_BATCH];
        double[] sums = new double[2 * (languages + 1)];
        boolean perLanguage = languages > 0 && block.hasLanguages();
        for (int from = 0; from < block.size(); from += EVAL_BATCH) {
            int n = Math.min(EVAL_BATCH, block.size() - from);
            for (int i = 0; i < n; i++) targets[i] = block.window(from + i, contexts, i * width);
            sums[0] += mlp.losses(p, contexts, targets, n, perLanguage ? rows : null);
            for (int i = 0; perLanguage && i < n; i++) {
                int l = block.language(from + i);
                sums[2 + 2 * l] += rows[i];
                sums[3 + 2 * l] += 1;
            }
        }
        sums[1] = block.size();
        return sums;
    }

    /** The minibatch stream of one (seed, round, partition): independent of where and how often the task runs. */
    static SplittableRandom rng(long seed, int round, int partition) {
        return new SplittableRandom(new SplittableRandom(seed).split().nextLong() ^ ((long) round << 20) ^ partition)
                .split();
    }

    /**
     * A minibatch drawn with replacement: uniformly, as makemore's torch.randint does, or with languages
     * reweighted by a {@link LanguageMix}.
     */
    static final class Batch {
        final int[] contexts; // (size, width)
        final int[] targets;  // (size)
        final int size;
        private final int width;

        Batch(int size, int width) {
            this.size = size;
            this.width = width;
            this.contexts = new int[size * width];
            this.targets = new int[size];
        }

        /** @param mix null for uniform draws */
        void draw(WindowBlock block, LanguageMix mix, SplittableRandom rng) {
            for (int i = 0; i < size; i++) {
                int w = mix == null ? rng.nextInt(block.size()) : mix.draw(rng);
                targets[i] = block.window(w, contexts, i * width);
            }
        }
    }
}
