package org.sparkmore.model;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward pass and hand-written backward pass of the Bengio et al. (2003) MLP: look up each context symbol's
 * embedding, concatenate them, apply tanh hidden layers, then an affine output layer, softmax and mean
 * cross-entropy. A model with per-language output biases adds its window's language row to the logits.
 *
 * <p>The matrix products run in ND4J (BLAS) straight into preallocated buffers, which are reused while the batch
 * size stays the same. Each layer's input carries a trailing column of ones, so one product with
 * {@link Params#affine} [W; b] adds the bias, and one transposed product gives the weight and bias gradients
 * together. Everything between the products (embedding gather and scatter-add, tanh, its backward, softmax
 * cross-entropy) is one pass each over host copies, in {@link ElementwisePasses}: a step of the makemore model is
 * then six products and a handful of bulk copies instead of about twenty native calls. Sums run in a fixed order, so
 * identical inputs give bit-identical results.
 *
 * <p>Training steps may apply {@link Dropout} to the concatenated embeddings and the hidden activations, with masks
 * drawn from the caller's random stream; evaluation, logits and the plain {@link #lossAndGradient} run without.
 *
 * <p>Not thread-safe: use one instance per thread.
 */
public final class Mlp {

    private final ModelConfig config;
    private final ContextLayout layout;
    private final DataType type;
    private final int[] widths;        // [contextWidth*embeddingDim, hidden..., vocabSize]
    private final ElementwisePasses passes;
    private final Dropout dropout;
    private boolean masked;            // whether this pass applies the dropout masks of the last draw

    private int batch = -1;
    private INDArray x;                // (batch, contextWidth*embeddingDim + 1) context embeddings, then a ones column
    private INDArray dx;               // (batch, contextWidth*embeddingDim) d loss / d x
    private INDArray[] pre;            // pre[l]: (batch, widths[l+1]) pre-activation of hidden layer l
    private INDArray[] acts;           // acts[l]: (batch, widths[l+1] + 1) tanh(pre[l]) then ones; the last is
                                       // the logits, (batch, vocabSize), without a ones column
    private INDArray[] deltas;         // deltas[l]: (batch, widths[l+1]) d loss / d pre-activation of layer l
    private int[] languages;           // (batch) each window's language, the row of Params#languageBias

    /** @param type FLOAT for training, DOUBLE for gradient checks; parameters must have the same type */
    public Mlp(ModelConfig config, DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE)
            throw new IllegalArgumentException("Mlp supports FLOAT or DOUBLE, got " + type);
        this.config = config;
        this.layout = config.layout();
        this.type = type;
        this.widths = Params.widths(config);
        this.passes = ElementwisePasses.of(type, widths, config.vocabSize(), config.embeddingRows(),
                config.embeddingDim());
        this.dropout = new Dropout(config.embeddingDropout(), config.hiddenDropout(), config.embeddingDim());
    }

    /**
     * Mean cross-entropy (nats) of the first batch examples, and its gradient.
     *
     * @param contexts row-major (batch, contextWidth) ids: symbols, then the language row when conditioned; only
     *                 the first batch*contextWidth are read
     * @param targets  (batch) next-symbol ids; only the first batch are read
     * @param grad     overwritten with d(mean loss)/d(params)
     */
    public double lossAndGradient(Params p, int[] contexts, int[] targets, int batch, Params grad) {
        return lossAndGradient(p, contexts, targets, batch, grad, null);
    }

    /**
     * As {@link #lossAndGradient(Params, int[], int[], int, Params)}, for a training step: with the model's dropout,
     * fresh masks are drawn from rng first (nothing is drawn for a model without dropout, or when rng is null).
     */
    public double lossAndGradient(Params p, int[] contexts, int[] targets, int batch, Params grad,
                                  SplittableRandom rng) {
        check(grad);
        check(p);
        ensureBuffers(batch);
        masked = rng != null && dropout.active();
        if (masked) dropout.draw(rng, batch, widths);
        try {
            forward(p, contexts, batch);
            double mean = crossEntropy(targets, batch, bias(p, contexts, batch, grad), deltas[deltas.length - 1],
                    null) / batch;
            backward(p, grad, contexts, batch);
            return mean;
        } finally {
            masked = false;
        }
    }

    /** Sum (not mean) of the per-example cross-entropy in nats, for evaluation. */
    public double lossSum(Params p, int[] contexts, int[] targets, int batch) {
        return losses(p, contexts, targets, batch, null);
    }

    /** As {@link #lossSum}, also writing each example's loss to rowLosses[0..batch) when it is not null. */
    public double losses(Params p, int[] contexts, int[] targets, int batch, double[] rowLosses) {
        forward(p, contexts, batch);
        return crossEntropy(targets, batch, bias(p, contexts, batch, null), null, rowLosses);
    }

    /**
     * Logits (batch, vocabSize) of the first batch contexts. The result is an internal buffer that the next call of
     * any method overwrites; dup() it to keep it.
     */
    public INDArray logits(Params p, int[] contexts, int batch) {
        forward(p, contexts, batch);
        if (p.languageBias() != null) // (batch, vocabSize) logits += each window's language row of B
            passes.addRows(acts[acts.length - 1], p.languageBias(), languages(contexts, batch));
        return acts[acts.length - 1];
    }

    /**
     * Each layer is one product of its input, ones column included, with [W_l; b_l]: bias added for free. The
     * per-language output biases are left to crossEntropy's host pass, or to logits().
     */
    private void forward(Params p, int[] contexts, int batch) {
        check(p);
        ensureBuffers(batch);
        long n = (long) batch * config.contextWidth();
        if (contexts.length < n)
            throw new IllegalArgumentException(
                    "contexts holds " + contexts.length + " ids, need batch*contextWidth = " + n);
        passes.gather(p.embedding(), contexts, (int) n, x, masked ? dropout.embedding() : null);
        INDArray in = x;
        for (int l = 0; l < acts.length; l++) {
            boolean hidden = l < acts.length - 1;
            INDArray out = hidden ? pre[l] : acts[l];
            Nd4j.gemm(in, p.affine(l), out, false, false, 1.0, 0.0); // (batch, in+1) x (in+1, out) -> (batch, out)
            if (hidden) passes.tanh(l, out, acts[l], masked ? dropout.hidden(l) : null);
            in = acts[l];
        }
    }

    /** The per-language output biases of these windows, and where their gradient goes; null for a model without. */
    private ElementwisePasses.RowBias bias(Params p, int[] contexts, int batch, Params grad) {
        return p.languageBias() == null ? null : new ElementwisePasses.RowBias(p.languageBias(),
                languages(contexts, batch), grad == null ? null : grad.languageBias());
    }

    /** The language of each window, from the language row in its context. */
    private int[] languages(int[] contexts, int batch) {
        for (int b = 0; b < batch; b++) languages[b] = layout.language(contexts, b);
        return languages;
    }

    private double crossEntropy(int[] targets, int batch, ElementwisePasses.RowBias bias, INDArray delta,
                                double[] rowLosses) {
        if (targets.length < batch)
            throw new IllegalArgumentException("targets holds " + targets.length + " ids, need batch = " + batch);
        return passes.crossEntropy(acts[acts.length - 1], bias, targets, delta, rowLosses);
    }

    /** Starts from the output delta that crossEntropy left; it also wrote the per-language biases' gradient. */
    private void backward(Params p, Params grad, int[] contexts, int batch) {
        for (int l = acts.length - 1; l >= 0; l--) {
            INDArray delta = deltas[l];                                  // (batch, out)
            INDArray in = l == 0 ? x : acts[l - 1];                      // (batch, in+1), last column ones
            Nd4j.gemm(in, delta, grad.affine(l), true, false, 1.0, 0.0);  // (in+1, batch) x (batch, out): dW; db
            INDArray dIn = l == 0 ? dx : deltas[l - 1];                  // (batch, in)
            Nd4j.gemm(delta, p.weight(l), dIn, false, true, 1.0, 0.0);    // (batch, out) x (out, in)
            if (l > 0) passes.tanhBackward(l - 1, dIn, masked ? dropout.hidden(l - 1) : null);
        }
        passes.scatter(dx, contexts, batch * config.contextWidth(), grad.embedding(),
                masked ? dropout.embedding() : null);
    }

    private void ensureBuffers(int batch) {
        if (batch == this.batch) return;
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        int layers = widths.length - 1;
        x = Nd4j.create(type, batch, widths[0] + 1);
        dx = Nd4j.create(type, batch, widths[0]);
        pre = new INDArray[layers - 1];
        acts = new INDArray[layers];
        deltas = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            boolean hidden = l < layers - 1;
            acts[l] = Nd4j.create(type, batch, widths[l + 1] + (hidden ? 1 : 0));
            if (hidden) {
                pre[l] = Nd4j.create(type, batch, widths[l + 1]);
                acts[l].getColumn(widths[l + 1]).assign(1.0); // the host passes never write this column
            }
            deltas[l] = Nd4j.create(type, batch, widths[l + 1]);
        }
        languages = new int[batch];
        passes.resize(batch);
        this.batch = batch;
    }

    private void check(Params p) {
        if (!p.config().equals(config) || p.flat().dataType() != type)
            throw new IllegalArgumentException("parameters are " + p.flat().dataType() + " for " + p.config()
                    + ", this Mlp is " + type + " for " + config);
    }
}
