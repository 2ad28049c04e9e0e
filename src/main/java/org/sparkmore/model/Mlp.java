package org.sparkmore.model;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Forward pass and hand-written backward pass of the Bengio et al. (2003) MLP: look up each context symbol's
 * embedding, concatenate them, apply tanh hidden layers, then an affine output layer, softmax and mean
 * cross-entropy.
 *
 * <p>The matrix products run in ND4J (BLAS) straight into preallocated buffers, which are reused while the batch
 * size stays the same. The embedding gather, its scatter-add gradient and the softmax run as plain Java loops over
 * host copies of native memory rather than libnd4j's gather/scatter_add: they accumulate in double in a fixed order,
 * so identical inputs give bit-identical results, and the softmax is shifted by the row maximum.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
public final class Mlp {

    private final ModelConfig config;
    private final DataType type;
    private final int[] widths;        // [blockSize*embeddingDim, hidden..., vocabSize]
    private final double[] hostTable;  // (vocabSize*embeddingDim) host copy of C, then of dC

    private int batch = -1;
    private INDArray x;                // (batch, blockSize*embeddingDim) concatenated context embeddings
    private INDArray dx;               // (batch, blockSize*embeddingDim) d loss / d x
    private INDArray ones;             // (batch, 1) sums the rows of a delta into a bias gradient
    private INDArray[] acts;           // acts[l]: (batch, widths[l+1]) output of layer l; the last is the logits
    private INDArray[] deltas;         // deltas[l]: (batch, widths[l+1]) d loss / d pre-activation of layer l
    private INDArray[] slopes;         // slopes[l]: (batch, widths[l+1]) 1 - tanh^2 of hidden layer l
    private double[] hostX;            // (batch*blockSize*embeddingDim) x or dx on the host
    private double[] hostLogits;       // (batch*vocabSize) logits, then d loss / d logits
    private float[] transfer;          // FLOAT only: staging between native floats and host doubles

