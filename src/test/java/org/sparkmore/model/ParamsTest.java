package org.sparkmore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.model.ModelConfig.Activation;

class ParamsTest {

    private static final ModelConfig SMALL = new ModelConfig(7, 3, 4, List.of(5, 6), Activation.TANH);
    private static final ModelConfig MAKEMORE = ModelConfig.DEFAULTS.forData(27, 0);

    @Test
    void countFollowsTheLayout() {
        assertEquals(7 * 4 + (12 * 5 + 5) + (5 * 6 + 6) + (6 * 7 + 7), Params.count(SMALL));
        // makemore's MLP (27 symbols, block 3, embedding 10, hidden 200) has 11,897 parameters
        assertEquals(11_897, Params.count(MAKEMORE));
    }

    @Test
    void viewsHaveTheDocumentedShapesAndOrder() {
        Params p = Params.zeros(SMALL, DataType.FLOAT);
        assertEquals(3, p.layers());
        assertArrayEquals(new long[] {7, 4}, p.embedding().shape());
        assertArrayEquals(new long[] {12, 5}, p.weight(0).shape());
        assertArrayEquals(new long[] {1, 5}, p.bias(0).shape());
        assertArrayEquals(new long[] {6, 7}, p.weight(2).shape());
        assertArrayEquals(new long[] {1, 7}, p.bias(2).shape());
        // Mark the first value of each tensor through its view and find it in the flat vector.
        p.weight(0).putScalar(0, 0, 1f);
        p.bias(0).putScalar(0, 0, 2f);
        p.weight(1).putScalar(0, 0, 3f);
        p.bias(2).putScalar(0, 6, 4f);
        assertEquals(1f, p.flat().getFloat(28));
        assertEquals(2f, p.flat().getFloat(28 + 60));
        assertEquals(3f, p.flat().getFloat(28 + 65));
        assertEquals(4f, p.flat().getFloat(Params.count(SMALL) - 1));
    }

    @Test
    void viewsShareMemoryWithTheFlatVectorBothWays() {
        Params p = Params.zeros(SMALL, DataType.DOUBLE);
        p.embedding().putScalar(6, 3, 5.0);
        assertEquals(5.0, p.flat().getDouble(27));
        p.flat().putScalar(28 + 65 + 30 + 2, -1.5); // bias(1)[2]
        assertEquals(-1.5, p.bias(1).getDouble(0, 2));
        p.weight(2).addi(1.0);
        assertEquals(42.0, p.flat().sumNumber().doubleValue() - 5.0 + 1.5, 1e-12);
    }

    @Test
    void wrapSharesMemoryEvenWhenTheVectorIsAView() {
        long n = Params.count(SMALL);
        INDArray matrix = Nd4j.create(DataType.FLOAT, 3, n);
        Params p = Params.wrap(SMALL, matrix.getRow(1, true));
        p.bias(2).putScalar(0, 6, 9f);
        assertEquals(9f, matrix.getFloat(1, n - 1));
        assertEquals(0f, matrix.getRow(2).sumNumber().floatValue());
        assertEquals(0f, matrix.getRow(0).sumNumber().floatValue());
    }

    @Test
    void wrapRejectsTheWrongLengthWithAClearMessage() {
        INDArray tooShort = Nd4j.create(DataType.FLOAT, Params.count(SMALL) - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Params.wrap(SMALL, tooShort));
        assertTrue(e.getMessage().contains(Long.toString(Params.count(SMALL))), e.getMessage());
    }

    @Test
    void initIsDeterministicForASeedAndDiffersAcrossSeeds() {
        INDArray a = Params.init(MAKEMORE, 42, DataType.FLOAT).flat();
        INDArray b = Params.init(MAKEMORE, 42, DataType.FLOAT).flat();
        INDArray c = Params.init(MAKEMORE, 43, DataType.FLOAT).flat();
        assertArrayEquals(a.toFloatVector(), b.toFloatVector());
        assertNotEquals(a, c);
        assertEquals(1, a.rank());
        assertEquals(Params.count(MAKEMORE), a.length());
    }

    @Test
    void initUsesKarpathysScales() {
        Params p = Params.init(MAKEMORE, 1, DataType.DOUBLE);
        assertEquals(1.0, p.embedding().stdNumber().doubleValue(), 0.15);
        assertEquals((5.0 / 3.0) / Math.sqrt(30), p.weight(0).stdNumber().doubleValue(), 0.03);
        assertEquals(0.01, p.weight(1).stdNumber().doubleValue(), 0.001);
        assertEquals(0.0, p.bias(1).norm2Number().doubleValue());
    }

    @Test
    void initialLossIsCloseToLnVocabSizeOnRandomData() {
        int batch = 2000;
        Random rng = new Random(5);
        int[] contexts = rng.ints(batch * 3L, 0, 27).toArray();
        int[] targets = rng.ints(batch, 0, 27).toArray();
        Params p = Params.init(MAKEMORE, 7, DataType.FLOAT);
        double loss = new Mlp(MAKEMORE, DataType.FLOAT).lossSum(p, contexts, targets, batch) / batch;
        assertEquals(Math.log(27), loss, 0.1);
    }
}
