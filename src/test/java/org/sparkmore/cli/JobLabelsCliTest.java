package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the Spark UI shows of a train run: every job the command starts carries a description of its own step, none
 * a stale one of an earlier step, and all of them the run's job group, by which the run can be cancelled at once.
 */
class JobLabelsCliTest {
    @TempDir Path dir;

    /** Every step of a train run, as its jobs describe it. */
    static final Pattern STEP = Pattern.compile("reading, cleaning and counting the names table"
            + "|vocabulary: counting symbols|languages: counting training names per language"
            + "|windows: packing and caching the (train|dev|test) split|the longest name, for the context's width"
            + "|collecting the [0-9]+ names to the driver"
            + "|round [1-3]/3|dev loss after round [1-3]/3|barrier stage: rounds 1-3"
            + "|(train|test) loss of the trained model|labelling samples: in train, dev, test or new");

    /** A job as a listener sees it start. */
    record Job(int id, String description, String group) {
    }

    /** Spark makes it from spark.extraListeners, in the command's own session. */
    public static final class Recorder extends SparkListener {
        static final Queue<Job> JOBS = new ConcurrentLinkedQueue<>();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            JOBS.add(new Job(start.jobId(), start.properties().getProperty("spark.job.description"),
                    start.properties().getProperty("spark.jobGroup.id")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"barrier", "rounds"})
    void everyJobOfATrainRunSaysWhatItDoesUnderTheRunsGroup(String sync) {
        Recorder.JOBS.clear();
        CliTest.Run r = CliTest.run(CliTest.with(CliTest.with(new String[] {"train"}, CliTest.SMALL), "--samples", "4",
                "--set", "train.sync=" + sync, "--set", "spark.extraListeners=" + Recorder.class.getName(),
                // the preparation's Spark jobs, which a table this small would skip on the driver
                "--set", "data.driverMaxNames=0",
                "--output", dir.resolve("model").toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        // the session has stopped, and its listener bus delivered every event before it did
        List<Job> jobs = new ArrayList<>(Recorder.JOBS);
        jobs.sort(Comparator.comparingInt(Job::id));
        assertFalse(jobs.isEmpty());
        String group = jobs.get(0).group();
        assertTrue(group != null && group.startsWith("sparkmore-train-"), String.valueOf(group));
        for (Job j : jobs) {
            assertEquals(group, j.group(), j.toString());
            assertTrue(j.description() != null && STEP.matcher(j.description()).matches(), j + " in " + jobs);
        }
        List<String> steps = jobs.stream().map(Job::description).distinct().toList();
        assertEquals("reading, cleaning and counting the names table", steps.get(0), steps.toString());
        String training = sync.equals("barrier") ? "barrier stage: rounds 1-3" : "round 3/3";
        assertTrue(steps.contains(training), steps.toString());
        // what follows training is labelled as itself, not as the last round
        List<String> after = steps.subList(steps.indexOf("test loss of the trained model"), steps.size());
        assertTrue(after.stream().noneMatch(s -> s.startsWith("round") || s.startsWith("barrier")), steps.toString());
        assertEquals("labelling samples: in train, dev, test or new", jobs.get(jobs.size() - 1).description());
    }
    /**
     * The embedded names are cleaned, prepared, labelled and measured for purity on the driver: Spark runs the
     * training and the losses alone, and no SQL query, whose first in a JVM costs seconds (the README's demo).
     */
    @Test
    void theEmbeddedNamesRunNoSparkJobButTrainingAndLosses() {
        Recorder.JOBS.clear();
        CliTest.Run r = CliTest.run(CliTest.with(CliTest.with(new String[] {"train"}, CliTest.SMALL), "--samples", "8",
                "--script-only", "--set", "spark.extraListeners=" + Recorder.class.getName(),
                "--output", dir.resolve("model").toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("purity: 8 of 8 samples"), r.out());
        List<String> steps = Recorder.JOBS.stream().map(Job::description).distinct().sorted().toList();
        // barrier mode measures the dev loss inside its stage
        assertEquals(List.of("barrier stage: rounds 1-3", "test loss of the trained model",
                "train loss of the trained model"), steps);
    }
}
