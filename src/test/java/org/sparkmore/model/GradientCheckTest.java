package org.sparkmore.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.model.ModelConfig.Activation;

/** Checks Mlp's hand-written backward pass against finite differences of its own loss, over every parameter. */
class GradientCheckTest {

    private static final ModelConfig TINY = new ModelConfig(7, 3, 4, List.of(5, 6), Activation.TANH);
    /**
     * TINY conditioned on 3 languages: embedding rows 7, 8 and 9 are languages, and each context ends with one; with
     * a (3, 7) per-language output bias table.
     */
    private static final ModelConfig CONDITIONED = new ModelConfig(7, 3, 3, 4, List.of(5, 6), Activation.TANH, true,
            true);
    /** CONDITIONED with dropout on the embeddings and on both hidden layers. */
    private static final ModelConfig DROPPED = new ModelConfig(7, 3, 3, 4, List.of(5, 6), Activation.TANH, true,
            true, 0.3, 0.4);
    private static final double H = 1e-3;

    @Test
    void analyticGradientMatchesFourthOrderFiniteDifferenceForEveryParameter() {
        // Repeated symbols within and across contexts exercise the embedding gradient's accumulation;
        // symbol 6 never occurs, so its embedding gradient must be exactly zero.
        int[] contexts = {0, 0, 0, 2, 2, 2, 1, 3, 1, 4, 5, 0, 3, 3, 5};
        Params grad = check(TINY, contexts, new int[] {1, 2, 0, 6, 4});
        for (int k = 0; k < TINY.embeddingDim(); k++)
            assertTrue(grad.embedding().getDouble(6, k) == 0.0, "unused symbol has a non-zero embedding gradient");
    }

    @Test
    void languageEmbeddingGradientMatchesFiniteDifferences() {
        // Languages 0 and 1 (rows 7 and 8) occur, language 2 (row 9) never does: its row's gradient must be zero
        int[] contexts = {0, 0, 0, 7, 2, 2, 2, 8, 1, 3, 1, 7, 4, 5, 0, 8, 3, 3, 5, 7};
        Params grad = check(CONDITIONED, contexts, new int[] {1, 2, 0, 6, 4});
        for (int k = 0; k < CONDITIONED.embeddingDim(); k++)
            assertTrue(grad.embedding().getDouble(9, k) == 0.0, "unused language has a non-zero gradient");
        assertTrue(grad.embedding().getRow(7).norm2Number().doubleValue() > 0, "a used language has no gradient");
        assertTrue(grad.languageBias().getRow(2).norm2Number().doubleValue() == 0.0,
                "unused language has a non-zero output bias gradient");
        // Each used row is the sum of its windows' (softmax - onehot) / batch, so it sums to 0 over the vocabulary
        for (int l = 0; l < 2; l++) {
            assertTrue(grad.languageBias().getRow(l).norm2Number().doubleValue() > 0, "language " + l + " has none");
            assertTrue(Math.abs(grad.languageBias().getRow(l).sumNumber().doubleValue()) < 1e-12, "row " + l);
        }
    }

    @Test
    void dropoutGradientMatchesFiniteDifferencesOnAFixedMask() {
        // Every loss of the check draws its masks from a stream of the same seed: one fixed mask throughout
        int[] contexts = {0, 0, 0, 7, 2, 2, 2, 8, 1, 3, 1, 7, 4, 5, 0, 8, 3, 3, 5, 7};
        int[] targets = {1, 2, 0, 6, 4};
        check(DROPPED, contexts, targets, 99L);
        // The masks really drop: the loss differs from the unmasked one, and a different stream gives another
        Params p = randomParams(DROPPED, 11);
        Mlp mlp = new Mlp(DROPPED, DataType.DOUBLE);
        Params g = Params.zeros(DROPPED, DataType.DOUBLE);
        double plain = mlp.lossAndGradient(p, contexts, targets, 5, g);
        double masked = mlp.lossAndGradient(p, contexts, targets, 5, g, new SplittableRandom(99));
        double again = mlp.lossAndGradient(p, contexts, targets, 5, g, new SplittableRandom(99));
        double other = mlp.lossAndGradient(p, contexts, targets, 5, g, new SplittableRandom(100));
        assertTrue(masked != plain && other != masked, "dropout changed nothing");
        assertTrue(masked == again, "the same stream gave another mask");
        assertTrue(mlp.lossSum(p, contexts, targets, 5) / 5 == plain, "evaluation must not drop");
    }

