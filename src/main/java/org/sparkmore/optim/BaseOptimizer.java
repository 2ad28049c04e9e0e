package org.sparkmore.optim;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What SGD and Adam share: argument checks, flattening to 1-D views, global gradient-norm clipping, the learning
 * rate schedule, and decoupled weight decay (Loshchilov and Hutter, 2019, "Decoupled Weight Decay
 * Regularization"): p -= lr*weightDecay*p, applied apart from the gradient as in PyTorch's AdamW.
 */
abstract class BaseOptimizer implements Optimizer {

    protected final OptimConfig config;
    private final long totalSteps;

    BaseOptimizer(OptimConfig config, long totalSteps) {
        this.config = config;
        this.totalSteps = totalSteps;
    }

    @Override
    public final void step(INDArray params, INDArray grad, INDArray state, long step) {
        long n = params.length();
        if (grad == null || grad.length() != n || grad.dataType() != params.dataType())
            throw new IllegalArgumentException(
                    "grad must match params " + describe(params) + ", got " + describe(grad));
        long stateSize = stateSize(n);
        if (stateSize == 0 ? state != null && state.length() != 0
                : state == null || state.length() != stateSize || state.dataType() != params.dataType())
            throw new IllegalArgumentException("state must hold " + stateSize + " values of " + params.dataType()
                    + ", got " + describe(state));
        checkContiguous(params);
        checkContiguous(grad);
        if (stateSize > 0) checkContiguous(state);
        if (config.clipNorm() > 0) clipToNorm(segment(grad, 0, n), config.clipNorm());
        double lr = LrSchedule.rate(config, step, totalSteps);
        if (config.weightDecay() > 0) segment(params, 0, n).muli(1.0 - lr * config.weightDecay());
        update(params, grad, state, lr, step);
    }

    /**
     * Applies the update proper at learning rate lr. params, grad and state are contiguous vectors, 1-D or (1, n)
     * rows, possibly views: take {@link #segment}s of them, or index their buffers from offset().
     */
    abstract void update(INDArray params, INDArray grad, INDArray state, double lr, long step);

    /** Rescales g in place to global L2 norm maxNorm when it is larger; returns the norm before clipping. */
    static double clipToNorm(INDArray g, double maxNorm) {
        double norm = g.norm2Number().doubleValue();
        if (norm > maxNorm) g.muli(maxNorm / norm);
        return norm;
    }

    /** A 1-D view of `length` values starting `start` values into a contiguous vector; ND4J offsets are absolute. */
    static INDArray segment(INDArray flat, long start, long length) {
        return Nd4j.create(flat.data(), new long[] {length}, new long[] {1}, flat.offset() + start, 'c',
                flat.dataType());
    }

    private static void checkContiguous(INDArray a) {
        if (a.elementWiseStride() != 1 && a.length() > 1)
            throw new IllegalArgumentException("vectors must be contiguous, got a strided view");
    }

    private static String describe(INDArray a) {
        return a == null ? "null" : a.dataType() + " " + Arrays.toString(a.shape());
    }
}
