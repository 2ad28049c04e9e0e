package org.sparkmore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.optim.OptimConfig.Algorithm;
import org.sparkmore.optim.OptimConfig.Schedule;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.optim.Optimizer;

class MlpTest {

    private static final ModelConfig SMALL = new ModelConfig(11, 3, 5, List.of(16, 12), Activation.TANH);

    @Test
    void floatAndDoubleAgree() {
        Data d = Data.random(64, 3);
        Params pd = Params.init(SMALL, 9, DataType.DOUBLE);
        Params pf = Params.wrap(SMALL, pd.flat().castTo(DataType.FLOAT));
        Params gd = Params.zeros(SMALL, DataType.DOUBLE);
        Params gf = Params.zeros(SMALL, DataType.FLOAT);
        double ld = new Mlp(SMALL, DataType.DOUBLE).lossAndGradient(pd, d.contexts, d.targets, d.batch, gd);
        double lf = new Mlp(SMALL, DataType.FLOAT).lossAndGradient(pf, d.contexts, d.targets, d.batch, gf);
        assertEquals(ld, lf, 1e-5 * ld);
        double scale = gd.flat().amaxNumber().doubleValue();
        double diff = gd.flat().sub(gf.flat().castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5 * scale, "max gradient difference " + diff + " at scale " + scale);
    }

