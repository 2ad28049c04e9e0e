package org.sparkmore.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stochastic gradient descent with optional heavy-ball momentum, PyTorch semantics (no dampening):
 * v = momentum*v + g; p -= lr*v. With momentum 0 there is no state and p -= lr*g.
 */
final class Sgd extends BaseOptimizer {

    Sgd(OptimConfig config, long totalSteps) {
        super(config, totalSteps);
    }

    @Override
    public long stateSize(long paramCount) {
        return config.momentum() == 0 ? 0 : paramCount;
    }

    @Override
    void update(INDArray params, INDArray grad, INDArray state, double lr, long step) {
        long n = params.length();
        INDArray p = segment(params, 0, n);
        INDArray direction = segment(grad, 0, n);
        if (config.momentum() != 0) {
            INDArray velocity = segment(state, 0, n);
            velocity.muli(config.momentum()).addi(direction);
            direction = velocity;
        }
        Nd4j.exec(new Axpy(direction, p, p, -lr)); // p = -lr*direction + p
    }
}
