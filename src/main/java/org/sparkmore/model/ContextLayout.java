package org.sparkmore.model;

import java.io.Serializable;

/**
 * Where each id of a window's context sits: the one rule that training windows, sampling, scoring and the model
 * share. The context of the Bengio et al. (2003) MLP is the n-1 words before the predicted one; as in makemore, a
 * window predicting the symbol at position t of a name holds in slots 0..blockSize-1 the symbols at positions
 * t-blockSize..t-1, oldest first, and a position before the name's start holds the boundary token: {@code emma}
 * with blockSize 3 gives {@code ... -> e, ..e -> m, .em -> m, emm -> a, mma -> .}, the last window predicting the
 * boundary as the end marker. A model conditioned on languages has one slot more, slot blockSize, holding the
 * language's embedding row: the languages' rows follow the symbols' in the embedding table, so language l's row is
 * vocabSize + l.
 *
 * @param blockSize how many previous symbols a window holds
 * @param vocabSize symbols, boundary and unknown tokens included: the first language row
 * @param languages language rows, 0 for a model not conditioned on languages
 */
public record ContextLayout(int blockSize, int vocabSize, int languages) implements Serializable {

    /** The id that pads a context before a name's first symbol and marks a name's end: makemore's '.'. */
    public static final int BOUNDARY = 0;

    /** The layout of a model of this shape. */
    public static ContextLayout of(ModelConfig c) {
        return new ContextLayout(c.blockSize(), c.vocabSize(), c.languages());
    }

    public boolean conditioned() {
        return languages > 0;
    }

    /** Ids per context: the blockSize symbols, then the language's row when conditioned. Exact: never wraps. */
    public int width() {
        return Math.addExact(blockSize, conditioned() ? 1 : 0);
    }

    /** Rows of the embedding table the ids index: the symbols, then the languages. Exact: never wraps. */
    public int rows() {
        return Math.addExact(vocabSize, languages);
    }

    /** Where the symbol of a slot below blockSize lies, relative to the predicted one: -blockSize .. -1. */
    public int offset(int slot) {
        if (slot < 0 || slot >= blockSize)
            throw new IndexOutOfBoundsException("slot " + slot + " holds no symbol; the symbols fill [0, " + blockSize
                    + ")");
        return slot - blockSize;
    }

    /** The slot of the language's row; only a conditioned layout has it. */
    public int languageSlot() {
        if (!conditioned()) throw new IllegalStateException("a layout without languages has no language slot");
        return blockSize;
    }

    /** Language l's embedding row, after the symbols' rows. */
    public int languageRow(int language) {
        return vocabSize + language;
    }

    /** The language index of a language row. */
    public int language(int row) {
        return row - vocabSize;
    }

    /** Whether an id names a language's row rather than a symbol's. */
    public boolean isLanguageRow(int id) {
        return id >= vocabSize;
    }

    /**
     * The language of window b of row-major (batch, width) contexts, read from its language slot; fails on an id
     * that is not a language row.
     */
    public int language(int[] contexts, int b) {
        int width = width();
        int id = contexts[b * width + languageSlot()];
        if (id < vocabSize || id >= rows())
            throw new IllegalArgumentException("window " + b + " holds id " + id + " in its language slot, not a "
                    + "language row in [" + vocabSize + ", " + rows() + ")");
        return language(id);
    }

    /**
     * Writes the window that predicts ids[t] into contexts[at, at + width) and returns its target: ids[t], or the
     * boundary as the end marker at t = ids.length.
     *
     * @param language the name's language index; ignored unless conditioned
     */
    public int window(int[] ids, int t, int language, int[] contexts, int at) {
        for (int k = 0; k < blockSize; k++) {
            int pos = t + offset(k);
            contexts[at + k] = pos < 0 ? BOUNDARY : ids[pos]; // before the name's start: padding
        }
        if (conditioned()) contexts[at + blockSize] = languageRow(language);
        return t < ids.length ? ids[t] : BOUNDARY;
    }

    /**
     * As {@link #window(int[], int, int, int[], int)} for a packed array, where each name's symbol ids follow its
     * language row and end with the boundary: the window whose target sits at p, read back from the ids before it
     * to the name's row.
     */
    public int window(char[] packed, int p, int[] contexts, int at) {
        int q = p - 1;
        int k = blockSize - 1;
        for (; k >= 0 && packed[q] < vocabSize; k--, q--) contexts[at + k] = packed[q];
        for (; k >= 0; k--) contexts[at + k] = BOUNDARY; // the name starts within the window: padding
        if (conditioned()) contexts[at + blockSize] = leadingRow(packed, q + 1);
        return packed[p];
    }

    /** The language row that leads the name holding position p of a packed array: the nearest one before p. */
    public int leadingRow(char[] packed, int p) {
        int q = p - 1;
        while (packed[q] < vocabSize) q--;
        return packed[q];
    }

    /**
     * Moves the window in row from of row-major contexts on by one symbol into row to (to <= from): its symbols
     * shift left, next joins last, its language row comes along.
     */
    public void slide(int[] contexts, int from, int to, int next) {
        int width = width();
        System.arraycopy(contexts, from * width + 1, contexts, to * width, blockSize - 1); // to <= from: safe shift
        contexts[to * width + blockSize - 1] = next;
        if (conditioned()) contexts[to * width + blockSize] = contexts[from * width + blockSize];
    }
}
