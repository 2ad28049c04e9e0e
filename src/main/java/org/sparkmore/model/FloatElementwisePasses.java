package org.sparkmore.model;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ElementwisePasses} in float, as used for training the Bengio et al. (2003) MLP. tanh is an odd rational
 * minimax fit, x*P(x^2)/Q(x^2) with P and Q of degree 4 on |x| <= 9, fitted for this class to a relative error of
 * 2e-8 before rounding. Evaluated in float on x clamped to |x| <= 7.9 (tanh(7.9) = 1 - 3e-7) it stays within 4e-7 of
 * tanh and never exceeds 1 in magnitude, so 1 - h^2 is never negative. Unlike exp-based forms it needs no branches
 * or integer tricks, so the JIT vectorises the loop, and it keeps full relative precision near 0.
 */
final class FloatElementwisePasses extends ElementwisePasses {

    private static final float CLAMP = 7.9f;
    private static final float P0 = 0.9999999800190549f;
    private static final float P1 = 0.133812757578498f;
    private static final float P2 = 0.0034958789375057944f;
    private static final float P3 = 2.0613591517012408e-05f;
    private static final float P4 = 1.3360328630323236e-08f;
    private static final float Q1 = 0.4671459161464515f;
    private static final float Q2 = 0.02587810495968085f;
    private static final float Q3 = 0.00032860988621588843f;
    private static final float Q4 = 7.779004002426255e-07f;

    private final float[] table;     // (rows*embeddingDim) C, then dC
    private final double[] ex;       // (vocab) exp(z - max) of one example
    private float[] x;               // (batch*(contextWidth*embeddingDim + 1)) x with its ones column
    private float[] dx;              // (batch*contextWidth*embeddingDim) d loss / d x
    private float[][] hidden;        // hidden[l]: (batch*widths[l+1]) tanh output of hidden layer l
    private float[] scratch;         // (batch*widest hidden) a delta on its way through the host
    private float[] z;               // (batch*vocab) logits, then d loss / d logits
    private float[] rowTable = new float[0]; // (rows*vocab) a per-row table over the vocabulary, then its gradient

    FloatElementwisePasses(int[] widths, int vocab, int rows, int embeddingDim) {
        super(widths, vocab, rows, embeddingDim);
        table = new float[rows * embeddingDim];
        ex = new double[vocab];
    }

    @Override
    void resize(int batch) {
        this.batch = batch;
        int in = widths[0];
        x = new float[batch * (in + 1)];
        for (int b = 0; b < batch; b++) x[b * (in + 1) + in] = 1f;
        dx = new float[batch * in];
        hidden = new float[widths.length - 2][];
        int widest = 0;
        for (int l = 0; l < hidden.length; l++) {
            hidden[l] = new float[batch * widths[l + 1]];
            widest = Math.max(widest, widths[l + 1]);
        }
        scratch = new float[batch * widest];
        z = new float[batch * vocab];
    }

    @Override
    void gather(INDArray tableArray, int[] contexts, int n, INDArray xArray, float[] mask) {
        int e = embeddingDim;
        int width = widths[0] / e; // ids per context: x's rows each end after width embeddings
        tableArray.data().asNioFloat().get(at(tableArray), table, 0, table.length);
        for (int i = 0; i < n; i++) {
            int id = contexts[i];
            checkContext(id, i);
            int to = i * e + i / width; // one ones column per finished row
            if (mask == null) System.arraycopy(table, id * e, x, to, e);
            else for (int k = 0; k < e; k++) x[to + k] = table[id * e + k] * mask[i * e + k];
        }
        xArray.data().asNioFloat().put(at(xArray), x, 0, x.length);
    }

    @Override
    void tanh(int l, INDArray pre, INDArray act, float[] mask) {
        int width = widths[l + 1];
        float[] h = hidden[l];
        pre.data().asNioFloat().get(at(pre), h, 0, h.length);
        tanh(h, 0, h.length);
        float[] kept = h; // the backward needs tanh(pre) itself, so a mask is applied to a copy
        if (mask != null) {
            kept = scratch;
            for (int i = 0; i < h.length; i++) kept[i] = h[i] * mask[i];
        }
        FloatBuffer out = act.data().asNioFloat();
        int start = at(act);
        for (int b = 0; b < batch; b++) out.put(start + b * (width + 1), kept, b * width, width);
    }

