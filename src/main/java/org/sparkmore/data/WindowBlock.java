package org.sparkmore.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's training windows packed into primitive arrays, so a cached partition costs
 * {@code 4 * (width + 1)} bytes per window (4 more with languages) instead of a Row object each.
 */
public final class WindowBlock implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int width;
    private final int[] contexts;  // (size, width) row-major ids: the symbols, then the language row if conditioned
    private final int[] targets;   // (size)
    private final int[] languages; // (size) language index per window, or empty for a table without languages

    public WindowBlock(int width, int[] contexts, int[] targets, int[] languages) {
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
    public WindowBlock(int width, int[] contexts, int[] targets) {
        this(width, contexts, targets, new int[0]);
    }

    /** Ids per context. */
    public int width() {
        return width;
    }

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

    /** Whether the windows carry their language (an empty block never does). */
    public boolean hasLanguages() {
        return languages.length > 0;
    }

    /** Language index per window, or empty; shared, not copied. */
    public int[] languages() {
        return languages;
    }

    /** Bytes each cached window costs in this layout. */
    public static int bytesPerWindow(int width, boolean hasLanguages) {
        return Integer.BYTES * (width + 1 + (hasLanguages ? 1 : 0));
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

        public WindowBlock build() {
            return new WindowBlock(width, Arrays.copyOf(contexts, size * width), Arrays.copyOf(targets, size),
                    Arrays.copyOf(languages, hasLanguages ? size : 0));
        }
    }
}
