package org.sparkmore.train;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What barrier mode's chain all-reduce sent, as each task's own counters saw it ({@link ChainAllReduce#lastSumBytes},
 * {@link ChainAllReduce#connections}): the evidence that a task sends about 2 states per round over at most 2
 * connections whatever the number of tasks. The tasks report through a Spark accumulator, which reaches the driver
 * with each task's completion, so this needs no message of its own.
 *
 * @param stateBytes S: the parameters and optimizer state that are averaged, as floats
 * @param tasks      one report per task of the stage that finished the run, in partition order
 */
public record SyncTraffic(long stateBytes, List<Task> tasks) {

    /**
     * One task's counters over the rounds it ran.
     *
     * @param partition      the task's partition
     * @param maxRoundBytes  the most bytes it sent in one round's averaging, framing included
     * @param connections    its open connections to other tasks
     */
    public record Task(int partition, long maxRoundBytes, int connections) implements java.io.Serializable {
    }

    public SyncTraffic {
        tasks = tasks.stream().sorted(Comparator.comparingInt(Task::partition)).toList();
    }

    /** The most bytes any task sent in one round. */
    public long maxRoundBytes() {
        return tasks.stream().mapToLong(Task::maxRoundBytes).max().orElse(0);
    }

    /** The most connections any task held. */
    public int maxConnections() {
        return tasks.stream().mapToInt(Task::connections).max().orElse(0);
    }

    /** One line for the log, e.g. {@code sync: chain all-reduce over 4 tasks, at most 84,032 bytes (2.01 x S, ...}. */
    public String describe() {
        return String.format(Locale.ROOT, "sync: chain all-reduce over %d tasks, at most %,d bytes (%.2f x S, "
                        + "S = %,d bytes of parameters and optimizer state) sent per task per round, framing "
                        + "included; at most %d connections per task", tasks.size(), maxRoundBytes(),
                (double) maxRoundBytes() / stateBytes, stateBytes, maxConnections());
    }
}
