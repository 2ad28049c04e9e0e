package org.sparkmore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks FloatElementwisePasses' rational tanh against StrictMath.tanh, from tiny arguments to deep saturation. */
class FloatElementwisePassesTest {

    @Test
    void rationalTanhIsCloseToTanhBoundedAndOdd() {
        int n = 200_001;
        float[] u = new float[n];
        for (int i = 0; i < n; i++) u[i] = (float) (-20.0 + 40.0 * i / (n - 1));
        float[] h = tanh(u);
        for (int i = 0; i < n; i++) {
            assertEquals(StrictMath.tanh(u[i]), h[i], 4e-7, "tanh(" + u[i] + ")");
            assertTrue(Math.abs(h[i]) <= 1f, "|tanh(" + u[i] + ")| = " + Math.abs(h[i]) + " > 1");
            assertEquals(-h[i], h[n - 1 - i], 0f, "not odd at " + u[i]);
        }
    }

    @Test
    void smallArgumentsKeepTheirRelativePrecision() {
        float[] u = {1e-30f, -1e-12f, 1e-6f, 1e-3f, 0f};
        float[] h = tanh(u);
        for (int i = 0; i < u.length; i++)
            assertEquals(StrictMath.tanh(u[i]), h[i], 1e-6 * Math.abs(u[i]), "tanh(" + u[i] + ")");
    }

    /** Runs the pass as Mlp does: pre (n, 1) in, act (n, 2) out with its ones column left alone. */
    private static float[] tanh(float[] u) {
        int n = u.length;
        ElementwisePasses passes = ElementwisePasses.of(DataType.FLOAT, new int[] {1, 1, 2}, 2, 2, 1);
        passes.resize(n);
        INDArray pre = Nd4j.createFromArray(u).reshape(n, 1);
        INDArray act = Nd4j.ones(DataType.FLOAT, n, 2);
        passes.tanh(0, pre, act, null);
        assertEquals(n, act.getColumn(1).sumNumber().doubleValue(), 0.0, "the ones column was overwritten");
        return act.getColumn(0).toFloatVector();
    }
}
