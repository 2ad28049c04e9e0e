package org.sparkmore.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization") with PyTorch's semantics, where epsilon
 * is added to the bias-corrected root second moment:
 * m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; p -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps), t = step+1.
 * State is [m | v]. libnd4j's adam_updater is not used because it adds epsilon before the bias correction of v.
 * All operations run in place, with the gradient as the only scratch vector.
 */
final class Adam extends BaseOptimizer {

    Adam(OptimConfig config, long totalSteps) {
        super(config, totalSteps);
    }

    @Override
    public long stateSize(long paramCount) {
        return 2 * paramCount;
    }

    @Override
    void update(INDArray p, INDArray g, INDArray state, double lr, long step) {
        long n = p.length();
        INDArray m = segment(state, 0, n);
        INDArray v = segment(state, n, n);
        double b1 = config.beta1();
        double b2 = config.beta2();
        double t = step + 1.0;
        double correction1 = 1.0 - Math.pow(b1, t);
        double correction2 = 1.0 - Math.pow(b2, t);
        Nd4j.exec(new Axpy(g, m.muli(b1), m, 1.0 - b1));      // m = (1-b1)*g + b1*m
        g.muli(g);                                             // g now holds g^2
        Nd4j.exec(new Axpy(g, v.muli(b2), v, 1.0 - b2));      // v = (1-b2)*g^2 + b2*v
        Transforms.sqrt(v.mul(1.0 / correction2, g), false).addi(config.epsilon()); // g = sqrt(v_hat) + eps
        g.rdivi(m);                                            // g = m / (sqrt(v_hat) + eps)
        Nd4j.exec(new Axpy(g, p, p, -lr / correction1));      // p -= lr * m_hat / (sqrt(v_hat) + eps)
    }
}
