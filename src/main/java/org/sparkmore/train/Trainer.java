package org.sparkmore.train;

import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.io.LossCurves;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.optim.Optimizer;

/**
 * Distributed training: synchronous rounds in which every partition trains on its own windows and the results are
 * averaged (parameter averaging, Zinkevich et al. 2010 / McMahan et al. 2017's FedAvg), or, in gradients mode, one
 * minibatch gradient per partition is averaged and the driver steps once (plain synchronous minibatch SGD). This
 * picks the mode and holds the run's progress. The loop itself reads top to bottom in one method of each mode:
 * {@link BarrierTask}'s {@code rounds} (barrier mode, the default: one stage runs all rounds, its tasks averaging
 * among themselves; {@link BarrierTrainer} is its driver) and {@code rounds} below (rounds mode: one Spark job per
 * round, the driver averaging). Each numbers its stages in order; both give the same bits.
 */
public final class Trainer {

    /**
     * The trained parameters and what the run measured; {@code sync} is what barrier mode's tasks sent to each
     * other, null where rounds mode finished the run.
     */
    public record Result(float[] params, float[] optimizerState, double trainLoss, double devLoss, long examples,
                         Progress.Timings timings, List<Progress.DevPoint> devCurve, LossCurves curves,
                         SyncTraffic sync) {
        public double seconds() {
            return timings.trainingSeconds();
        }
    }

    private final SparkSession spark;
    private final TrainingSpec spec;
    private final ModelConfig model;
    private final OptimConfig optim;
    private final TrainConfig train;
    private final Consumer<String> log;

    public Trainer(SparkSession spark, TrainingSpec spec, Consumer<String> log) {
        this.spark = spark;
        this.spec = spec;
        this.model = spec.model();
        this.optim = spec.optim();
        this.train = spec.train();
        this.log = log;
    }

    /** Trains from fresh parameters (seeded by train.seed) on the train blocks, evaluating on the dev blocks. */
    public Result train(TrainingData trainData, TrainingData devData) {
        return train(trainData, devData, null, checkpoint -> { });
    }

    /**
     * Trains from a start: null for fresh parameters (seeded by train.seed); {@link Checkpoint#start} for given
     * parameters and a fresh optimizer state (a warm start); or a checkpoint of an interrupted run of this same
     * configuration and data, which then ends bit-identical to a run that never stopped. The checkpoint of every
     * round that train.checkpointsAfter names goes to {@code checkpoints}, on the driver, while training goes on; one
     * that fails there is reported and training continues, since the run itself is unharmed.
     */
    public Result train(TrainingData trainData, TrainingData devData, Checkpoint start,
                        Consumer<Checkpoint> checkpoints) {
        if (trainData.windows() == 0)
            throw new IllegalArgumentException("the train split has no names to learn from; give a larger table");
        Optimizer optimizer = Optimizer.create(optim, train.totalSteps());
        Checkpoint from = startingPoint(start, optimizer);
        Progress progress = new Progress(log, train.rounds(), trainData.windows(), model.vocabSize());
        progress.from(from.round() + 1, from.examples());
        Consumer<Checkpoint> persist = reported(checkpoints);
        int partitions = trainData.blocks().getNumPartitions();
        String whyNot = BarrierTrainer.whyNot(spark.sparkContext(), train, partitions);
        progress.started();
        if (whyNot == null) {
            BarrierTrainer barrierMode = new BarrierTrainer(spark, spec, log, persist);
            from = barrier(barrierMode, trainData, devData, from, progress);
            String diverged = progress.divergence().failure(optim.optimizer(), optim.learningRate());
            if (diverged == null && Divergence.nonFinite(from.params()) > 0)
                diverged = "training diverged: " + Divergence.nonFinite(from.params()) + " parameters are NaN or "
                        + "infinite after round " + (from.round() + 1) + ". Nothing was saved";
            if (diverged != null) throw new IllegalArgumentException(diverged);
            if (from.round() == train.rounds() - 1)
                return new Result(from.params(), from.state(), progress.trainLoss(), progress.devLoss(),
                        from.examples(), progress.timings(), progress.devCurve(), progress.curves(),
                        barrierMode.traffic());
        } else if (train.sync() == TrainConfig.Sync.BARRIER) {
            log.accept("barrier mode unavailable (" + whyNot + "); synchronising with one Spark job per round");
        }
        return rounds(trainData, devData, from, optimizer, progress, persist);
    }

    /** Barrier mode from the start: the last round's checkpoint, or the one rounds mode must finish from. */
    private static Checkpoint barrier(BarrierTrainer barrierMode, TrainingData trainData, TrainingData devData,
                                      Checkpoint from, Progress progress) {
        try {
            return barrierMode.run(trainData, devData, from, progress);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        }
    }

