package org.sparkmore.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;

/**
 * A Spark listener that counts the SparkContexts started while {@code spark.extraListeners} names it: a test's proof
 * that a command started none, which the command's own output cannot give once it has stopped the session again.
 * Public, with a public constructor, because Spark instantiates it by reflection.
 */
public final class SparkStarts extends SparkListener {

    private static final AtomicInteger STARTED = new AtomicInteger();

    public SparkStarts() {
        STARTED.incrementAndGet();
    }

    /** How many SparkContexts the action started: the command line's SparkConf reads spark.* system properties. */
    static int during(Runnable action) {
        String key = "spark.extraListeners";
        String before = System.getProperty(key);
        int started = STARTED.get();
        System.setProperty(key, SparkStarts.class.getName());
        try {
            action.run();
        } finally {
            if (before == null) System.clearProperty(key);
            else System.setProperty(key, before);
        }
        return STARTED.get() - started;
    }
}
