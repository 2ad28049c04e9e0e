package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.TestFiles;

/** The commands end to end, in process, on real files and a real local[2] Spark. */
class CliTest {
    @TempDir Path dir;

    /** Exit code, then stdout and stderr. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static final String[] SMALL = {"--master", "local[2]", "--rounds", "3", "--steps-per-round", "2",
            "--batch-size", "8", "--hidden", "8", "--set", "data.minCount=1", "--set", "train.evalEvery=1"};

    static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"train", "sample", "evaluate"}) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: sparkmore " + cmd), r.out());
        }
        assertTrue(run("--help").out().contains("train"));
    }

    @Test
    void messyFileTrainsSavesSamplesAndEvaluates() throws Exception {
        Path input = TestFiles.messyNames(dir);
        Path model = dir.resolve("model");
        Run train = run(with(with(new String[] {"train"}, SMALL), "--input", input.toString(),
                "--output", model.toString(), "--samples", "5"));
        assertEquals(0, train.code(), train.err());
        assertTrue(train.out().contains("dropped 4 row(s): {input: empty or whitespace only=3, "
                + "input: longer than 50 symbols=1}"), train.out());
        assertTrue(train.out().contains("round 3/3 |"), train.out());
        assertTrue(train.out().contains("ETA"), train.out());
        assertTrue(train.out().contains("samples:"), train.out());
        for (String f : new String[] {"model.json", "params.npy", "checksums.sha256"})
            assertTrue(Files.exists(model.resolve(f)), f);

        Run a = run("sample", "--model", model.toString(), "--no-label", "-n", "6", "--seed", "3");
        Run b = run("sample", "--model", model.toString(), "--no-label", "-n", "6", "--seed", "3");
        assertEquals(0, a.code(), a.err());
        assertEquals(6, a.out().strip().split("\n").length);
        assertEquals(a.out(), b.out());

        Run labelled = run("sample", "--model", model.toString(), "--master", "local[2]", "-n", "4");
        assertEquals(0, labelled.code(), labelled.err());
        assertTrue(labelled.out().matches("(?s).*samples:.*(new|in-train|in-dev|in-test).*"), labelled.out());

        Run dist = run("sample", "--model", model.toString(), "--show-distribution", "em");
        assertTrue(dist.out().contains("T=0.5") && dist.out().contains("T=2"), dist.out());

        Run eval = run("evaluate", "--model", model.toString(), "--master", "local[2]");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("train loss") && eval.out().contains("dev   loss"), eval.out());

        // minCount 1 leaves the model no unknown token: a table with new symbols is a clear error
        Path other = Files.writeString(dir.resolve("other.txt"), "emma\nqxé\n");
        Run unknown = run("evaluate", "--model", model.toString(), "--master", "local[2]", "--input", other.toString());
        assertEquals(2, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("vocabulary lacks") && unknown.err().contains("q (U+71)"), unknown.err());
    }

    @Test
    void missingColumnExitsWithAClearErrorAndNoModel() throws Exception {
        Path csv = Files.writeString(dir.resolve("t.csv"), "first\nemma\n");
        Path model = dir.resolve("m");
        Run r = run(with(with(new String[] {"train"}, SMALL), "--input", csv.toString(),
                "--output", model.toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("error: the name column (--name-column) 'name' is not in"), r.err());
        assertFalse(Files.exists(model));
    }

    @Test
    void readerOptionsAndAnotherFormatThroughTheFlags() throws Exception {
        Path psv = Files.writeString(dir.resolve("people.psv"), "first;lang\nemma;en\nava;en\nolivia;en\nmia;en\n");
        Path model = dir.resolve("m");
        Run r = run("train", "--master", "local[2]", "--rounds", "2", "--steps-per-round", "5", "--samples", "0",
                "--batch-size", "8", "--hidden", "8", "--set", "data.minCount=1", "--input", psv.toString(),
                "--format", "csv", "--option", "sep=;", "--name-column", "first", "--output", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("options=sep=;"), r.out());
        assertTrue(Files.exists(model.resolve("params.npy")));

        Run both = run("data", "inspect", "--master", "local[2]", "--input", psv.toString(), "--table", "db.names");
        assertEquals(2, both.code(), both.err());
        assertTrue(both.err().contains("--input") && both.err().contains("--table"), both.err());
        Run comma = run("data", "inspect", "--master", "local[2]", "--input", psv.toString(), "--option", "sep=,");
        assertEquals(2, comma.code(), comma.err());
        assertTrue(comma.err().contains("'sep=,'"), comma.err());
        Run orc = run("evaluate", "--model", model.toString(), "--master", "local[2]", "--format", "nosuchformat");
        assertEquals(2, orc.code(), orc.err());
        assertTrue(orc.err().contains("data.format 'nosuchformat' is not a Spark data source"), orc.err());
    }

    @Test
    void unknownConfigKeyExitsWithTheKnownOnes() {
        Run r = run("sample", "--model", "nowhere", "--set", "sample.temprature=2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown config key 'sample.temprature'") && r.err().contains("sample.temperature"),
                r.err());
    }

    @Test
    void oneNameRepeatedWarnsOfAnEmptyPartitionAndAnEmptyDevSplit() throws Exception {
        Path names = Files.writeString(dir.resolve("annas.txt"), "anna\n".repeat(60));
        Run r = run("train", "--master", "local[2]", "--input", names.toString(), "--partitions", "2", "--rounds", "2",
                "--steps-per-round", "2", "--batch-size", "8", "--hidden", "8", "--set", "data.minCount=1",
                "--samples", "0", "--output", dir.resolve("model").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("warning: 1 of 2 training partitions hold no windows"), r.out());
        assertTrue(r.out().contains("warning: the dev split holds no names"), r.out());
    }

    @Test
    void aBadValueInAnySectionFailsBeforeSparkStarts() throws Exception {
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Files.writeString(taken.resolve("notes.txt"), "not a model");
        String[][] lines = {{"train", "--lr", "NaN"}, {"train", "--set", "sample.temperature=-1"},
                {"train", "--set", "barrier.maxRestarts=-1"}, {"data", "inspect", "--set", "data.minCount=0"},
                {"train", "--output", taken.toString(), "--samples", "0"},
                {"sample", "--model", taken.toString(), "--set", "train.mode=sum"},
                {"evaluate", "--model", taken.toString(), "--set", "optim.schedule=linear"}};
        for (String[] line : lines) {
            Run[] r = new Run[1];
            assertEquals(0, SparkStarts.during(() -> r[0] = run(line)), "Spark never started: " + r[0].out());
            assertEquals(2, r[0].code(), String.join(" ", line) + ": " + r[0].out() + r[0].err());
            assertEquals(1, r[0].err().lines().filter(l -> l.startsWith("error: ")).count(), r[0].err());
        }
    }

    /**
     * A bad flag or --set value in any command exits 2 with one line naming the key and what it may be, before a
     * Spark session exists: no SparkContext starts. A command that gets as far as reading data does start one.
     */
    @Test
    void aBadValueNamesItsKeyAndValidValuesAndNoSparkSessionIsCreated() {
        String[][] cases = {
                {"train --lr abc", "error: optim.learningRate must be a number, got 'abc'"},
                {"train --set optim.optimizer=adamm", "error: optim.optimizer must be one of sgd, adam, got 'adamm'"},
                {"sample --temperature -1", "error: sample.temperature must be >= 0, got -1.0"}};
        for (String[] c : cases) {
            Run[] r = new Run[1];
            assertEquals(0, SparkStarts.during(() -> r[0] = run(c[0].split(" "))), c[0] + " started Spark");
            assertEquals(2, r[0].code(), c[0] + ": " + r[0].out() + r[0].err());
            // The first Hadoop and Spark classes loaded in a JVM may log a warning or two to stderr as well
            assertEquals(List.of(c[1]), r[0].err().lines().filter(l -> l.startsWith("error: ")).toList(), c[0]);
        }
        String missing = dir.resolve("none.txt").toString();
        assertEquals(1, SparkStarts.during(() -> run("data", "inspect", "--master", "local[1]", "--input", missing)));
    }

