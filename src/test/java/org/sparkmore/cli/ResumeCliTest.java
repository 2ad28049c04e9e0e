package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.sparkmore.cli.CliTest.run;
import static org.sparkmore.cli.CliTest.with;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.train.CheckpointDirectory;
import org.sparkmore.io.CheckpointStore;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedCheckpoint;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/**
 * Checkpoint and resume end to end: a training JVM killed with SIGKILL after it wrote a checkpoint, then
 * {@code train --resume}, ends with the parameters of a run that was never interrupted, bit for bit.
 */
class ResumeCliTest {
    @TempDir Path dir;

    /** Long enough (about a second of rounds) that the kill lands mid-run; a checkpoint every 20 rounds. */
    static final String[] RUN = {"train", "--master", "local[2]", "--rounds", "500", "--steps-per-round", "2",
            "--batch-size", "8", "--hidden", "8", "--partitions", "2", "--samples", "0", "--checkpoint-every", "20",
            "--set", "data.minCount=1", "--set", "train.evalEvery=100"};

    @Test
    void aKilledRunResumedEndsBitIdenticalToAnUninterruptedOne() throws Exception {
        Path names = RetrainingCliTest.table(dir, "names.txt", RetrainingCliTest.NAMES);
        Path killed = dir.resolve("killed");
        Path checkpoint = dir.resolve("killed.checkpoint");
        Path log = dir.resolve("killed.log");
        Process child = java(log, with(RUN, "--input", names.toString(), "--output", killed.toString()));
        try {
            awaitCheckpoint(checkpoint, child, log);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
            child.waitFor();
        }
        assertFalse(Files.exists(killed), "the run died before saving its model");
        SavedCheckpoint c = CheckpointStore.load(checkpoint.toString(), new Configuration());
        assertTrue(c.round() + 1 < 500, "killed mid-run, checkpoint after round " + (c.round() + 1));

        CliTest.Run refused = run("train", "--resume", checkpoint.toString(), "--rounds", "5", "--lr", "0.1");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("drop --rounds, --lr"), refused.err());

        CliTest.Run resumed = run("train", "--resume", checkpoint.toString(), "--master", "local[2]");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("resume: from round " + (c.round() + 1)), resumed.out());
        assertTrue(resumed.out().contains("round 500/500"), resumed.out());
        assertFalse(Files.exists(checkpoint), "a complete run removes its checkpoint");

        Path reference = dir.resolve("reference");
        CliTest.Run clean = run(with(RUN, "--input", names.toString(), "--output", reference.toString()));
        assertEquals(0, clean.code(), clean.err());
        assertArrayEquals(ModelStore.load(reference.toString(), new Configuration()).params(),
                ModelStore.load(killed.toString(), new Configuration()).params());
    }

    @Test
    void aTableThatChangedSinceTheCheckpointIsRefused() {
        Vocabulary ab = new Vocabulary(List.of(0x61, 0x62), false);
        ModelConfig shape = new ModelConfig(ab.size(), 2, 4, List.of(5), Activation.TANH);
        SavedModel model = new SavedModel(shape, ab, Languages.NONE, Map.of(), Map.of(),
                new float[(int) Params.count(shape)]);
        SavedCheckpoint c = new SavedCheckpoint(model, 3, 120, new float[0], Map.of("trainWindows", "40"));
        assertEquals(3, CheckpointDirectory.resumeFrom(c, shape, ab, Languages.NONE, 40).round());
        Vocabulary abc = new Vocabulary(List.of(0x61, 0x62, 0x63), false);
        String message = assertThrows(IllegalArgumentException.class, () -> CheckpointDirectory.resumeFrom(c,
                new ModelConfig(abc.size(), 2, 4, List.of(5), Activation.TANH), abc, Languages.NONE, 40)).getMessage();
        assertTrue(message.contains("the table changed since the checkpoint (its vocabulary)"), message);
        message = assertThrows(IllegalArgumentException.class,
                () -> CheckpointDirectory.resumeFrom(c, shape, ab, Languages.NONE, 41)).getMessage();
        assertTrue(message.contains("(its train windows, 40 then and 41 now)"), message);
    }

    /** Starts sparkmore in a new JVM with this test's classpath, its output to a log file. */
    private static Process java(Path log, String... args) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "@" + Path.of("conf/jvm.options").toAbsolutePath(), "-cp", classpath,
                "org.sparkmore.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Waits until the child has written a checkpoint; fails with its log if it ends first or takes too long. */
    private static void awaitCheckpoint(Path checkpoint, Process child, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        Path written = checkpoint.resolve(CheckpointStore.CHECKPOINT_JSON);
        while (!Files.exists(written)) {
            if (!child.isAlive() || System.currentTimeMillis() > deadline)
                fail("no checkpoint from the training JVM (" + (child.isAlive() ? "timed out" : "exited "
                        + child.exitValue()) + "):\n" + Files.readString(log));
            Thread.sleep(5);
        }
    }
}
