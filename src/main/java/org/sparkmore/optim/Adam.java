package org.sparkmore.optim;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba, 2015, "Adam: A Method for Stochastic Optimization") with PyTorch's semantics, where epsilon
 * is added to the bias-corrected root second moment:
 * m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; p -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps), t = step+1.
 * State is [m | v]. libnd4j's adam_updater is not used because it adds epsilon before the bias correction of v.
 *
 * <p>The update is one pass over host copies of p, g, m and v, in the parameters' type, instead of seven ND4J calls
 * and four views: for the makemore model's 12k parameters the calls' fixed cost outweighed the arithmetic. The
 * gradient is left as it was. The host copies are kept between steps, so an instance is not thread-safe.
 */
final class Adam extends BaseOptimizer {
    private float[] pf, gf, mf, vf;   // (n) host copies of params, grad, m and v, reused across steps
    private double[] pd, gd, md, vd;

    Adam(OptimConfig config, long totalSteps) {
        super(config, totalSteps);
    }

    @Override
    public long stateSize(long paramCount) {
        return 2 * paramCount;
    }

    @Override
    void update(INDArray params, INDArray grad, INDArray state, double lr, long step) {
        int n = Math.toIntExact(params.length());
        double t = step + 1.0;
        double rate = lr / (1.0 - Math.pow(config.beta1(), t));   // lr over the first moment's bias correction
        double inverse = 1.0 / (1.0 - Math.pow(config.beta2(), t)); // one over the second moment's
        if (params.dataType() == DataType.FLOAT) updateFloat(params, grad, state, n, rate, inverse);
        else updateDouble(params, grad, state, n, rate, inverse);
    }

    private void updateFloat(INDArray params, INDArray grad, INDArray state, int n, double rate, double inverse) {
        FloatBuffer pb = params.data().asNioFloat(), sb = state.data().asNioFloat();
        if (pf == null || pf.length != n) {
            pf = new float[n];
            gf = new float[n];
            mf = new float[n];
            vf = new float[n];
        }
        float[] p = pf, g = gf, m = mf, v = vf;
        pb.get(at(params), p, 0, n);
        grad.data().asNioFloat().get(at(grad), g, 0, n);
        sb.get(at(state), m, 0, n);
        sb.get(at(state) + n, v, 0, n);
        float b1 = (float) config.beta1(), a1 = (float) (1.0 - config.beta1());
        float b2 = (float) config.beta2(), a2 = (float) (1.0 - config.beta2());
        float eps = (float) config.epsilon(), r = (float) rate, inv = (float) inverse;
        for (int i = 0; i < n; i++) {
            m[i] = b1 * m[i] + a1 * g[i];
            v[i] = b2 * v[i] + a2 * (g[i] * g[i]);
            p[i] -= r * (m[i] / ((float) Math.sqrt(v[i] * inv) + eps));
        }
        pb.put(at(params), p, 0, n);
        sb.put(at(state), m, 0, n);
        sb.put(at(state) + n, v, 0, n);
    }

    private void updateDouble(INDArray params, INDArray grad, INDArray state, int n, double rate, double inverse) {
        DoubleBuffer pb = params.data().asNioDouble(), sb = state.data().asNioDouble();
        if (pd == null || pd.length != n) {
            pd = new double[n];
            gd = new double[n];
            md = new double[n];
            vd = new double[n];
        }
        double[] p = pd, g = gd, m = md, v = vd;
        pb.get(at(params), p, 0, n);
        grad.data().asNioDouble().get(at(grad), g, 0, n);
        sb.get(at(state), m, 0, n);
        sb.get(at(state) + n, v, 0, n);
        double b1 = config.beta1(), a1 = 1.0 - b1, b2 = config.beta2(), a2 = 1.0 - b2, eps = config.epsilon();
        for (int i = 0; i < n; i++) {
            m[i] = b1 * m[i] + a1 * g[i];
            v[i] = b2 * v[i] + a2 * (g[i] * g[i]);
            p[i] -= rate * (m[i] / (Math.sqrt(v[i] * inverse) + eps));
        }
        pb.put(at(params), p, 0, n);
        sb.put(at(state), m, 0, n);
        sb.put(at(state) + n, v, 0, n);
    }

    /** NIO buffers index the whole allocation, hence the absolute offset. */
    private static int at(INDArray a) {
        return Math.toIntExact(a.offset());
    }
}