    @Test
    void lossSumOverBatchEqualsTheMeanLoss() {
        Data d = Data.random(50, 4);
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Params p = Params.init(SMALL, 2, type);
            Mlp mlp = new Mlp(SMALL, type);
            double mean = mlp.lossAndGradient(p, d.contexts, d.targets, d.batch, Params.zeros(SMALL, type));
            assertEquals(mean, mlp.lossSum(p, d.contexts, d.targets, d.batch) / d.batch, 1e-12 * mean);
        }
    }

    @Test
    void identicalInputsGiveBitIdenticalGradients() {
        Data d = Data.random(40, 5);
        Data other = Data.random(17, 6);
        Params p = Params.init(SMALL, 3, DataType.FLOAT);
        Mlp mlp = new Mlp(SMALL, DataType.FLOAT);
        Params g1 = Params.zeros(SMALL, DataType.FLOAT);
        Params g2 = Params.zeros(SMALL, DataType.FLOAT);
        Params g3 = Params.zeros(SMALL, DataType.FLOAT);
        double l1 = mlp.lossAndGradient(p, d.contexts, d.targets, d.batch, g1);
        // A different batch size in between reallocates the buffers; the gradient buffer holds stale values.
        mlp.lossAndGradient(p, other.contexts, other.targets, other.batch, g2);
        double l2 = mlp.lossAndGradient(p, d.contexts, d.targets, d.batch, g2);
        double l3 = new Mlp(SMALL, DataType.FLOAT).lossAndGradient(p, d.contexts, d.targets, d.batch, g3);
        assertEquals(l1, l2, 0.0);
        assertEquals(l1, l3, 0.0);
        assertArrayEquals(g1.flat().toFloatVector(), g2.flat().toFloatVector());
        assertArrayEquals(g1.flat().toFloatVector(), g3.flat().toFloatVector());
    }

    @Test
    void onlyTheFirstBatchEntriesAreRead() {
        Data d = Data.random(20, 7);
        int[] longContexts = Arrays.copyOf(d.contexts, d.contexts.length + 9);
        int[] longTargets = Arrays.copyOf(d.targets, d.targets.length + 3);
        Arrays.fill(longContexts, d.contexts.length, longContexts.length, 10);
        Arrays.fill(longTargets, d.targets.length, longTargets.length, 10);
        Params p = Params.init(SMALL, 4, DataType.DOUBLE);
        Mlp mlp = new Mlp(SMALL, DataType.DOUBLE);
        double exact = mlp.lossSum(p, d.contexts, d.targets, d.batch);
        assertEquals(exact, mlp.lossSum(p, longContexts, longTargets, d.batch), 0.0);
    }

    @Test
    void logitsHaveOneRowPerExampleAndMatchTheLoss() {
        Data d = Data.random(6, 8);
        Params p = Params.init(SMALL, 5, DataType.DOUBLE);
        Mlp mlp = new Mlp(SMALL, DataType.DOUBLE);
        INDArray logits = mlp.logits(p, d.contexts, d.batch).dup();
        assertArrayEquals(new long[] {6, 11}, logits.shape());
        double sum = 0;
        for (int b = 0; b < d.batch; b++) {
            // Direct log-sum-exp; safe here because the initial logits are small.
            double lse = Math.log(Arrays.stream(logits.getRow(b).toDoubleVector()).map(Math::exp).sum());
            sum += lse - logits.getDouble(b, d.targets[b]);
        }
        assertEquals(sum, mlp.lossSum(p, d.contexts, d.targets, d.batch), 1e-12 * sum);
    }

    @Test
    void largeLogitsDoNotOverflow() {
        Data d = Data.random(8, 9);
        Params p = Params.init(SMALL, 6, DataType.FLOAT);
        p.bias(p.layers() - 1).putScalar(0, 0, 1000f); // exp(1000) overflows; the shifted form does not
        double loss = new Mlp(SMALL, DataType.FLOAT).lossSum(p, d.contexts, d.targets, d.batch);
        assertTrue(Double.isFinite(loss), "loss " + loss);
    }

    @Test
    void outOfRangeIdsAreRejected() {
        Params p = Params.init(SMALL, 1, DataType.FLOAT);
        Mlp mlp = new Mlp(SMALL, DataType.FLOAT);
        assertThrows(IllegalArgumentException.class, () -> mlp.lossSum(p, new int[] {0, 11, 2}, new int[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> mlp.lossSum(p, new int[] {0, 1, 2}, new int[] {-1}, 1));
        assertThrows(IllegalArgumentException.class, () -> mlp.lossSum(p, new int[] {0, 1}, new int[] {1}, 1));
    }

    @Test
    void aFewHundredAdamStepsFitATinyDataset() {
        Data d = Data.random(32, 10);
        for (int b = 0; b < d.batch; b++) // a learnable rule: the next symbol depends on the context
            d.targets[b] = (d.contexts[3 * b] + 2 * d.contexts[3 * b + 1] + 3 * d.contexts[3 * b + 2]) % 11;
        Params p = Params.init(SMALL, 11, DataType.FLOAT);
        Params grad = Params.zeros(SMALL, DataType.FLOAT);
        Mlp mlp = new Mlp(SMALL, DataType.FLOAT);
        OptimConfig adam = new OptimConfig(Algorithm.ADAM, 0.01, 0, 0.9, 0.999, 1e-8, 0, 0, Schedule.CONSTANT, 0, 1,
                1, 1);
        Optimizer optimizer = Optimizer.create(adam, 300);
        INDArray state = Nd4j.create(DataType.FLOAT, optimizer.stateSize(Params.count(SMALL)));
        double first = mlp.lossAndGradient(p, d.contexts, d.targets, d.batch, grad);
        for (int step = 0; step < 300; step++) {
            mlp.lossAndGradient(p, d.contexts, d.targets, d.batch, grad);
            optimizer.step(p.flat(), grad.flat(), state, step);
        }
        double last = mlp.lossSum(p, d.contexts, d.targets, d.batch) / d.batch;
        assertTrue(last < 0.1 * first, "loss went from " + first + " to " + last);
    }

    /** Random contexts and targets over SMALL's vocabulary. */
    private record Data(int[] contexts, int[] targets, int batch) {
        static Data random(int batch, long seed) {
            Random rng = new Random(seed);
            return new Data(rng.ints(batch * 3L, 0, 11).toArray(), rng.ints(batch, 0, 11).toArray(), batch);
        }
    }
}
