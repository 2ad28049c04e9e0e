package org.sparkmore.model;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All parameters of the Bengio et al. (2003) "A Neural Probabilistic Language Model" MLP, held in one flat vector
 * with a shaped view per tensor. One vector lets Spark broadcast, average and save the whole model as a single array
 * and lets an optimiser update it in one pass.
 *
 * <p>Layout, in this order: the embedding table C (vocabSize + languages, embeddingDim); then for each layer
 * l = 0..layers()-1 (the hidden layers in order, then the output layer) the weight W_l (in, out) followed by the
 * bias b_l (1, out); last, in a model with per-language output biases, their table B (languages, vocabSize).
 * Every view is row-major and shares memory with {@link #flat()}: writing a view writes the flat vector.
 *
 * <p>{@link #zeros} and {@link #init} make a 1-D flat vector; {@link #wrap} accepts any contiguous vector (1-D or
 * a (1, n) row, a view included) and keeps it as given.
 */
public final class Params {

    private final ModelConfig config;
    private final INDArray flat;
    private final INDArray embedding;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final INDArray[] affines;
    private final INDArray languageBias;

    private Params(ModelConfig config, INDArray flat) {
        this.config = config;
        this.flat = flat;
        int[] widths = widths(config);
        int layers = widths.length - 1;
        this.weights = new INDArray[layers];
        this.biases = new INDArray[layers];
        this.affines = new INDArray[layers];
        this.embedding = view(flat, 0, config.embeddingRows(), config.embeddingDim());
        long at = (long) config.embeddingRows() * config.embeddingDim();
        for (int l = 0; l < layers; l++) {
            weights[l] = view(flat, at, widths[l], widths[l + 1]);
            affines[l] = view(flat, at, widths[l] + 1, widths[l + 1]);
            at += (long) widths[l] * widths[l + 1];
            biases[l] = view(flat, at, 1, widths[l + 1]);
            at += widths[l + 1];
        }
        this.languageBias = config.biasRows() == 0 ? null : view(flat, at, config.biasRows(), config.vocabSize());
    }

    /** Number of parameters of a model of this shape. */
    public static long count(ModelConfig c) {
        int[] widths = widths(c);
        long n = (long) c.embeddingRows() * c.embeddingDim();
        for (int l = 0; l + 1 < widths.length; l++) n += (long) widths[l] * widths[l + 1] + widths[l + 1];
        return n + (long) c.biasRows() * c.vocabSize();
    }

    /** All-zero parameters, e.g. as a gradient buffer. */
    public static Params zeros(ModelConfig c, DataType type) {
        return new Params(c, Nd4j.create(type, count(c)));
    }

    /**
     * Random parameters, identical for identical seeds (drawn with java.util.Random, whose Gaussian sequence is
     * fixed by its specification, then copied in; ND4J's RNG is not used). Karpathy's makemore initialisation:
     * embedding N(0,1); hidden W ~ N(0,1)*(5/3)/sqrt(fanIn), the tanh gain that keeps pre-activations out of
     * saturation; hidden b ~ 0.01*N(0,1); output W ~ 0.01*N(0,1) and output b = 0, so the first softmax is nearly
     * uniform and the initial loss is about ln(vocabSize); the per-language output biases start at 0 too, so the
     * other parameters draw the same values with or without them.
     */
    public static Params init(ModelConfig c, long seed, DataType type) {
        Random rng = new Random(seed);
        double[] values = new double[Math.toIntExact(count(c))];
        int[] widths = widths(c);
        int at = fill(values, 0, c.embeddingRows() * c.embeddingDim(), 1.0, rng);
        for (int l = 0; l + 1 < widths.length; l++) {
            boolean output = l == widths.length - 2;
            double weightScale = output ? 0.01 : (5.0 / 3.0) / Math.sqrt(widths[l]);
            double biasScale = output ? 0.0 : 0.01;
            at = fill(values, at, widths[l] * widths[l + 1], weightScale, rng);
            at = fill(values, at, widths[l + 1], biasScale, rng);
        }
        return new Params(c, Nd4j.createFromArray(values).castTo(type));
    }

    /** Views over an existing flat vector, which must be contiguous and hold exactly count(c) values. */
    public static Params wrap(ModelConfig c, INDArray flat) {
        long expected = count(c);
        if (flat == null || !flat.dataType().isFPType() || flat.rank() > 2 || flat.length() != expected
                || (flat.rank() == 2 && flat.size(0) != 1) || (expected > 1 && flat.elementWiseStride() != 1))
            throw new IllegalArgumentException("Params.wrap: " + c + " needs a contiguous floating-point vector of "
                    + expected + " parameters, got " + describe(flat));
        return new Params(c, flat);
    }

    public INDArray flat() {
        return flat;
    }

    /** The embedding table C, (vocabSize + languages, embeddingDim): symbol rows, then language rows. */
    public INDArray embedding() {
        return embedding;
    }

    /** B, (languages, vocabSize): row l is added to the logits of language l's windows; null without one. */
    public INDArray languageBias() {
        return languageBias;
    }

    /** W_l, (in, out); layer layers()-1 is the output layer. */
    public INDArray weight(int layer) {
        return weights[layer];
    }

    /** b_l, (1, out). */
    public INDArray bias(int layer) {
        return biases[layer];
    }

    /**
     * [W_l; b_l], (in+1, out): the bias row directly follows W_l in the layout, so one view covers both. An input
     * with a trailing column of ones times this view is the whole affine map, and its transpose times a delta gives
     * both gradients, in one product each.
     */
    INDArray affine(int layer) {
        return affines[layer];
    }

    /** Number of affine layers: the hidden layers plus the output layer. */
    public int layers() {
        return weights.length;
    }

    public ModelConfig config() {
        return config;
    }

    /** Layer widths: [contextWidth*embeddingDim, hidden..., vocabSize]; layer l maps widths[l] to widths[l+1]. */
    static int[] widths(ModelConfig c) {
        if (c.vocabSize() < 1)
            throw new IllegalArgumentException("model.vocabSize must be set from the data (>= 1), got "
                    + c.vocabSize());
        int hidden = c.hiddenSizes().size();
        int[] widths = new int[hidden + 2];
        widths[0] = c.inputWidth();
        for (int i = 0; i < hidden; i++) widths[i + 1] = c.hiddenSizes().get(i);
        widths[hidden + 1] = c.vocabSize();
        return widths;
    }

    private static int fill(double[] values, int from, int length, double scale, Random rng) {
        // A zero scale leaves exact zeros (scaling a draw would give -0.0 for negative draws).
        if (scale != 0.0) for (int i = from; i < from + length; i++) values[i] = scale * rng.nextGaussian();
        return from + length;
    }

    /** A row-major (rows, cols) view that starts `start` values into flat; offsets in ND4J are absolute. */
    private static INDArray view(INDArray flat, long start, long rows, long cols) {
        return Nd4j.create(flat.data(), new long[] {rows, cols}, new long[] {cols, 1}, flat.offset() + start, 'c',
                flat.dataType());
    }

    private static String describe(INDArray a) {
        return a == null ? "null" : a.dataType() + " " + Arrays.toString(a.shape());
    }
}
