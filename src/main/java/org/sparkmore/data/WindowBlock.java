package org.sparkmore.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One partition's training windows packed into two primitive arrays, so a cached partition costs
 * {@code 4 * (blockSize + 1)} bytes per window instead of a Row object each.
 */
public final class WindowBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int blockSize;
    private final int[] contexts; // (size, blockSize), row-major symbol ids
    private final int[] targets;  // (size)

    public WindowBlock(int blockSize, int[] contexts, int[] targets) {
        if (contexts.length != targets.length * blockSize)
            throw new IllegalArgumentException("contexts must hold blockSize ids per target");
        this.blockSize = blockSize;
        this.contexts = contexts;
        this.targets = targets;
    }

    public int blockSize() {
        return blockSize;
    }

    public int size() {
        return targets.length;
    }

    /** Row-major (size, blockSize) context ids; shared, not copied. */
    public int[] contexts() {
        return contexts;
    }

    /** Next-symbol ids; shared, not copied. */
    public int[] targets() {
        return targets;
    }

    /** Bytes each cached window costs in this layout. */
    public static int bytesPerWindow(int blockSize) {
        return Integer.BYTES * (blockSize + 1);
    }

    /** Appends windows one at a time, growing geometrically; the block it builds is trimmed to size. */
    public static final class Builder {
        private final int blockSize;
        private int[] contexts;
        private int[] targets;
        private int size;

        public Builder(int blockSize) {
            this.blockSize = blockSize;
            this.contexts = new int[1024 * blockSize];
            this.targets = new int[1024];
        }

        public void add(int[] context, int target) {
            if (size == targets.length) {
                targets = Arrays.copyOf(targets, size * 2);
                contexts = Arrays.copyOf(contexts, size * 2 * blockSize);
            }
            System.arraycopy(context, 0, contexts, size * blockSize, blockSize);
            targets[size++] = target;
        }

        public WindowBlock build() {
            return new WindowBlock(blockSize, Arrays.copyOf(contexts, size * blockSize), Arrays.copyOf(targets, size));
        }
    }
}
