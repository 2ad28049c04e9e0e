package org.sparkmore.model;

import java.nio.DoubleBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ElementwisePasses} in double, for gradient checks and reference runs of the Bengio et al. (2003) MLP: the
 * same passes as {@link FloatElementwisePasses} with the exact tanh, so finite differences of the loss test the same
 * code path that training runs.
 */
final class DoubleElementwisePasses extends ElementwisePasses {

    private final double[] table;     // (rows*embeddingDim) C, then dC
    private final double[] ex;       // (vocab) exp(z - max) of one example
    private double[] x;               // (batch*(contextWidth*embeddingDim + 1)) x with its ones column
    private double[] dx;              // (batch*contextWidth*embeddingDim) d loss / d x
    private double[][] hidden;        // hidden[l]: (batch*widths[l+1]) tanh output of hidden layer l
    private double[] scratch;         // (batch*widest hidden) a delta on its way through the host
    private double[] z;               // (batch*vocab) logits, then d loss / d logits
    private double[] rowTable = new double[0]; // (rows*vocab) a per-row table over the vocabulary, then its gradient

    DoubleElementwisePasses(int[] widths, int vocab, int rows, int embeddingDim) {
        super(widths, vocab, rows, embeddingDim);
        table = new double[rows * embeddingDim];
        ex = new double[vocab];
    }

    @Override
    void resize(int batch) {
        this.batch = batch;
        int in = widths[0];
        x = new double[batch * (in + 1)];
        for (int b = 0; b < batch; b++) x[b * (in + 1) + in] = 1.0;
        dx = new double[batch * in];
        hidden = new double[widths.length - 2][];
        int widest = 0;
        for (int l = 0; l < hidden.length; l++) {
            hidden[l] = new double[batch * widths[l + 1]];
            widest = Math.max(widest, widths[l + 1]);
        }
        scratch = new double[batch * widest];
        z = new double[batch * vocab];
    }

    @Override
    void gather(INDArray tableArray, int[] contexts, int n, INDArray xArray, float[] mask) {
        int e = embeddingDim;
        int width = widths[0] / e; // ids per context: x's rows each end after width embeddings
        tableArray.data().asNioDouble().get(at(tableArray), table, 0, table.length);
        for (int i = 0; i < n; i++) {
            int id = contexts[i];
            checkContext(id, i);
            int to = i * e + i / width; // one ones column per finished row
            if (mask == null) System.arraycopy(table, id * e, x, to, e);
            else for (int k = 0; k < e; k++) x[to + k] = table[id * e + k] * mask[i * e + k];
        }
        xArray.data().asNioDouble().put(at(xArray), x, 0, x.length);
    }

    @Override
    void tanh(int l, INDArray pre, INDArray act, float[] mask) {
        int width = widths[l + 1];
        double[] h = hidden[l];
        pre.data().asNioDouble().get(at(pre), h, 0, h.length);
        for (int i = 0; i < h.length; i++) h[i] = StrictMath.tanh(h[i]); // the same bits on every JVM
        double[] kept = h; // the backward needs tanh(pre) itself, so a mask is applied to a copy
        if (mask != null) {
            kept = scratch;
            for (int i = 0; i < h.length; i++) kept[i] = h[i] * mask[i];
        }
        DoubleBuffer out = act.data().asNioDouble();
        int start = at(act);
        for (int b = 0; b < batch; b++) out.put(start + b * (width + 1), kept, b * width, width);
    }

    @Override
    void tanhBackward(int l, INDArray d, float[] mask) {
        double[] h = hidden[l];
        d.data().asNioDouble().get(at(d), scratch, 0, h.length);
        if (mask != null) for (int i = 0; i < h.length; i++) scratch[i] *= mask[i];
        for (int i = 0; i < h.length; i++) scratch[i] *= 1.0 - h[i] * h[i]; // tanh' = 1 - tanh^2
        d.data().asNioDouble().put(at(d), scratch, 0, h.length);
    }

    @Override
    double crossEntropy(INDArray logits, RowBias bias, int[] targets, INDArray delta, double[] rowLosses) {
        logits.data().asNioDouble().get(at(logits), z, 0, batch * vocab);
        if (bias != null) addRows(load(bias.table()), bias.rows());
        double total = 0.0;
        for (int r = 0; r < batch; r++) {
            double loss = rowLoss(r, targets[r], delta != null);
            if (rowLosses != null) rowLosses[r] = loss;
            total += loss;
        }
        if (delta != null) delta.data().asNioDouble().put(at(delta), z, 0, batch * vocab);
        if (delta != null && bias != null && bias.gradient() != null) scatterRows(bias.rows(), bias.gradient());
        return total;
    }

    /** Loss of example r; with gradient, overwrites its logits by their gradient. */
    private double rowLoss(int r, int target, boolean gradient) {
        checkTarget(target, r);
        int base = r * vocab;
        double max = z[base];
        for (int k = 1; k < vocab; k++) max = Math.max(max, z[base + k]);
        double sum = 0.0;
        for (int k = 0; k < vocab; k++) {
            ex[k] = Math.exp(z[base + k] - max);
            sum += ex[k];
        }
        double loss = max + Math.log(sum) - z[base + target];
        if (gradient) {
            double scale = 1.0 / (sum * batch);
            for (int k = 0; k < vocab; k++) z[base + k] = ex[k] * scale;
            z[base + target] = ex[target] * scale - 1.0 / batch;
        }
        return loss;
    }

    @Override
    void addRows(INDArray logits, INDArray table, int[] ids) {
        logits.data().asNioDouble().get(at(logits), z, 0, batch * vocab);
        addRows(load(table), ids);
        logits.data().asNioDouble().put(at(logits), z, 0, batch * vocab);
    }

    /** z[b] += t[ids[b]], row by row. */
    private void addRows(double[] t, int[] ids) {
        for (int b = 0; b < batch; b++) {
            int src = ids[b] * vocab;
            int dst = b * vocab;
            for (int k = 0; k < vocab; k++) z[dst + k] += t[src + k];
        }
    }

    /** gradient[id] = the sum of z's rows b with ids[b] = id, z holding d loss / d logits. */
    private void scatterRows(int[] ids, INDArray gradient) {
        double[] t = rowTable(gradient);
        Arrays.fill(t, 0);
        for (int b = 0; b < batch; b++) {
            int src = b * vocab;
            int dst = ids[b] * vocab;
            for (int k = 0; k < vocab; k++) t[dst + k] += z[src + k];
        }
        gradient.data().asNioDouble().put(at(gradient), t, 0, t.length);
    }

    private double[] load(INDArray table) {
        double[] t = rowTable(table);
        table.data().asNioDouble().get(at(table), t, 0, t.length);
        return t;
    }

    private double[] rowTable(INDArray table) {
        if (rowTable.length != table.length()) rowTable = new double[Math.toIntExact(table.length())];
        return rowTable;
    }

    @Override
    void scatter(INDArray dxArray, int[] contexts, int n, INDArray dTable, float[] mask) {
        int e = embeddingDim;
        dxArray.data().asNioDouble().get(at(dxArray), dx, 0, n * e);
        if (mask != null) for (int i = 0; i < n * e; i++) dx[i] *= mask[i];
        Arrays.fill(table, 0.0);
        for (int i = 0; i < n; i++) {
            int dst = contexts[i] * e;
            int src = i * e;
            for (int k = 0; k < e; k++) table[dst + k] += dx[src + k];
        }
        dTable.data().asNioDouble().put(at(dTable), table, 0, table.length);
    }
}