    /** @param type FLOAT for training, DOUBLE for gradient checks; parameters must have the same type */
    public Mlp(ModelConfig config, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE)
            throw new IllegalArgumentException("Mlp supports FLOAT or DOUBLE, got " + type);
        this.config = config;
        this.type = type;
        this.widths = Params.widths(config);
        this.hostTable = new double[config.vocabSize() * config.embeddingDim()];
    }

    /**
     * Mean cross-entropy (nats) of the first batch examples, and its gradient.
     *
     * @param contexts row-major (batch, blockSize) symbol ids; only the first batch*blockSize are read
     * @param targets  (batch) next-symbol ids; only the first batch are read
     * @param grad     overwritten with d(mean loss)/d(params)
     */
    public double lossAndGradient(Params p, int[] contexts, int[] targets, int batch, Params grad) {
        check(grad);
        forward(p, contexts, batch);
        double mean = crossEntropy(targets, batch, true) / batch;
        backward(p, grad, contexts, batch);
        return mean;
    }

    /** Sum (not mean) of the per-example cross-entropy in nats, for evaluation. */
    public double lossSum(Params p, int[] contexts, int[] targets, int batch) {
        forward(p, contexts, batch);
        return crossEntropy(targets, batch, false);
    }

    /**
     * Logits (batch, vocabSize) of the first batch contexts. The result is an internal buffer that the next call of
     * any method overwrites; dup() it to keep it.
     */
    public INDArray logits(Params p, int[] contexts, int batch) {
        forward(p, contexts, batch);
        return acts[acts.length - 1];
    }

    private void forward(Params p, int[] contexts, int batch) {
        check(p);
        ensureBuffers(batch);
        if (contexts.length < (long) batch * config.blockSize())
            throw new IllegalArgumentException("contexts holds " + contexts.length + " ids, need batch*blockSize = "
                    + (long) batch * config.blockSize());
        gather(p.embedding(), contexts, batch);
        INDArray in = x;
        for (int l = 0; l < acts.length; l++) {
            INDArray out = acts[l];
            Nd4j.gemm(in, p.weight(l), out, false, false, 1.0, 0.0); // (batch, in) x (in, out) -> (batch, out)
            out.addiRowVector(p.bias(l));
            if (l < acts.length - 1) tanhInPlace(out);
            in = out;
        }
    }

    /**
     * tanh(u) = 1 - 2/(exp(2u) + 1), in place: libnd4j's tanh is about twice as slow as these four passes. Saturates
     * correctly: exp overflowing to infinity gives 1, exp underflowing to 0 gives -1.
     */
    private static void tanhInPlace(INDArray u) {
        Transforms.exp(u.muli(2.0), false).addi(1.0).rdivi(2.0).rsubi(1.0);
    }

    private void backward(Params p, Params grad, int[] contexts, int batch) {
        for (int l = acts.length - 1; l >= 0; l--) {
            INDArray delta = deltas[l];                                 // (batch, out)
            INDArray in = l == 0 ? x : acts[l - 1];                     // (batch, in)
            Nd4j.gemm(in, delta, grad.weight(l), true, false, 1.0, 0.0);  // (in, batch) x (batch, out)
            Nd4j.gemm(ones, delta, grad.bias(l), true, false, 1.0, 0.0);  // (1, batch) x (batch, out)
            INDArray dIn = l == 0 ? dx : deltas[l - 1];                 // (batch, in)
            Nd4j.gemm(delta, p.weight(l), dIn, false, true, 1.0, 0.0);   // (batch, out) x (out, in)
            if (l > 0) {
                // tanh'(u) = 1 - tanh(u)^2, from the stored activation, so the pre-activation need not be kept.
                INDArray slope = slopes[l - 1];
                acts[l - 1].mul(acts[l - 1], slope).rsubi(1.0);
                dIn.muli(slope);
            }
        }
        scatterEmbeddingGradient(grad.embedding(), contexts, batch);
    }

    /** x[b, j*E..(j+1)*E) = C[contexts[b*T + j]]: row-major contexts line up with x's row-major layout. */
    private void gather(INDArray table, int[] contexts, int batch) {
        int e = config.embeddingDim();
        int vocab = config.vocabSize();
        toHost(table, hostTable, hostTable.length);
        int n = batch * config.blockSize();
        for (int i = 0; i < n; i++) {
            int id = contexts[i];
            if (id < 0 || id >= vocab)
                throw new IllegalArgumentException("context id " + id + " at " + i + " is outside [0, " + vocab + ")");
            System.arraycopy(hostTable, id * e, hostX, i * e, e);
        }
        toDevice(hostX, x, n * e);
    }

    /** dC[id] = sum of dx's slices at every position holding id, accumulated in a fixed order, in double. */
    private void scatterEmbeddingGradient(INDArray dTable, int[] contexts, int batch) {
        int e = config.embeddingDim();
        int n = batch * config.blockSize();
        toHost(dx, hostX, n * e);
        Arrays.fill(hostTable, 0.0);
        for (int i = 0; i < n; i++) {
            int row = contexts[i] * e;
            int src = i * e;
            for (int k = 0; k < e; k++) hostTable[row + k] += hostX[src + k];
        }
        toDevice(hostTable, dTable, hostTable.length);
    }

    /**
     * Sum over the batch of log-sum-exp(z) - z[target], shifted by the row maximum so exp cannot overflow. With
     * gradient, the last delta becomes (softmax(z) - onehot(target)) / batch, the gradient of the mean.
     */
    private double crossEntropy(int[] targets, int batch, boolean gradient) {
        int vocab = config.vocabSize();
        if (targets.length < batch)
            throw new IllegalArgumentException("targets holds " + targets.length + " ids, need batch = " + batch);
        double[] z = hostLogits;
        toHost(acts[acts.length - 1], z, batch * vocab);
        double total = 0.0;
        for (int b = 0; b < batch; b++) {
            int base = b * vocab;
            int target = targets[b];
            if (target < 0 || target >= vocab)
                throw new IllegalArgumentException("target id " + target + " at " + b + " is outside [0, " + vocab + ")");
            double max = z[base];
            for (int k = 1; k < vocab; k++) max = Math.max(max, z[base + k]);
            double targetLogit = z[base + target];
            double sum = 0.0;
            for (int k = 0; k < vocab; k++) {
                double ex = Math.exp(z[base + k] - max);
                z[base + k] = ex;
                sum += ex;
            }
            total += max + Math.log(sum) - targetLogit;
            if (gradient) {
                double scale = 1.0 / (sum * batch);
                for (int k = 0; k < vocab; k++) z[base + k] *= scale;
                z[base + target] -= 1.0 / batch;
            }
        }
        if (gradient) toDevice(z, deltas[deltas.length - 1], batch * vocab);
        return total;
    }

    private void ensureBuffers(int batch) {
        if (batch == this.batch) return;
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        int layers = widths.length - 1;
        x = Nd4j.create(type, batch, widths[0]);
        dx = Nd4j.create(type, batch, widths[0]);
        ones = Nd4j.ones(type, batch, 1);
        acts = new INDArray[layers];
        deltas = new INDArray[layers];
        slopes = new INDArray[layers - 1];
        for (int l = 0; l < layers; l++) {
            acts[l] = Nd4j.create(type, batch, widths[l + 1]);
            deltas[l] = Nd4j.create(type, batch, widths[l + 1]);
            if (l < layers - 1) slopes[l] = Nd4j.create(type, batch, widths[l + 1]);
        }
        hostX = new double[batch * widths[0]];
        hostLogits = new double[batch * widths[layers]];
        int largest = Math.max(Math.max(hostX.length, hostLogits.length), hostTable.length);
        transfer = type == DataType.FLOAT ? new float[largest] : null;
        this.batch = batch;
    }

    /** Copies the first n values of a contiguous array; NIO buffers index the whole allocation, hence offset(). */
    private void toHost(INDArray a, double[] dst, int n) {
        int at = Math.toIntExact(a.offset());
        if (type == DataType.DOUBLE) {
            a.data().asNioDouble().get(at, dst, 0, n);
            return;
        }
        a.data().asNioFloat().get(at, transfer, 0, n);
        for (int i = 0; i < n; i++) dst[i] = transfer[i];
    }

    private void toDevice(double[] src, INDArray a, int n) {
        int at = Math.toIntExact(a.offset());
        if (type == DataType.DOUBLE) {
            a.data().asNioDouble().put(at, src, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) transfer[i] = (float) src[i];
        a.data().asNioFloat().put(at, transfer, 0, n);
    }

    private void check(Params p) {
        if (!p.config().equals(config) || p.flat().dataType() != type)
            throw new IllegalArgumentException("parameters are " + p.flat().dataType() + " for " + p.config()
                    + ", this Mlp is " + type + " for " + config);
    }
}
