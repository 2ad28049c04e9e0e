package org.sparkmore.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkmore.model.ModelConfig.Activation;

/** Warm-start remapping on tiny shapes, every value checked against offsets computed by hand from the layout. */
class ParamsRemapTest {

    /** 4 symbols and 2 languages, block 2, embedding 3, hidden 5: input (2 + 1) * 3 = 9; no language biases. */
    static final ModelConfig OLD = new ModelConfig(4, 2, 2, 3, List.of(5), Activation.TANH, true, false);
    /** The same network for 6 symbols and 3 languages. */
    static final ModelConfig NEW = new ModelConfig(6, 3, 2, 3, List.of(5), Activation.TANH, true, false);
    /** New symbol id -> old id: boundary kept, two new symbols (2 and 4), the others moved. */
    static final int[] SYMBOLS = {0, 2, -1, 1, -1, 3};
    /** New language -> old: the old two swapped, one new. */
    static final int[] LANGUAGES = {1, -1, 0};
    static final long SEED = 99;

    @Test
    void everyOldValueLandsAtItsNewIndexAndNewRowsAreAFreshInits() {
        float[] old = new float[(int) Params.count(OLD)];
        for (int i = 0; i < old.length; i++) old[i] = 1000 + i; // every value distinct and exact in float
        float[] fresh = Params.init(NEW, SEED, DataType.FLOAT).flat().toFloatVector();
        float[] carried = ParamsRemap.carry(OLD, old, NEW, SYMBOLS, LANGUAGES, SEED);

        assertEquals(92, old.length);     // 6*3 + 9*5 + 5 + 5*4 + 4
        assertEquals(113, carried.length); // 9*3 + 9*5 + 5 + 5*6 + 6
        int dim = 3;
        for (int r = 0; r < 6; r++) // symbol embedding rows
            for (int c = 0; c < dim; c++)
                assertEquals(SYMBOLS[r] >= 0 ? old[SYMBOLS[r] * dim + c] : fresh[r * dim + c], carried[r * dim + c],
                        "embedding row " + r + " col " + c);
        for (int l = 0; l < 3; l++) // language rows follow the symbols' in both tables
            for (int c = 0; c < dim; c++)
                assertEquals(LANGUAGES[l] >= 0 ? old[(4 + LANGUAGES[l]) * dim + c] : fresh[(6 + l) * dim + c],
                        carried[(6 + l) * dim + c], "language row " + l + " col " + c);
        for (int i = 0; i < 9 * 5 + 5; i++) // hidden W and b, whole
            assertEquals(old[18 + i], carried[27 + i], "hidden layer value " + i);
        for (int h = 0; h < 5; h++) // output W: (5, vocab), a column per symbol
            for (int r = 0; r < 6; r++)
                assertEquals(SYMBOLS[r] >= 0 ? old[68 + h * 4 + SYMBOLS[r]] : fresh[77 + h * 6 + r],
                        carried[77 + h * 6 + r], "output W row " + h + " col " + r);
        for (int r = 0; r < 6; r++) // output bias, an entry per symbol
            assertEquals(SYMBOLS[r] >= 0 ? old[88 + SYMBOLS[r]] : fresh[107 + r], carried[107 + r], "output b " + r);
    }

    @Test
    void languageBiasesCarryPerOldLanguageAndSymbolAndStartAtZeroOtherwise() {
        ModelConfig oldBiased = new ModelConfig(4, 2, 2, 3, List.of(5), Activation.TANH, true, true);
        ModelConfig newBiased = new ModelConfig(6, 3, 2, 3, List.of(5), Activation.TANH, true, true);
        float[] old = new float[(int) Params.count(oldBiased)];
        for (int i = 0; i < old.length; i++) old[i] = 1000 + i;
        float[] carried = ParamsRemap.carry(oldBiased, old, newBiased, SYMBOLS, LANGUAGES, SEED);

        assertEquals(92 + 2 * 4, old.length);      // the (2, 4) table follows the output bias
        assertEquals(113 + 3 * 6, carried.length); // the (3, 6) table
        for (int l = 0; l < 3; l++)
            for (int r = 0; r < 6; r++) {
                boolean known = LANGUAGES[l] >= 0 && SYMBOLS[r] >= 0;
                assertEquals(known ? old[92 + LANGUAGES[l] * 4 + SYMBOLS[r]] : 0f, carried[113 + l * 6 + r],
                        "language " + l + " symbol " + r);
            }
        float[] gained = ParamsRemap.carry(OLD, new float[92], newBiased, SYMBOLS, LANGUAGES, SEED);
        for (int i = 113; i < gained.length; i++) assertEquals(0f, gained[i], "gained bias " + i);
        float[] dropped = ParamsRemap.carry(oldBiased, old, NEW, SYMBOLS, LANGUAGES, SEED);
        assertEquals(113, dropped.length); // a new model without biases gets everything else, as from OLD
        assertEquals(old[18], dropped[27]);
    }

    @Test
    void unchangedVocabularyGivesBackTheOldParameters() {
        ModelConfig plain = new ModelConfig(5, 3, 4, List.of(6, 7), Activation.TANH);
        float[] old = Params.init(plain, 1, DataType.FLOAT).flat().toFloatVector();
        float[] carried = ParamsRemap.carry(plain, old, plain, new int[] {0, 1, 2, 3, 4}, new int[0], 2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(old, carried);
    }

    @Test
    void differentShapesAreClearErrors() {
        ModelConfig wider = new ModelConfig(6, 3, 2, 3, List.of(8), Activation.TANH, true, true);
        String message = assertThrows(IllegalArgumentException.class,
                () -> ParamsRemap.carry(OLD, new float[92], wider, SYMBOLS, LANGUAGES, SEED)).getMessage();
        assertTrue(message.contains("model.hiddenSizes [5] vs [8]"), message);
        ModelConfig plain = new ModelConfig(6, 0, 2, 3, List.of(5), Activation.TANH, false, false);
        message = assertThrows(IllegalArgumentException.class,
                () -> ParamsRemap.carry(OLD, new float[92], plain, SYMBOLS, new int[0], SEED)).getMessage();
        assertTrue(message.contains("conditioned on languages true vs false"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> ParamsRemap.carry(OLD, new float[92], NEW, new int[] {0, 1}, LANGUAGES, SEED)).getMessage();
        assertTrue(message.contains("one entry per new symbol (6)"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> ParamsRemap.carry(OLD, new float[92], NEW, new int[] {0, 1, 2, 3, -1, 9}, LANGUAGES, SEED))
                .getMessage();
        assertTrue(message.contains("old symbol id 9 is out of range"), message);
    }
}
