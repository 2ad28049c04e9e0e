package org.sparkmore.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The masks of {@link Dropout}: the rate, an expectation of exactly 1, whole embeddings, and nothing drawn when off.
 */
class DropoutTest {
    private static final int[] WIDTHS = {40, 300, 27}; // 40 embedding columns, one hidden layer of 300, 27 outputs

    @Test
    void dropsAtTheRateAndKeepsTheExpectationAtOne() {
        Dropout d = new Dropout(0.25, 0.5, 4);
        d.draw(new SplittableRandom(7), 1000, WIDTHS);
        assertEquals(0.25, share(d.embedding()), 0.01);
        assertEquals(0.5, share(d.hidden(0)), 0.01);
        assertEquals(4f / 3, max(d.embedding()), 1e-6);
        assertEquals(2f, max(d.hidden(0)), 1e-6);
        // A context position's embedding (4 elements) is kept or dropped whole
        float[] e = d.embedding();
        for (int i = 0; i < e.length; i += 4)
            for (int k = 1; k < 4; k++) assertEquals(e[i], e[i + k], "position " + i / 4 + " split");
    }

    @Test
    void aModelWithoutDropoutDrawsNothing() {
        Dropout off = new Dropout(0, 0, 4);
        assertFalse(off.active());
        SplittableRandom rng = new SplittableRandom(7);
        long next = new SplittableRandom(7).nextLong();
        off.draw(rng, 10, WIDTHS);
        assertEquals(next, rng.nextLong(), "the stream moved");
        assertNull(off.embedding());
        assertNull(off.hidden(0));
    }

    @Test
    void theSameStreamGivesTheSameMasks() {
        Dropout a = new Dropout(0.1, 0.2, 4);
        Dropout b = new Dropout(0.1, 0.2, 4);
        a.draw(new SplittableRandom(3), 17, WIDTHS); // 17*40 and 17*300: lengths not multiples of 4 handled alike
        b.draw(new SplittableRandom(3), 17, WIDTHS);
        assertArrayEquals(a.embedding(), b.embedding());
        assertArrayEquals(a.hidden(0), b.hidden(0));
    }

    private static double share(float[] mask) {
        int zeros = 0;
        for (float m : mask) if (m == 0f) zeros++;
        return (double) zeros / mask.length;
    }

    private static float max(float[] mask) {
        float m = 0;
        for (float v : mask) m = Math.max(m, v);
        return m;
    }
}
