package org.sparkmore.model;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass of the Bengio et al. (2003) MLP as the sampler needs it: logits only, for a varying number of
 * windows, in float, over a snapshot of the parameters taken at construction.
 *
 * <p>The first layer is a table lookup. The concatenated context embeddings times W_0 is a sum over the context
 * positions k of C[id_k] times W_0's rows for position k, so {@link #first} holds that product for every (position,
 * id), with b_0 folded into position 0: the first layer's pre-activation is contextWidth row additions instead of a
 * product with inputWidth inputs. Same math as {@link Mlp}, different float rounding. Deeper layers (the output
 * layer included) are ND4J products on the active rows, their biases and tanh
 * ({@link FloatElementwisePasses#tanh}, the fit training uses) one host pass each.
 *
 * <p>Not thread-safe: the buffers are reused from call to call.
 */
public final class SamplingMlp {

    private static final int TILE = 32;

    private final ModelConfig config;
    private final int[] widths;           // [inputWidth, hidden..., vocabSize]
    private final float[] first;          // (contextWidth*embeddingRows, widths[1]): row k*rows+id = C[id]·W_0[k],
                                          // + b_0 at k = 0
    private final INDArray[] weights;     // weights[l], l >= 1: W_l, (widths[l], widths[l+1]) float
    private final float[][] biases;       // biases[l], l >= 1: b_l, (widths[l+1])
    private final float[] languageBias;   // (languages*vocabSize) B, or null without per-language output biases

    private final float[] tile;           // (TILE, widths[1]) first-layer activations on their way to in[1]

    private int capacity;
    private float[][] acts;               // acts[l], l >= 1: (capacity*widths[l+1]) output of layer l; the last: logits
    private DataBuffer[] in;              // in[l], l >= 1: (capacity*widths[l]) native input of layer l
    private DataBuffer[] out;             // out[l], l >= 1: (capacity*widths[l+1]) native product of layer l
    private FloatBuffer[] inFloats;       // in[l] and out[l] as NIO buffers, for bulk copies
    private FloatBuffer[] outFloats;
    private INDArray[][] inViews;         // inViews[l][rows]: (rows, widths[l]) view of in[l]; null until used
    private INDArray[][] outViews;        // outViews[l][rows]: (rows, widths[l+1]) view of out[l]

    public SamplingMlp(Params p) {
        this.config = p.config();
        this.widths = Params.widths(config);
        int layers = widths.length - 1;
        this.first = firstLayerTable(p);
        this.tile = new float[TILE * widths[1]];
        this.weights = new INDArray[layers];
        this.biases = new float[layers][];
        for (int l = 1; l < layers; l++) {
            weights[l] = p.weight(l).castTo(DataType.FLOAT).dup('c');
            biases[l] = floats(p.bias(l));
        }
        this.languageBias = p.languageBias() == null ? null : floats(p.languageBias());
    }

    /**
     * Logits (rows, vocabSize) row-major of the first rows windows, per-language output biases included. The result
     * is an internal buffer that the next call overwrites.
     *
     * @param contexts row-major (rows, contextWidth) ids: symbols, then the language row when conditioned
     */
    public float[] logits(int[] contexts, int rows) {
        ensure(rows);
        firstLayer(contexts, rows);
        for (int l = 1; l < acts.length; l++) layer(l, rows);
        float[] z = acts[acts.length - 1];
        if (languageBias != null) addLanguageBias(contexts, rows, z);
        return z;
    }

    /**
     * (contextWidth*embeddingRows, widths[1]): row k*rows+id = C[id] (e) x W_0[k*e..(k+1)*e) (e, hidden), plus b_0
     * at k = 0; summed in double, once per sampler.
     */
    private static float[] firstLayerTable(Params p) {
        ModelConfig c = p.config();
        int e = c.embeddingDim();
        int hidden = c.hiddenSizes().get(0);
        int rows = c.embeddingRows();
        float[] embedding = floats(p.embedding()); // (rows, e)
        float[] w = floats(p.weight(0));           // (contextWidth*e, hidden)
        float[] b = floats(p.bias(0));             // (hidden)
        float[] table = new float[c.contextWidth() * rows * hidden];
        double[] sum = new double[hidden];
        for (int k = 0; k < c.contextWidth(); k++)
            for (int id = 0; id < rows; id++) {
                for (int j = 0; j < hidden; j++) sum[j] = k == 0 ? b[j] : 0;
                for (int i = 0; i < e; i++) {
                    double x = embedding[id * e + i];
                    int from = (k * e + i) * hidden;
                    for (int j = 0; j < hidden; j++) sum[j] += x * w[from + j];
                }
                int to = (k * rows + id) * hidden;
                for (int j = 0; j < hidden; j++) table[to + j] = (float) sum[j];
            }
        return table;
    }

    /**
     * in[1] = tanh(sum over positions k of first[k, id_k]), (rows, widths[1]), a tile of rows at a time: the tile
     * stays in the L1/L2 cache from the table lookup through tanh to the copy into native memory.
     */
    private void firstLayer(int[] contexts, int rows) {
        int width = config.contextWidth();
        int hidden = widths[1];
        int stride = config.embeddingRows() * hidden; // one position's block of the table
        float[] h = tile;                             // (TILE, hidden)
        for (int start = 0; start < rows; start += TILE) {
            int n = Math.min(TILE, rows - start);
            for (int t = 0; t < n; t++) {
                int c = (start + t) * width;
                int to = t * hidden;
                System.arraycopy(first, contexts[c] * hidden, h, to, hidden);
                for (int k = 1; k < width; k++) {
                    int from = k * stride + contexts[c + k] * hidden;
                    for (int j = 0; j < hidden; j++) h[to + j] += first[from + j];
                }
            }
            FloatElementwisePasses.tanh(h, 0, n * hidden); // hiddenSizes is never empty: layer 0 is hidden
            inFloats[1].put(start * hidden, h, 0, n * hidden);
        }
    }

    /**
     * Layer l >= 1: out[l] = in[l] W_l by BLAS, then host acts[l] = out[l] + b_l; a hidden layer's tanh goes on to
     * in[l+1], the output layer's logits stay in acts[l].
     */
    private void layer(int l, int rows) {
        int m = widths[l + 1];
        Nd4j.getBlasWrapper().level3().gemm('c', 'n', 'n', 1.0, view(l, rows, true), weights[l], 0.0,
                view(l, rows, false));
        float[] y = acts[l];
        outFloats[l].get(0, y, 0, rows * m);
        float[] b = biases[l];
        for (int r = 0; r < rows; r++) for (int j = 0; j < m; j++) y[r * m + j] += b[j];
        if (l == acts.length - 1) return;
        FloatElementwisePasses.tanh(y, 0, rows * m);
        inFloats[l + 1].put(0, y, 0, rows * m);
    }

    /** z[r] += B[language of window r], read from the language row in its context. */
    private void addLanguageBias(int[] contexts, int rows, float[] z) {
        ContextLayout layout = config.layout();
        int vocab = config.vocabSize();
        for (int r = 0; r < rows; r++) {
            int from = layout.language(contexts, r) * vocab; // B's row of window r's language
            for (int j = 0; j < vocab; j++) z[r * vocab + j] += languageBias[from + j];
        }
    }

    /** A copy of the values, row-major, in float. */
    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').reshape(a.length()).toFloatVector();
    }

    /** The (rows, width) view of in[l] or out[l], made once per row count: views cost native allocations. */
    private INDArray view(int l, int rows, boolean input) {
        INDArray[] cache = input ? inViews[l] : outViews[l];
        if (cache[rows] == null)
            cache[rows] = Nd4j.create(input ? in[l] : out[l], new long[] {rows, widths[input ? l : l + 1]},
                    new long[] {widths[input ? l : l + 1], 1}, 0, 'c', DataType.FLOAT);
        return cache[rows];
    }

    /** Grows the buffers to hold at least rows windows. */
    private void ensure(int rows) {
        if (rows <= capacity) return;
        int layers = widths.length - 1;
        acts = new float[layers][];
        in = new DataBuffer[layers];
        out = new DataBuffer[layers];
        inFloats = new FloatBuffer[layers];
        outFloats = new FloatBuffer[layers];
        inViews = new INDArray[layers][rows + 1];
        outViews = new INDArray[layers][rows + 1];
        for (int l = 1; l < layers; l++) {
            acts[l] = new float[rows * widths[l + 1]];
            in[l] = Nd4j.createBuffer(DataType.FLOAT, (long) rows * widths[l], false);
            out[l] = Nd4j.createBuffer(DataType.FLOAT, (long) rows * widths[l + 1], false);
            inFloats[l] = in[l].asNioFloat();
            outFloats[l] = out[l].asNioFloat();
        }
        capacity = rows;
    }
}
