package org.sparkmore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextLayoutTest {
    // ids of a vocabulary ". a e m" (boundary, a, e, m)
    static final int A = 1;
    static final int E = 2;
    static final int M = 3;

    @Test
    void windowsOfANameAreMakemoresBoundaryPaddedContexts() {
        ContextLayout plain = new ContextLayout(3, 4, 0);
        int[] emma = {E, M, M, A};
        // makemore: ... -> e, ..e -> m, .em -> m, emm -> a, mma -> .
        int[][] expected = {{0, 0, 0, E}, {0, 0, E, M}, {0, E, M, M}, {E, M, M, A}, {M, M, A, 0}};
        for (int t = 0; t <= emma.length; t++) {
            int[] window = new int[4];
            window[3] = plain.window(emma, t, -1, window, 0);
            assertArrayEquals(expected[t], window, "window " + t);
        }
    }

    @Test
    void aConditionedWindowEndsWithItsLanguageRowAfterTheSymbolRows() {
        ContextLayout conditioned = new ContextLayout(2, 4, 3);
        assertEquals(3, conditioned.width());
        assertEquals(7, conditioned.rows());
        assertEquals(2, conditioned.languageSlot());
        int[] contexts = new int[2 * 3];
        assertEquals(0, conditioned.window(new int[] {A}, 1, 2, contexts, 3)); // "a", predicting its end marker
        assertArrayEquals(new int[] {0, 0, 0, 0, A, 6}, contexts);
        assertEquals(2, conditioned.language(contexts, 1));
        assertTrue(conditioned.isLanguageRow(4) && !conditioned.isLanguageRow(3));
        assertThrows(IllegalArgumentException.class, () -> conditioned.language(contexts, 0)); // id 0: a symbol
        assertThrows(IllegalStateException.class, () -> new ContextLayout(2, 4, 0).languageSlot());
        assertFalse(new ContextLayout(2, 4, 0).conditioned());
    }

    @Test
    void aPackedNameGivesTheSameWindowsAsItsIds() {
        for (ContextLayout layout : List.of(new ContextLayout(3, 4, 0), new ContextLayout(3, 4, 2),
                new ContextLayout(1, 4, 2), new ContextLayout(6, 4, 2))) {
            int[] emma = {E, M, M, A};
            int[] ma = {M, A};
            // two names, each behind its language row and ended by the boundary: 5 ema m a . 4 m a .
            char[] packed = {5, E, M, M, A, 0, 4, M, A, 0};
            int width = layout.width();
            for (int t = 0; t <= emma.length; t++)
                assertWindowsEqual(layout, emma, t, 1, packed, 1 + t, width);
            for (int t = 0; t <= ma.length; t++)
                assertWindowsEqual(layout, ma, t, 0, packed, 7 + t, width);
            assertEquals(5, layout.leadingRow(packed, 5));
            assertEquals(4, layout.leadingRow(packed, 9));
        }
    }

    private static void assertWindowsEqual(ContextLayout layout, int[] ids, int t, int language, char[] packed,
                                           int p, int width) {
        int[] fromIds = new int[width];
        int[] fromPacked = new int[width];
        assertEquals(layout.window(ids, t, language, fromIds, 0), layout.window(packed, p, fromPacked, 0));
        assertArrayEquals(fromIds, fromPacked, layout + " window " + t);
    }

    @Test
    void slidingAWindowIsTheWindowOfTheLongerName() {
        ContextLayout layout = new ContextLayout(3, 4, 2);
        int[] contexts = new int[2 * 4];
        layout.window(new int[] {E, M}, 2, 1, contexts, 4); // "em", in row 1
        layout.slide(contexts, 1, 0, M);                     // draws m, moves up to row 0
        int[] expected = new int[4];
        layout.window(new int[] {E, M, M}, 3, 1, expected, 0);
        assertArrayEquals(expected, java.util.Arrays.copyOf(contexts, 4));
    }

    @Test
    void theLayoutFollowsTheModelShapeAndNeverWraps() {
        ModelConfig model = new ModelConfig(27, 5, 3, 10, List.of(200), ModelConfig.Activation.TANH, true, true);
        assertEquals(new ContextLayout(3, 27, 5), model.layout());
        assertEquals(4, model.contextWidth());
        assertEquals(32, model.embeddingRows());
        assertEquals(-3, model.layout().offset(0));
        assertEquals(-1, model.layout().offset(2));
        assertThrows(IndexOutOfBoundsException.class, () -> model.layout().offset(3));
        assertThrows(ArithmeticException.class, () -> new ContextLayout(Integer.MAX_VALUE, 27, 1).width());
        assertThrows(ArithmeticException.class, () -> new ContextLayout(3, Integer.MAX_VALUE, 1).rows());
    }
}
