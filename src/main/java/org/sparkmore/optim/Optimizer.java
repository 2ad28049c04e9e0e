package org.sparkmore.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A first-order optimiser over one flat parameter vector. Its state (momentum, moment estimates) is also one flat
 * vector of the parameters' data type, so it can be averaged across workers and saved as a single array.
 * Implementations keep scratch buffers between steps: use one instance per thread.
 */
public interface Optimizer {

    /** Length of the state vector for this many parameters; 0 means no state (pass null or an empty array). */
    long stateSize(long paramCount);

    /**
     * Updates params in place from grad, at the learning rate the schedule gives for this step.
     *
     * @param grad  may be overwritten (clipping rescales it)
     * @param state stateSize(params.length()) values, updated in place
     * @param step  0-based global step
     */
    void step(INDArray params, INDArray grad, INDArray state, long step);

    /** The optimiser c names (sgd or adam), scheduled over a run of totalSteps. */
    static Optimizer create(OptimConfig c, long totalSteps) {
        return switch (c.optimizer()) {
            case SGD -> new Sgd(c, totalSteps);
            case ADAM -> new Adam(c, totalSteps);
        };
    }
}