    @Test
    void languageBiasShiftsOnlyItsLanguagesLogits() {
        Params p = randomParams(CONDITIONED, 5);
        Mlp mlp = new Mlp(CONDITIONED, DataType.DOUBLE);
        int[] contexts = {0, 2, 1, 7, 0, 2, 1, 8};
        INDArray before = mlp.logits(p, contexts, 2).dup();
        p.languageBias().getRow(1).addi(Nd4j.linspace(1, 7, 7, DataType.DOUBLE));
        INDArray after = mlp.logits(p, contexts, 2);
        assertTrue(after.getRow(0).equals(before.getRow(0)), "language 0's logits moved");
        assertTrue(after.getRow(1).sub(before.getRow(1)).equalsWithEps(Nd4j.linspace(1, 7, 7, DataType.DOUBLE), 1e-12));
        // Training and evaluation add the biases inside the cross-entropy pass: the same loss either way
        int[] targets = {3, 5};
        double mean = mlp.lossAndGradient(p, contexts, targets, 2, Params.zeros(CONDITIONED, DataType.DOUBLE));
        assertTrue(Math.abs(mean - mlp.lossSum(p, contexts, targets, 2) / 2) < 1e-15, "train and eval losses differ");
        INDArray logits = mlp.logits(p, contexts, 2); // (2, vocab); -log softmax at the targets, by hand
        double byHand = 0;
        for (int b = 0; b < 2; b++) {
            INDArray row = logits.getRow(b);
            double max = row.maxNumber().doubleValue();
            double logSum = max + Math.log(org.nd4j.linalg.ops.transforms.Transforms.exp(row.sub(max)).sumNumber()
                    .doubleValue());
            byHand += logSum - row.getDouble(targets[b]);
        }
        assertTrue(Math.abs(byHand / 2 - mean) < 1e-12, "loss " + mean + " against " + byHand / 2 + " from logits()");
    }

    /** Asserts the analytic gradient matches the finite differences for every parameter, and returns it. */
    private static Params check(ModelConfig model, int[] contexts, int[] targets) {
        return check(model, contexts, targets, null);
    }

    /** As above, with dropout masks from a stream of this seed on every evaluation (none when null). */
    private static Params check(ModelConfig model, int[] contexts, int[] targets, Long maskSeed) {
        int batch = targets.length;
        Params p = randomParams(model, 11);
        Mlp mlp = new Mlp(model, DataType.DOUBLE);
        Params grad = Params.zeros(model, DataType.DOUBLE);
        Params scratch = Params.zeros(model, DataType.DOUBLE);
        mlp.lossAndGradient(p, contexts, targets, batch, grad, masks(maskSeed));
        INDArray flat = p.flat();
        double worst = 0;
        long worstAt = -1;
        for (long i = 0; i < flat.length(); i++) {
            double original = flat.getDouble(i);
            double[] f = new double[4];
            double[] offsets = {2 * H, H, -H, -2 * H};
            for (int k = 0; k < 4; k++) {
                flat.putScalar(i, original + offsets[k]);
                f[k] = mlp.lossAndGradient(p, contexts, targets, batch, scratch, masks(maskSeed));
            }
            flat.putScalar(i, original);
            // f'(x) = (8(f(x+h) - f(x-h)) - (f(x+2h) - f(x-2h))) / 12h + O(h^4); differences first, so that an
            // unused parameter gives exactly zero.
            double numeric = (8 * (f[1] - f[2]) - (f[0] - f[3])) / (12 * H);
            double analytic = grad.flat().getDouble(i);
            double error = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1e-8);
            if (error > worst) {
                worst = error;
                worstAt = i;
            }
        }
        assertTrue(worst <= 1e-6, "worst relative error " + worst + " at parameter " + worstAt);
        return grad;
    }

    private static SplittableRandom masks(Long seed) {
        return seed == null ? null : new SplittableRandom(seed);
    }

    /** Parameters of moderate size everywhere, so that no gradient is tiny and relative errors are meaningful. */
    private static Params randomParams(ModelConfig model, long seed) {
        Params p = Params.zeros(model, DataType.DOUBLE);
        Random rng = new Random(seed);
        for (long i = 0; i < p.flat().length(); i++) p.flat().putScalar(i, 0.7 * rng.nextGaussian());
        return p;
    }
}
