package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.cli.CliTest.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input suite: every way a user can hand sparkmore bad data, bad flags or a bad place to write, each
 * asserting the outcome TESTING.md's case table lists for it: exit code 2 with one {@code error:} line that names
 * the problem, or exit 0 with the drops counted under their true reason or a warning. Never a stack trace, and an
 * output problem is found before training starts. Model-file corruptions have their own seeded fuzz test
 * (io.ModelLoaderFuzzTest) and divergence its own (DivergenceCliTest).
 */
class HostileInputTest {

    @TempDir static Path dir;

    /** A case: what it is, the command line, the exit code, and a text its output or error must contain. */
    record Case(String name, String[] args, int code, String expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Small and fast: the cases are about input, not about the model. */
    private static final String[] TRAIN = {"train", "--master", "local[2]", "--rounds", "2", "--steps-per-round", "2",
            "--batch-size", "16", "--hidden", "8", "--samples", "0"};

    static Stream<Case> cases() throws IOException {
        List<Case> c = new ArrayList<>();
        String names = write("names.txt", "emma\nolivia\nava\nisabella\nsophia\nmia\ncharlotte\namelia\n".repeat(25));
        String out = dir.resolve("model").toString();
        // Where the names come from
        c.add(train("missing input path", 2, "[PATH_NOT_FOUND]", "--input", dir.resolve("nope.txt").toString()));
        c.add(train("unreachable hdfs:// input", 2, "cannot reach a file system", "--input",
                "hdfs://127.0.0.1:1/names.txt"));
        c.add(train("text file named .parquet", 2, "is not a Parquet file", "--input",
                write("names.parquet", "anna\n")));
        c.add(inspect("empty file", 2, "the names table has no rows", write("empty.txt", "")));
        c.add(inspect("only blank and white-space lines", 2, "no names left after cleaning",
                write("blank.txt", "\n \n\t\n\u00A0\n")));
        c.add(inspect("digits and punctuation only", 0, "input: no letter=3",
                write("digits.txt", "anna\n123\n--\n#1\nbob\n")));
        c.add(inspect("lines of a lone combining mark", 0, "input: no letter=2",
                write("marks.txt", "anna\n\u0301\n\u0301\u0301\nbob\n")));
        c.add(inspect("a 10,000-symbol line", 0, "input: longer than 50 symbols=1",
                write("long.txt", "anna\n" + "x".repeat(10_000) + "\nbob\n")));
        c.add(inspect("BOM, CRLF and a soft hyphen inside a name", 0, "removed format or control characters=1",
                write("bom.txt", "\uFEFFanna\r\nma\u00ADria\r\nbob\r\n")));
        c.add(inspect("csv without the name column", 2, "its columns are: first, lang",
                write("cols.csv", "first,lang\nanna,en\n")));
        c.add(inspect("csv rows without a language", 0, "input: no language=2",
                write("lang.csv", "name,lang\nanna,en\nbob,\nolga,  \nivan,ru\n"), "--language-column", "lang"));
        c.add(inspect("a language column on a text file", 2, "a text table has no columns", names,
                "--language-column", "lang"));
        c.add(inspect("an unknown --format", 2, "is not a Spark data source", names, "--format", "nosuch"));
        // Bytes that are not what they claim, csv as written, case by language
        String latin1 = bytes("latin1.txt",
                "anna\nren\u00e9e\nb\u00e9atrice\nzo\u00eb\n".getBytes(StandardCharsets.ISO_8859_1));
        c.add(inspect("invalid UTF-8 bytes", 0, "input: not valid UTF-8 (set data.encoding)=2", bytes("bad.txt",
                new byte[] {'a', 'n', 'n', 'a', '\n', 'b', (byte) 0xC3, 'b', '\n', (byte) 0xED, (byte) 0xA0,
                        (byte) 0x80, '\n', 'o', 't', 't', 'o', '\n'})));
        c.add(inspect("a Latin-1 file read as UTF-8", 0, "input: not valid UTF-8 (set data.encoding)=3", latin1));
        c.add(inspect("a Latin-1 file with --encoding ISO-8859-1", 0, "4 names kept", latin1, "--encoding",
                "ISO-8859-1"));
        c.add(inspect("an unknown --encoding", 2, "is not a charset this Java knows", names, "--encoding", "klingon"));
        c.add(inspect("csv with quoted multi-line fields", 0, "input: holds a line break=1",
                write("multi.csv", "name,lang\nanna,en\n\"mar\nia\",es\nbob,en\n"), "--language-column", "lang"));
        c.add(inspect("a lone combining mark after a space", 0, "input: lone combining mark=1",
                write("lone.txt", "anna\nbob \u0301x\n")));
        c.add(inspect("a dotted capital I without a language", 0, "(6 of 6 distinct code points",
                write("ibrahim.txt", "\u0130brahim\nIbrahim\n")));
        c.add(inspect("Turkish names folded by their language", 0, "(3 of 3 distinct code points",
                write("tr.csv", "name,lang\nI\u015eIK,tr\n\u0131\u015f\u0131k,tr\n"), "--language-column", "lang"));
        // Flags and configuration
        c.add(train("--lr Infinity", 2, "optim.learningRate must be finite and > 0, got Infinity",
                "--input", names, "--lr", "Infinity"));
        c.add(train("--lr NaN", 2, "optim.learningRate must be finite and > 0, got NaN", "--input", names,
                "--lr", "NaN"));
        c.add(train("--lr -1", 2, "optim.learningRate must be finite and > 0", "--input", names, "--lr", "-1"));
        c.add(train("--min-count beyond every symbol", 2, "--min-count", "--input", names, "--min-count", "100000000"));
        c.add(train("an unknown config key", 2, "unknown config key 'optim.lerningRate'", "--input", names,
                "--set", "optim.lerningRate=0.1"));
        c.add(train("a word where a number goes", 2, "model.embeddingDim", "--input", names,
                "--embedding-dim", "many"));
        c.add(train("dev + test percent of 100", 2, "data.devPercent + data.testPercent must be in [0, 100)",
                "--input", names, "--set", "data.devPercent=50", "--set", "data.testPercent=50"));
        c.add(train("--keep without --versioned", 2, "add --versioned", "--input", names, "--keep", "2"));
        // Degenerate data, trained on anyway, with warnings
        c.add(train("a context longer than every name", 0, "is longer than the longest name (9 symbols)",
                "--input", names, "--block-size", "12", "--output", out));
        c.add(train("one name repeated", 0, "warning: the dev split holds no names", "--input",
                write("one.txt", "anna\n".repeat(2000)), "--output", out));
        // Where the model goes, checked before training
        c.add(train("an unreachable hdfs:// output", 2, "cannot save the model to hdfs://127.0.0.1:1/models/m",
                "--input", names, "--output", "hdfs://127.0.0.1:1/models/m"));
        c.add(train("an unreachable hdfs:// registry", 2, "cannot open the registry hdfs://127.0.0.1:1/models",
                "--input", names, "--output", "hdfs://127.0.0.1:1/models", "--versioned"));
        c.add(train("an output that is a file", 2, "it exists and is not a model directory", "--input", names,
                "--output", write("taken", "not a model")));
        c.add(train("--metrics naming a directory", 2, "is a directory", "--input", names, "--output", out,
                "--metrics", dir.toString()));
        c.add(train("an unreachable hdfs:// checkpoint directory", 2, "cannot reach a file system", "--input", names,
                "--output", out, "--checkpoint-every", "1", "--checkpoint-dir", "hdfs://127.0.0.1:1/ckpt"));
        c.add(new Case("sample from a directory that holds no model", new String[] {"sample", "--model",
                dir.resolve("nomodel").toString(), "--no-label"}, 2, "nomodel"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void endsWithAClearErrorOrCountedDrops(Case c) {
        CliTest.Run r = run(c.args());
        String all = r.out() + r.err();
        assertEquals(c.code(), r.code(), all);
        assertFalse(all.contains("\tat "), "no stack trace: " + all);
        if (c.code() != 0) {
            assertTrue(r.err().strip().startsWith("error: ") && r.err().strip().lines().count() == 1,
                    "one error: line: " + r.err());
            assertFalse(r.out().contains("windows:"), "refused before the data are prepared: " + r.out());
        }
        else assertFalse(all.contains("NaN"), "no NaN in the results: " + all);
        assertTrue(all.contains(c.expect()), c.expect() + " in: " + all);
    }

    private static Case train(String name, int code, String expect, String... flags) {
        return new Case(name, CliTest.with(TRAIN, flags), code, expect);
    }

    private static Case inspect(String name, int code, String expect, String input, String... flags) {
        return new Case(name, CliTest.with(new String[] {"data", "inspect", "--master", "local[2]", "--min-count", "1",
                "--input", input}, flags), code, expect);
    }

    private static String bytes(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content).toString();
    }

    private static String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8).toString();
    }
}