    /** The start as a full checkpoint: fresh parameters and zero optimizer state where it gives none. */
    private Checkpoint startingPoint(Checkpoint start, Optimizer optimizer) {
        float[] params = start == null ? Params.init(model, train.seed(), DataType.FLOAT).flat().toFloatVector()
                : start.params();
        if (params.length != Params.count(model))
            throw new IllegalArgumentException("the start has " + params.length + " parameters but the model needs "
                    + Params.count(model));
        int stateSize = (int) optimizer.stateSize(params.length);
        float[] state = start == null || start.state() == null ? new float[stateSize] : start.state();
        if (state.length != stateSize)
            throw new IllegalArgumentException("the start's optimizer state has " + state.length + " values but "
                    + optim.optimizer() + " needs " + stateSize);
        int round = start == null ? -1 : start.round();
        if (round >= train.rounds() - 1)
            throw new IllegalArgumentException("the start is after round " + (round + 1) + " but the run has only "
                    + train.rounds() + " rounds: nothing is left to train");
        return new Checkpoint(round, start == null ? 0 : start.examples(), params, state);
    }

    /** The caller's checkpoint sink, with a failure reported instead of ending the run. */
    private Consumer<Checkpoint> reported(Consumer<Checkpoint> checkpoints) {
        return c -> {
            try {
                checkpoints.accept(c);
            } catch (RuntimeException e) {
                log.accept("warning: the checkpoint of round " + (c.round() + 1) + " was not kept: " + e.getMessage());
            }
        };
    }

