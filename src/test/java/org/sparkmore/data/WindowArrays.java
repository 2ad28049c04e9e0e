package org.sparkmore.data;

import java.util.Arrays;

/**
 * Windows given one by one as int arrays, the layout training cached before {@link NameBlock}: for tests whose
 * windows come from no names (random contexts) or must keep the order they were written in.
 */
public final class WindowArrays implements WindowBlock {
    private static final long serialVersionUID = 1L;

    private final int width;
    private final int[] contexts;  // (size, width) row-major ids: the symbols, then the language row if conditioned
    private final int[] targets;   // (size)
    private final int[] languages; // (size) language index per window, or empty for a table without languages

    public WindowArrays(int width, int[] contexts, int[] targets, int[] languages) {
        if (contexts.length != (long) targets.length * width)
            throw new IllegalArgumentException("contexts must hold width ids per target");
        if (languages.length != 0 && languages.length != targets.length)
            throw new IllegalArgumentException("languages must be empty or hold one index per target");
        this.width = width;
        this.contexts = contexts;
        this.targets = targets;
        this.languages = languages;
    }

    /** A block without languages. */
    public WindowArrays(int width, int[] contexts, int[] targets) {
        this(width, contexts, targets, new int[0]);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int size() {
        return targets.length;
    }

    /** Row-major (size, width) context ids; shared, not copied. */
    public int[] contexts() {
        return contexts;
    }

    /** Next-symbol ids; shared, not copied. */
    public int[] targets() {
        return targets;
    }

    @Override
    public boolean hasLanguages() {
        return languages.length > 0;
    }

    /** Language index per window, or empty; shared, not copied. */
    public int[] languages() {
        return languages;
    }

    @Override
    public int window(int w, int[] into, int at) {
        System.arraycopy(contexts, w * width, into, at, width);
        return targets[w];
    }

    @Override
    public int language(int w) {
        return languages[w];
    }

    @Override
    public long bytes() {
        return (long) Integer.BYTES * (contexts.length + targets.length + languages.length);
    }

    /** Appends windows one at a time, growing geometrically; the block it builds is trimmed to size. */
    public static final class Builder {
        private final int width;
        private final boolean hasLanguages;
        private int[] contexts;
        private int[] targets;
        private int[] languages;
        private int size;

        public Builder(int width, boolean hasLanguages) {
            this.width = width;
            this.hasLanguages = hasLanguages;
            this.contexts = new int[1024 * width];
            this.targets = new int[1024];
            this.languages = new int[hasLanguages ? 1024 : 0];
        }

        /** @param language the window's language index; ignored without languages */
        public void add(int[] context, int target, int language) {
            if (size == targets.length) {
                targets = Arrays.copyOf(targets, size * 2);
                contexts = Arrays.copyOf(contexts, size * 2 * width);
                if (hasLanguages) languages = Arrays.copyOf(languages, size * 2);
            }
            System.arraycopy(context, 0, contexts, size * width, width);
            if (hasLanguages) languages[size] = language;
            targets[size++] = target;
        }

        public WindowArrays build() {
            return new WindowArrays(width, Arrays.copyOf(contexts, size * width), Arrays.copyOf(targets, size),
                    Arrays.copyOf(languages, hasLanguages ? size : 0));
        }
    }
}