    /** h[from..to) = tanh(h[from..to)) in place, by the fit in the class comment. */
    static void tanh(float[] h, int from, int to) {
        for (int i = from; i < to; i++) {
            float u = Math.max(-CLAMP, Math.min(CLAMP, h[i])); // P/Q grows without bound beyond the fitted range
            float s = u * u;
            float p = (((P4 * s + P3) * s + P2) * s + P1) * s + P0;
            float q = (((Q4 * s + Q3) * s + Q2) * s + Q1) * s + 1f;
            h[i] = u * p / q;
        }
    }

    @Override
    void tanhBackward(int l, INDArray d, float[] mask) {
        float[] h = hidden[l];
        d.data().asNioFloat().get(at(d), scratch, 0, h.length);
        if (mask != null) for (int i = 0; i < h.length; i++) scratch[i] *= mask[i];
        for (int i = 0; i < h.length; i++) scratch[i] *= 1f - h[i] * h[i]; // tanh' = 1 - tanh^2
        d.data().asNioFloat().put(at(d), scratch, 0, h.length);
    }

    @Override
    double crossEntropy(INDArray logits, RowBias bias, int[] targets, INDArray delta, double[] rowLosses) {
        logits.data().asNioFloat().get(at(logits), z, 0, batch * vocab);
        if (bias != null) addRows(load(bias.table()), bias.rows());
        double total = 0.0;
        for (int r = 0; r < batch; r++) {
            double loss = rowLoss(r, targets[r], delta != null);
            if (rowLosses != null) rowLosses[r] = loss;
            total += loss;
        }
        if (delta != null) delta.data().asNioFloat().put(at(delta), z, 0, batch * vocab);
        if (delta != null && bias != null && bias.gradient() != null) scatterRows(bias.rows(), bias.gradient());
        return total;
    }

    /** Loss of example r; with gradient, overwrites its logits by their gradient. */
    private double rowLoss(int r, int target, boolean gradient) {
        checkTarget(target, r);
        int base = r * vocab;
        float max = z[base];
        for (int k = 1; k < vocab; k++) max = Math.max(max, z[base + k]);
        double sum = 0.0;
        for (int k = 0; k < vocab; k++) {
            ex[k] = Math.exp(z[base + k] - (double) max);
            sum += ex[k];
        }
        double loss = max + Math.log(sum) - z[base + target];
        if (gradient) {
            double scale = 1.0 / (sum * batch);
            for (int k = 0; k < vocab; k++) z[base + k] = (float) (ex[k] * scale);
            z[base + target] = (float) (ex[target] * scale - 1.0 / batch);
        }
        return loss;
    }

    @Override
    void addRows(INDArray logits, INDArray table, int[] ids) {
        logits.data().asNioFloat().get(at(logits), z, 0, batch * vocab);
        addRows(load(table), ids);
        logits.data().asNioFloat().put(at(logits), z, 0, batch * vocab);
    }

    /** z[b] += t[ids[b]], row by row. */
    private void addRows(float[] t, int[] ids) {
        for (int b = 0; b < batch; b++) {
            int src = ids[b] * vocab;
            int dst = b * vocab;
            for (int k = 0; k < vocab; k++) z[dst + k] += t[src + k];
        }
    }

    /** gradient[id] = the sum of z's rows b with ids[b] = id, z holding d loss / d logits. */
    private void scatterRows(int[] ids, INDArray gradient) {
        float[] t = rowTable(gradient);
        Arrays.fill(t, 0);
        for (int b = 0; b < batch; b++) {
            int src = b * vocab;
            int dst = ids[b] * vocab;
            for (int k = 0; k < vocab; k++) t[dst + k] += z[src + k];
        }
        gradient.data().asNioFloat().put(at(gradient), t, 0, t.length);
    }

    private float[] load(INDArray table) {
        float[] t = rowTable(table);
        table.data().asNioFloat().get(at(table), t, 0, t.length);
        return t;
    }

    private float[] rowTable(INDArray table) {
        if (rowTable.length != table.length()) rowTable = new float[Math.toIntExact(table.length())];
        return rowTable;
    }

    @Override
    void scatter(INDArray dxArray, int[] contexts, int n, INDArray dTable, float[] mask) {
        int e = embeddingDim;
        dxArray.data().asNioFloat().get(at(dxArray), dx, 0, n * e);
        if (mask != null) for (int i = 0; i < n * e; i++) dx[i] *= mask[i];
        Arrays.fill(table, 0f);
        for (int i = 0; i < n; i++) {
            int dst = contexts[i] * e;
            int src = i * e;
            for (int k = 0; k < e; k++) table[dst + k] += dx[src + k];
        }
        dTable.data().asNioFloat().put(at(dTable), table, 0, table.length);
    }
}
