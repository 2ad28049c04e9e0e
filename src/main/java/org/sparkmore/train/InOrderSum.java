package org.sparkmore.train;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;

/**
 * Rounds mode's driver-side sum: partitions' contributions added in partition order as their tasks finish. Tasks
 * finish in any order, so a result that arrives before its turn waits here; the driver holds those early ones and
 * the running sum, not every partition's state at once as a collect would (P times 13 MB for the multiscript model).
 * Partition order is barrier mode's ({@link ChainAllReduce}), which is what keeps both modes' bits equal.
 */
final class InOrderSum {
    private static final String MAX_RESULT_SIZE = "spark.driver.maxResultSize";

    private final int partitions;
    private final Map<Integer, WeightedSum> early = new HashMap<>();
    private final WeightedSum sum = WeightedSum.empty();
    private int next;          // the partition whose result is added next
    private int mostHeld;      // the most early results held at once

    InOrderSum(int partitions) {
        this.partitions = partitions;
    }

    /** Spark's result handler: called once per partition, on the driver, in the order tasks finish. */
    synchronized void accept(int partition, WeightedSum c) {
        early.put(partition, c);
        for (WeightedSum turn; (turn = early.remove(next)) != null; next++) sum.add(turn);
        mostHeld = Math.max(mostHeld, early.size());
    }

    /** The sum of every partition's contribution; fails if one is missing. */
    synchronized WeightedSum total() {
        if (next != partitions)
            throw new IllegalStateException("partition " + next + " of " + partitions + " sent no result");
        return sum;
    }

    /** The most results that waited for an earlier partition's at one time. */
    synchronized int mostHeld() {
        return mostHeld;
    }

    /** {@link #tooLarge(int, long, long)} under the limit the Spark configuration sets (1g by default). */
    static String tooLarge(int partitions, long floats, SparkConf conf) {
        return tooLarge(partitions, floats, conf.getSizeAsBytes(MAX_RESULT_SIZE, "1g"));
    }

    /**
     * Why a round's results cannot reach the driver, or null: Spark stops a job whose results add up to more than
     * spark.driver.maxResultSize (0 for no limit), however the driver consumes them, and each partition sends its
     * floats (parameters, plus the optimizer state when averaging) every round. Checked before the first round
     * instead of failing in it.
     */
    static String tooLarge(int partitions, long floats, long maxResultSize) {
        long needed = partitions * (Float.BYTES * floats + 1024); // plus a little for the counts and the framing
        if (maxResultSize <= 0 || needed <= maxResultSize) return null;
        return String.format(Locale.ROOT, "rounds mode sends each partition's %,d floats to the driver every round:"
                + " %d partitions x %.1f MB = %.1f MB, more than %s (%.1f MB). Raise %s to at least %dm (with the"
                + " driver's memory), use fewer partitions (--partitions), or let barrier mode run (train.sync="
                + "barrier, a task slot per partition), which sends no parameters to the driver", floats, partitions,
                needed / 1e6 / partitions, needed / 1e6, MAX_RESULT_SIZE, maxResultSize / 1e6, MAX_RESULT_SIZE,
                needed / (1L << 20) + 1);
    }
}
