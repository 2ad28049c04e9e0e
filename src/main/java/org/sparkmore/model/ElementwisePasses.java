package org.sparkmore.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise parts of one step of the Bengio et al. (2003) MLP, each done as a single pass over a host copy
 * of native memory: the embedding gather and its scatter-add gradient, tanh, the tanh backward pass, and softmax
 * cross-entropy with its gradient, and the per-language output bias rows and their gradient. ND4J keeps the
 * matrix products (BLAS); fusing the rest on the host replaces about a dozen native calls and passes per layer by
 * one copy in and one copy out.
 *
 * <p>Each inner loop reads and writes one index of same-shaped arrays, which lets the JIT vectorise it. Every sum
 * runs in a fixed order, so identical inputs give bit-identical results. One subclass per data type
 * keeps the loops free of conversions; {@link #of} picks it.
 */
abstract class ElementwisePasses {

    protected final int[] widths;    // [contextWidth*embeddingDim, hidden..., vocabSize]
    protected final int vocab;       // outputs: the symbols
    protected final int rows;        // embedding rows: the symbols, then the languages
    protected final int embeddingDim;
    protected int batch;

    ElementwisePasses(int[] widths, int vocab, int rows, int embeddingDim) {
        this.widths = widths;
        this.vocab = vocab;
        this.rows = rows;
        this.embeddingDim = embeddingDim;
    }

    static ElementwisePasses of(DataType type, int[] widths, int vocab, int rows, int embeddingDim) {
        return type == DataType.FLOAT ? new FloatElementwisePasses(widths, vocab, rows, embeddingDim)
                : new DoubleElementwisePasses(widths, vocab, rows, embeddingDim);
    }

    /** Reallocates the host buffers for this batch size. */
    abstract void resize(int batch);

    /**
     * x[b, j*E..(j+1)*E) = C[contexts[b*T + j]] for the first n = batch*T ids (T = contextWidth), and x[b, T*E] = 1:
     * x is (batch, T*E + 1), the trailing ones multiplying the bias row of {@link Params#affine}. With a dropout mask
     * (batch*T*E, null for none), x's embedding columns are multiplied by it.
     */
    abstract void gather(INDArray table, int[] contexts, int n, INDArray x, float[] mask);

    /**
     * act[:, 0..w) = tanh(pre) for hidden layer l, pre (batch, w) and act (batch, w + 1) with w = widths[l+1]; act's
     * last column must already hold ones. Keeps a host copy of tanh(pre) for the backward. With a dropout mask
     * (batch*w, null for none), act gets tanh(pre) * mask; the copy kept is unmasked.
     */
    abstract void tanh(int l, INDArray pre, INDArray act, float[] mask);

    /**
     * d = d * mask * (1 - h_l^2) in place, (batch, widths[l+1]): the delta through hidden layer l's dropout (when mask
     * is not null: the forward's mask) and tanh.
     */
    abstract void tanhBackward(int l, INDArray d, float[] mask);

    /**
     * Sum over the batch of log-sum-exp(z) - z[target] for logits z (batch, vocab) plus the bias rows when bias is
     * not null, shifted by the row maximum so exp cannot overflow. When delta is not null it becomes
     * (softmax(z) - onehot(target)) / batch, the gradient of the mean loss. When rowLosses is not null, rowLosses[r]
     * gets example r's loss.
     */
    abstract double crossEntropy(INDArray logits, RowBias bias, int[] targets, INDArray delta, double[] rowLosses);

    /** logits[b] += table[ids[b]] for each of the batch rows; logits (batch, vocab), table (rows, vocab). */
    abstract void addRows(INDArray logits, INDArray table, int[] ids);

    /**
     * Per-language output biases for {@link #crossEntropy}, added to the logits on its host copy, so the logits and
     * the delta are not copied again for them (the table and its gradient still are, once each per call): example
     * b's logits get table[rows[b]], and with a delta, gradient[id] becomes the sum of the delta rows of the
     * examples with rows[b] = id, in batch order.
     *
     * @param table    (rows, vocab) the biases
     * @param rows     (batch) each example's row
     * @param gradient (rows, vocab) overwritten with the biases' gradient; null when only the loss is wanted
     */
    record RowBias(INDArray table, int[] rows, INDArray gradient) {
    }

    /**
     * dC[id] = sum of dx's slices at every position holding id, for the first n ids, in a fixed order; with the
     * forward's dropout mask (null for none), dx times the mask.
     */
    abstract void scatter(INDArray dx, int[] contexts, int n, INDArray dTable, float[] mask);

    void checkContext(int id, int at) {
        if (id < 0 || id >= rows)
            throw new IllegalArgumentException("context id " + id + " at " + at + " is outside [0, " + rows + ")");
    }

    void checkTarget(int id, int at) {
        if (id < 0 || id >= vocab)
            throw new IllegalArgumentException("target id " + id + " at " + at + " is outside [0, " + vocab + ")");
    }

    /** NIO buffers index the whole allocation, hence the absolute offset. */
    static int at(INDArray a) {
        return Math.toIntExact(a.offset());
    }
}
