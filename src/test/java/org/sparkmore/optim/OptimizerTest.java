package org.sparkmore.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.optim.OptimConfig.Algorithm;
import org.sparkmore.optim.OptimConfig.Schedule;

/** Checks the ND4J optimisers against plain double-precision loops that spell out PyTorch's update rules. */
class OptimizerTest {

    private static final int N = 50;
    private static final int STEPS = 5;
    private static final long TOTAL = 20;

    private static OptimConfig config(Algorithm optimizer, double momentum, double weightDecay, double clipNorm) {
        return new OptimConfig(optimizer, 0.05, momentum, 0.9, 0.999, 1e-8, weightDecay, clipNorm, Schedule.COSINE,
                2, 100, 0.1, 0.05);
    }

    @Test
    void adamMatchesTheReference() {
        check(config(Algorithm.ADAM, 0, 0, 0), DataType.DOUBLE, 1e-12);
        check(config(Algorithm.ADAM, 0, 0, 0), DataType.FLOAT, 1e-6);
    }

    @Test
    void adamWithClippingAndWeightDecayMatchesTheReference() {
        check(config(Algorithm.ADAM, 0, 0.1, 1.0), DataType.DOUBLE, 1e-12);
        check(config(Algorithm.ADAM, 0, 0.1, 1.0), DataType.FLOAT, 1e-6);
    }

    @Test
    void sgdWithMomentumMatchesTheReference() {
        check(config(Algorithm.SGD, 0.9, 0, 0), DataType.DOUBLE, 1e-12);
        check(config(Algorithm.SGD, 0.9, 0.1, 1.0), DataType.DOUBLE, 1e-12);
        check(config(Algorithm.SGD, 0.9, 0.1, 1.0), DataType.FLOAT, 1e-6);
    }

    @Test
    void plainSgdMatchesTheReferenceWithoutState() {
        assertEquals(0, Optimizer.create(config(Algorithm.SGD, 0, 0, 0), TOTAL).stateSize(N));
        check(config(Algorithm.SGD, 0, 0, 0), DataType.DOUBLE, 1e-12);
        check(config(Algorithm.SGD, 0, 0.1, 1.0), DataType.FLOAT, 1e-6);
    }

    @Test
    void createPicksTheOptimizerAndItsStateSize() {
        Optimizer adam = Optimizer.create(config(Algorithm.ADAM, 0, 0, 0), TOTAL);
        assertInstanceOf(Adam.class, adam);
        assertEquals(2 * N, adam.stateSize(N));
        assertInstanceOf(Sgd.class, Optimizer.create(config(Algorithm.SGD, 0.5, 0, 0), TOTAL));
        assertEquals(N, Optimizer.create(config(Algorithm.SGD, 0.5, 0, 0), TOTAL).stateSize(N));
    }

    @Test
    void clippingLeavesASmallGradientAloneAndRescalesALargeOne() {
        INDArray small = Nd4j.createFromArray(0.3, -0.4);  // norm 0.5
        assertEquals(0.5, BaseOptimizer.clipToNorm(small, 1.0), 1e-15);
        assertArrayEquals(new double[] {0.3, -0.4}, small.toDoubleVector(), 0.0);
        INDArray large = Nd4j.createFromArray(3f, -4f);    // norm 5
        assertEquals(5.0, BaseOptimizer.clipToNorm(large, 1.0), 1e-6);
        assertArrayEquals(new float[] {0.6f, -0.8f}, large.toFloatVector(), 1e-6f);
        assertEquals(1.0, large.norm2Number().doubleValue(), 1e-6);
    }

    @Test
    void weightDecayShrinksParametersWhenTheGradientIsZero() {
        for (Algorithm optimizer : Algorithm.values()) {
            OptimConfig c = new OptimConfig(optimizer, 0.1, 0.9, 0.9, 0.999, 1e-8, 0.5, 0, Schedule.CONSTANT, 0, 1,
                    1, 1);
            Optimizer o = Optimizer.create(c, 10);
            INDArray p = Nd4j.createFromArray(1.0, -2.0, 4.0);
            o.step(p, Nd4j.zeros(DataType.DOUBLE, 3), Nd4j.zeros(DataType.DOUBLE, o.stateSize(3)), 0);
            assertArrayEquals(new double[] {0.95, -1.9, 3.8}, p.toDoubleVector(), 1e-15, optimizer.toString());
        }
    }

    @Test
    void mismatchedStateIsRejected() {
        Optimizer adam = Optimizer.create(config(Algorithm.ADAM, 0, 0, 0), TOTAL);
        INDArray p = Nd4j.zeros(DataType.FLOAT, N);
        assertThrows(IllegalArgumentException.class,
                () -> adam.step(p, Nd4j.zeros(DataType.FLOAT, N), Nd4j.zeros(DataType.FLOAT, N), 0));
    }

    /** Runs STEPS steps of both implementations from the same start on the same gradients. */
    private static void check(OptimConfig c, DataType type, double tolerance) {
        Random rng = new Random(17);
        double[] params = rng.doubles(N, -1, 1).toArray();
        Optimizer optimizer = Optimizer.create(c, TOTAL);
        INDArray p = Nd4j.createFromArray(params).castTo(type).reshape(1, N); // a (1, N) row works like a 1-D vector
        long stateSize = optimizer.stateSize(N);
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(type, stateSize);
        Reference reference = new Reference(c, params);
        for (int step = 0; step < STEPS; step++) {
            double scale = step % 2 == 0 ? 0.1 : 3.0; // some steps under, some over the clip norm
            double[] g = rng.doubles(N, -scale, scale).toArray();
            optimizer.step(p, Nd4j.createFromArray(g).castTo(type), state, step);
            reference.step(g.clone(), step);
        }
        double[] actual = p.castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < N; i++)
            assertEquals(reference.params[i], actual[i], tolerance, c.optimizer() + " " + type + " parameter " + i);
    }

    /** PyTorch's SGD/AdamW update rules, element by element in double. */
    private static final class Reference {
        final OptimConfig c;
        final double[] params;
        final double[] m;
        final double[] v;

        Reference(OptimConfig c, double[] params) {
            this.c = c;
            this.params = params.clone();
            this.m = new double[params.length];
            this.v = new double[params.length];
        }

        void step(double[] g, long step) {
            double norm = 0;
            for (double x : g) norm += x * x;
            norm = Math.sqrt(norm);
            if (c.clipNorm() > 0 && norm > c.clipNorm()) for (int i = 0; i < N; i++) g[i] *= c.clipNorm() / norm;
            double lr = LrSchedule.rate(c, step, TOTAL);
            int t = (int) step + 1;
            for (int i = 0; i < N; i++) {
                params[i] -= lr * c.weightDecay() * params[i];
                if (c.optimizer() == Algorithm.ADAM) {
                    m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g[i];
                    v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g[i] * g[i];
                    double mHat = m[i] / (1 - Math.pow(c.beta1(), t));
                    double vHat = v[i] / (1 - Math.pow(c.beta2(), t));
                    params[i] -= lr * mHat / (Math.sqrt(vHat) + c.epsilon());
                } else {
                    m[i] = c.momentum() * m[i] + g[i];
                    params[i] -= lr * m[i];
                }
            }
        }
    }
}
