package org.sparkmore.data;

import java.util.Arrays;
import org.sparkmore.model.ContextLayout;

/**
 * One partition's windows stored as its names: each name's symbol ids once, behind a marker that holds its
 * language, and per window only where its target sits among them. A window's context is read back from the ids
 * before its target, so a window costs 4 bytes plus its share of its name's ids at 2 bytes each: 6.3 bytes at the
 * multiscript table's 5.85 symbols a name (6.85 windows), against {@code 4 * (width + 2)} for a window of ints.
 *
 * <p>The windows keep the order Spark's sort gave the int windows before them, ascending by context ids, target and
 * language: a minibatch drawn by window index, and evaluation's running sums, see exactly the same windows.
 */
public final class NameBlock implements WindowBlock {
    private static final long serialVersionUID = 1L;

    private final ContextLayout layout;
    private final boolean hasLanguages;
    private final char[] symbols;     // per name: its marker (its language's row), its symbol ids, the boundary
    private final int[] targets;      // (size) where each window's target lies in symbols

    private NameBlock(Builder b, char[] symbols, int[] targets) {
        this.layout = b.layout;
        this.hasLanguages = b.hasLanguages;
        this.symbols = symbols;
        this.targets = targets;
    }

    @Override
    public int width() {
        return layout.width();
    }

    @Override
    public int size() {
        return targets.length;
    }

    @Override
    public boolean hasLanguages() {
        return hasLanguages;
    }

    @Override
    public int window(int w, int[] contexts, int at) {
        return layout.window(symbols, targets[w], contexts, at);
    }

    @Override
    public int language(int w) {
        if (!hasLanguages) throw new IllegalStateException("the windows carry no language");
        return layout.language(layout.leadingRow(symbols, targets[w]));
    }

    @Override
    public long bytes() {
        return (long) Character.BYTES * symbols.length + (long) Integer.BYTES * targets.length;
    }

    /**
     * Target positions ascending by (context ids, target, language), as Spark sorted the windows before: a stable
     * least-significant-key-first radix sort, one counting pass per key. Windows that tie on every key are the same
     * window (of equal names), so how their ties fall cannot matter.
     */
    private int[] sorted() {
        int n = targets.length;
        int keys = width() + 1 + (hasLanguages ? 1 : 0);
        int radix = 1;
        for (char c : symbols) radix = Math.max(radix, c + 1); // markers are the largest keys
        int[] order = targets.clone();
        int[] next = new int[n];
        char[] key = new char[n];   // (n) this pass's key per window: every key fits a char, as the markers do
        int[] starts = new int[radix + 1];
        int[] context = new int[width()];
        for (int k = keys - 1; k >= 0; k--) {
            for (int i = 0; i < n; i++) key[i] = (char) key(order[i], k, context);
            Arrays.fill(starts, 0);
            for (int i = 0; i < n; i++) starts[key[i] + 1]++;
            for (int c = 0; c < radix; c++) starts[c + 1] += starts[c];
            for (int i = 0; i < n; i++) next[starts[key[i]]++] = order[i];
            int[] swap = order;
            order = next;
            next = swap;
        }
        return order;
    }

    /** Sort key k of the window at p: a context id, then the target, then the language. */
    private int key(int p, int k, int[] context) {
        int target = layout.window(symbols, p, context, 0);
        if (k < context.length) return context[k];
        return k == context.length ? target : layout.language(layout.leadingRow(symbols, p));
    }

    /** Appends a partition's names one at a time, growing geometrically; the block it builds is trimmed to size. */
    public static final class Builder {
        private final ContextLayout layout;
        private final int vocab;
        private final boolean hasLanguages;
        private char[] symbols = new char[1024];
        private int length;
        private int windows;

        /**
         * @param layout       the model's windows; symbol ids lie below its vocabSize. Each name's marker is its
         *                     language's row there, whether or not the layout is conditioned
         * @param hasLanguages whether each name has a language index; a conditioned layout needs them
         */
        public Builder(ContextLayout layout, boolean hasLanguages) {
            if (layout.conditioned() && !hasLanguages)
                throw new IllegalArgumentException("conditioning needs languages");
            this.layout = layout;
            this.vocab = layout.vocabSize();
            this.hasLanguages = hasLanguages;
        }

        /** The most symbols one partition's array can hold (a little below Integer.MAX_VALUE, as the JVM allows). */
        private static final int MAX_SYMBOLS = Integer.MAX_VALUE - 8;

        /** A name of ids.length symbols: ids.length + 1 windows, the last predicting the boundary. */
        public void add(int[] ids, int language) {
            int marker = layout.languageRow(hasLanguages ? language : 0);
            if (hasLanguages && language < 0) throw new IllegalArgumentException("a name has no language index");
            if (marker > Character.MAX_VALUE) throw new IllegalArgumentException("vocabulary size + language index "
                    + marker + " is past the largest a cached symbol holds, 65535");
            for (int id : ids)
                if (id < 0 || id >= vocab)
                    throw new IllegalArgumentException("symbol id " + id + " is outside [0, " + vocab + ")");
            long needed = (long) length + ids.length + 2;
            // Positions are ints: a partition of more symbols than an array holds needs more partitions
            if (needed > MAX_SYMBOLS) throw new IllegalArgumentException("a training partition holds more than "
                    + MAX_SYMBOLS + " symbols; use more partitions (--partitions, train.partitions)");
            if (needed > symbols.length)
                symbols = Arrays.copyOf(symbols, (int) Math.min(MAX_SYMBOLS, Math.max(2L * symbols.length, needed)));
            symbols[length++] = (char) marker;
            for (int id : ids) symbols[length++] = (char) id;
            symbols[length++] = (char) Vocabulary.BOUNDARY;
            windows += ids.length + 1;
        }

        public NameBlock build() {
            char[] trimmed = Arrays.copyOf(symbols, length);
            int[] targets = new int[windows]; // every position but the markers, in name order
            for (int p = 0, w = 0; p < length; p++) if (!layout.isLanguageRow(trimmed[p])) targets[w++] = p;
            return new NameBlock(this, trimmed, new NameBlock(this, trimmed, targets).sorted());
        }
    }
}