    /**
     * Rounds mode: one Spark job per round, the driver averaging. P is the parameter count, S the optimizer state's
     * (2P for Adam, 0 for plain SGD).
     */
    private Result rounds(TrainingData trainData, TrainingData devData, Checkpoint from, Optimizer optimizer,
                          Progress progress, Consumer<Checkpoint> checkpoints) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        boolean averaging = train.mode() == TrainConfig.Mode.AVERAGE;
        float[] params = from.params(); // (P)
        float[] state = from.state();   // (S)
        long examples = from.examples();
        String tooLarge = InOrderSum.tooLarge(trainData.blocks().getNumPartitions(),
                params.length + (averaging ? state.length : 0L), jsc.getConf());
        if (tooLarge != null) throw new IllegalArgumentException(tooLarge);
        for (int round = from.round() + 1; round < train.rounds(); round++) {
            long roundStart = progress.resumed(); // ends the wait for the first round, or a failed barrier stage's
            // 1. One Spark job: every partition runs its local steps (or one minibatch gradient) on its windows, and
            // the driver sums the example-weighted (P) and (S) in partition order, as barrier mode's chain does
            WeightedSum sum = round(trainData.blocks(), params, averaging ? state : null, round);
            // 2. The driver takes the mean, or applies the mean gradient with the single optimizer it holds
            if (averaging) {
                params = sum.meanVector();
                state = sum.meanState();
            } else {
                params = applyGradient(optimizer, params, state, sum.meanVector(), round);
            }
            examples += sum.examples();
            progress.trained(System.nanoTime() - roundStart, sum.computeNanos());
            // 3. When the run evaluates: the dev loss, computed where the dev blocks live; then the round's report
            evaluate(devData, round, examples, params, sum.meanLoss(), progress);
            // 4. A checkpoint when the caller asked for this round's; gradients mode updates the state in place
            if (train.checkpointsAfter(round))
                checkpoints.accept(new Checkpoint(round, examples, params, state.clone()));
        }
        return new Result(params, state, progress.trainLoss(), progress.devLoss(), examples, progress.timings(),
                progress.devCurve(), progress.curves(), null);
    }

    /** Reports the round, with its dev loss when the run evaluates after it; stops a diverged run. */
    private void evaluate(TrainingData devData, int round, long examples, float[] params, double trainLoss,
                          Progress progress) {
        boolean evaluate = train.evaluatesAfter(round);
        long evalStart = System.nanoTime();
        double devLoss = evaluate ? JobLabel.describe(spark, "dev loss after round " + (round + 1) + "/"
                + train.rounds(), () -> evaluate(spark, model, devData, params)) : Double.NaN;
        boolean evaluated = evaluate && devData.windows() > 0; // an empty dev split adds no NaN to the dev curve
        if (evaluated) progress.evaluated(System.nanoTime() - evalStart, round + 1, examples, devLoss);
        progress.round(round + 1, examples, trainLoss, devLoss, evaluated);
        String diverged = progress.divergence().failure(optim.optimizer(), optim.learningRate());
        if (diverged != null) throw new IllegalArgumentException(diverged);
    }

    /** What one partition computes in a round, from the broadcast {params, state}. */
    private interface PartitionStep extends java.io.Serializable {
        PartitionTrainer.LocalResult run(PartitionTrainer trainer, WindowBlock block, float[][] shared, int partition);
    }

    /**
     * One round's Spark job, described as such in the Spark UI: every partition trains from the broadcast parameters,
     * and the optimizer state when it is given (averaging mode), and the driver adds the example-weighted results in
     * partition order as they arrive, the order barrier mode's collective adds them in, so both modes give the same
     * bits. (treeAggregate and reduce would merge in the order tasks finish, which float addition would show.)
     */
    private WeightedSum round(JavaRDD<WindowBlock> blocks, float[] params, float[] state, int round) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        PartitionStep step = state != null
                ? (trainer, block, ps, partition) -> trainer.localSteps(block, ps[0], ps[1], round, partition)
                : (trainer, block, ps, partition) -> trainer.gradient(block, ps[0], round, partition);
        PartitionTrainer trainer = spec.partitionTrainer();
        TaskHook hook = spec.hook();
        Broadcast<float[][]> shared = jsc.broadcast(new float[][] {params, state});
        try (JobLabel label = JobLabel.describe(spark, "round " + (round + 1) + "/" + train.rounds())) {
            return sumInOrder(blocks.map(block -> {
                TaskContext task = TaskContext.get();
                hook.beforeTask(round, task.partitionId(), task.attemptNumber());
                SingleThreaded.ensure();
                long start = System.nanoTime();
                WeightedSum c = WeightedSum.of(step.run(trainer, block, shared.value(), task.partitionId()));
                return c.timed(System.nanoTime() - start);
            }));
        } finally {
            shared.destroy(); // on the driver and executors: the next round sends new parameters
        }
    }

    /** Runs the job and sums its results as they reach the driver, in partition order ({@link InOrderSum}). */
    static WeightedSum sumInOrder(JavaRDD<WeightedSum> parts) {
        InOrderSum sum = new InOrderSum(parts.getNumPartitions());
        scala.Function1<scala.collection.Iterator<WeightedSum>, WeightedSum> only =
                (scala.Function1<scala.collection.Iterator<WeightedSum>, WeightedSum> & java.io.Serializable)
                        it -> it.next(); // map gives one contribution per partition
        scala.Function2<Object, WeightedSum, scala.runtime.BoxedUnit> handler = (partition, c) -> {
            sum.accept((Integer) partition, c);
            return scala.runtime.BoxedUnit.UNIT;
        };
        parts.context().runJob(parts.rdd(), only, handler, scala.reflect.ClassTag$.MODULE$.apply(WeightedSum.class));
        return sum.total();
    }

    private float[] applyGradient(Optimizer optimizer, float[] params, float[] state, float[] grad, int round) {
        INDArray p = Nd4j.createFromArray(params);
        INDArray s = state.length == 0 ? null : Nd4j.createFromArray(state); // plain SGD keeps no state
        optimizer.step(p, Nd4j.createFromArray(grad), s, round);
        if (s != null) System.arraycopy(s.toFloatVector(), 0, state, 0, state.length);
        return p.toFloatVector();
    }

    /** Mean dev cross-entropy in nats per symbol, computed where the dev blocks live. */
    public static double evaluate(SparkSession spark, ModelConfig model, TrainingData data, float[] params) {
        if (data.windows() == 0) return Double.NaN;
        double[] sums = lossSums(spark, model, data, params, 0);
        return sums[0] / sums[1];
    }

    /**
     * Summed cross-entropy and window counts, overall and per language, in the layout of
     * {@link PartitionTrainer#lossSums}; only these 2 * (languages + 1) numbers reach the driver.
     */
    public static double[] lossSums(SparkSession spark, ModelConfig model, TrainingData data, float[] params,
                                    int languages) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<float[]> shared = jsc.broadcast(params);
        try {
            // Added on the driver in partition order, as barrier mode's chain adds them: fold would add in the order
            // tasks finish, and the losses would differ in their last bits from run to run
            double[] sum = new double[2 * (languages + 1)];
            for (double[] part : data.blocks().map(block -> {
                SingleThreaded.ensure();
                return PartitionTrainer.lossSums(model, block, shared.value(), languages);
            }).collect()) sum = add(sum, part);
            return sum;
        } finally {
            shared.destroy();
        }
    }

    private static double[] add(double[] a, double[] b) {
        double[] sum = a.clone();
        for (int i = 0; i < sum.length; i++) sum[i] += b[i];
        return sum;
    }
}