    @Test
    void aMissingInputIsOneErrorLine() {
        Run r = run("train", "--master", "local[2]", "--input", dir.resolve("none.txt").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: [PATH_NOT_FOUND]"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void missingModelExitsWithAClearError() {
        Run r = run("sample", "--model", dir.resolve("none").toString(), "--no-label");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("error:"), r.err());
    }

    @Test
    void anEmptyTrainSplitAndAMissingConfFileAreClearErrors() throws Exception {
        Path empty = Files.writeString(dir.resolve("train.txt"), "\n");
        Path names = Files.writeString(dir.resolve("dev.txt"), "emma\nava\n");
        Run r = run(with(with(new String[] {"train"}, SMALL), "--train", empty.toString(), "--dev", names.toString(),
                "--test", names.toString(), "--output", dir.resolve("m").toString()));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("error: the train split has no names"), r.err());
        Run c = run("sample", "--model", dir.toString(), "--config", dir.resolve("missing.conf").toString());
        assertEquals(2, c.code());
        assertTrue(c.err().contains("missing.conf"), c.err());
        Run old = run("sample", "--model", dir.toString(), "--conf", dir.resolve("old.conf").toString());
        assertEquals(2, old.code());
        assertTrue(old.err().contains("warning: --conf FILE is deprecated") && old.err().contains("old.conf"),
                old.err());
    }
}
