package org.sparkmore.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * A label on the Spark jobs that this thread starts while it is open: a description of what they do, which the Spark
 * UI shows beside every job, or a command's job group, by which a whole run can be cancelled at once. Closing it
 * puts back what the thread had before, so labels nest and no later job carries a stale one.
 */
public final class JobLabel implements AutoCloseable {
    /** The local properties Spark reads a job's description and group from (SparkContext's own keys). */
    private static final String DESCRIPTION = "spark.job.description";
    private static final String GROUP = "spark.jobGroup.id";
    private static final String INTERRUPT = "spark.job.interruptOnCancel";

    private final SparkContext sc;
    /** Each property this label changed, with the value it had before; null = unset. */
    private final Map<String, String> before = new LinkedHashMap<>();

    private JobLabel(SparkContext sc, String... keys) {
        this.sc = sc;
        for (String key : keys) before.put(key, sc.getLocalProperty(key));
    }

    /** Describes this thread's jobs, e.g. "round 3/50", until closed. */
    public static JobLabel describe(SparkSession spark, String description) {
        JobLabel label = new JobLabel(spark.sparkContext(), DESCRIPTION);
        spark.sparkContext().setJobDescription(description);
        return label;
    }

    /** Runs {@code work} with its jobs described, and returns what it returns. */
    public static <T> T describe(SparkSession spark, String description, Supplier<T> work) {
        try (JobLabel label = describe(spark, description)) {
            return work.get();
        }
    }

    /**
     * Puts this thread's jobs into a new job group for one command ("train", "evaluate"...), so that
     * {@code SparkContext.cancelJobGroup} stops all of a run's jobs. A thread already in a group, such as a Spark ML
     * caller's that groups its own jobs, stays in it: the caller's cancellation must still reach them.
     */
    public static JobLabel group(SparkSession spark, String command) {
        SparkContext sc = spark.sparkContext();
        if (sc.getLocalProperty(GROUP) != null) return new JobLabel(sc);
        JobLabel label = new JobLabel(sc, DESCRIPTION, GROUP, INTERRUPT);
        // Not interrupting on cancel: a task interrupted while writing to HDFS can leave the file system's client
        // in a bad state (SparkContext.setJobGroup's own caveat); tasks stop between steps anyway
        sc.setJobGroup("sparkmore-" + command.replace(' ', '-') + "-" + UUID.randomUUID(), "sparkmore " + command,
                false);
        return label;
    }

    /** Puts back what this label changed, leaving unset what was unset. */
    @Override
    public void close() {
        before.forEach(sc::setLocalProperty); // a null value removes the property
    }
}
