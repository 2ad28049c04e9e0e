package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.SparkTestSession;
import org.sparkmore.data.MultiscriptTable;

/** {@code sparkmore data inspect} end to end, in process, on real files and a real local[2] Spark. */
class InspectCliTest {
    @TempDir Path dir;

    @Test
    void helpWorksAtEveryLevel() {
        assertTrue(CliTest.run("--help").out().contains("data"));
        CliTest.Run data = CliTest.run("data", "--help");
        assertEquals(0, data.code());
        assertTrue(data.out().contains("Usage: sparkmore data") && data.out().contains("inspect"), data.out());
        CliTest.Run bare = CliTest.run("data");
        assertEquals(0, bare.code());
        assertTrue(bare.out().contains("Usage: sparkmore data"), bare.out());
        CliTest.Run inspect = CliTest.run("data", "inspect", "--help");
        assertEquals(0, inspect.code());
        for (String flag : new String[] {"Usage: sparkmore data inspect", "--input", "--language-column", "--max-vocab",
                "--min-count", "--master", "--table", "--option", "--format", "--encoding"})
            assertTrue(inspect.out().contains(flag), flag + " in " + inspect.out());
    }

    @Test
    void printsExactPerLanguageFiguresAndTheCoverage() throws Exception {
        Path csv = MultiscriptTable.write(dir);
        CliTest.Run r = CliTest.run("data", "inspect", "--master", "local[2]", "--input", csv.toString(),
                "--name-column", "name", "--language-column", "lang", "--min-count", "1", "--max-vocab", "40");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("data: 14 names kept; dropped 3 row(s): {input: empty or whitespace only=1, "
                + "input: no language=2}; cleaned 2 row(s): {removed format or control characters=2}"), r.out());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("language ")).findFirst().orElseThrow());
        assertTrue(lines.get(header).matches("language +kept +dropped +cleaned +symbols +p50 +p90 +p99 +max "
                + "+main scripts +dropped by reason"), lines.get(header));
        // language, kept, dropped, cleaned, symbols, p50, p90, p99, max, main scripts, dropped by reason
        String[] expected = {
                "ru +4 +1 +1 +14 +4 +5 +5 +5 +Cyrillic 100\\.0% +empty or whitespace only=1",
                "he +3 +0 +1 +6 +3 +3 +3 +3 +Hebrew 100\\.0% +-",
                "ja +3 +0 +0 +8 +3 +3 +3 +3 +Hiragana 37\\.5%, Katakana 37\\.5%, Han 25\\.0% +-",
                "el +2 +0 +0 +11 +5 +10 +10 +10 +Greek 100\\.0% +-",
                "fa +2 +0 +0 +12 +7 +9 +9 +9 +Arabic 100\\.0% +-",
                "all +14 +3 +2 +51 +4 +9 +10 +10 +Cyrillic 28\\.1%, Greek 23\\.4%, Arabic 21\\.9% "
                        + "+empty or whitespace only=1, no language=2"};
        for (int i = 0; i < expected.length; i++)
            assertTrue(lines.get(header + 1 + i).matches(expected[i]), lines.get(header + 1 + i));
        assertTrue(r.out().contains("vocabulary: 42 symbols (40 of 51 distinct code points kept with count >= 1, "
                + "at most 40, covering"), r.out());
        int coverage = lines.indexOf("coverage by language:");
        assertTrue(coverage > header, r.out());
        assertTrue(lines.get(coverage + 1).matches("language +symbols +in vocabulary +occurrences +coverage"),
                lines.get(coverage + 1));
        // by symbol occurrences: ru 18, fa 16 (with two ZWNJ), el 15, he 9, ja 8
        assertTrue(lines.get(coverage + 2).matches("ru +14 +\\d+ +18 +\\d+\\.\\d\\d%"), lines.get(coverage + 2));
        assertEquals(5, lines.subList(coverage + 2, lines.size()).stream().filter(l -> l.matches("[a-z]+ +\\d.*"))
                .count());
    }

    @Test
    void badInputExitsWithAClearError() throws Exception {
        Path csv = MultiscriptTable.write(dir);
        CliTest.Run missing = CliTest.run("data", "inspect", "--master", "local[2]", "--input", csv.toString(),
                "--language-column", "language");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("error: the language column (--language-column) 'language' is not in")
                && missing.err().contains("name, lang"), missing.err());
        Path txt = Files.writeString(dir.resolve("names.txt"), "Иван\n");
        CliTest.Run text = CliTest.run("data", "inspect", "--master", "local[2]", "--input", txt.toString(),
                "--language-column", "lang");
        assertEquals(2, text.code(), text.err());
        assertTrue(text.err().contains("--language-column needs csv, parquet, json or another format"), text.err());
        CliTest.Run cap = CliTest.run("data", "inspect", "--master", "local[2]", "--input", txt.toString(),
                "--max-vocab", "-1");
        assertEquals(2, cap.code(), cap.err());
        assertTrue(cap.err().contains("data.maxVocab must be >= 0"), cap.err());
    }

    @Test
    void reportsRowsThatAreNotValidUtf8AndReadsThemWithTheirEncoding() throws Exception {
        Path txt = Files.writeString(dir.resolve("latin1.txt"), "José\nZoë\nAnna\nMüller\n",
                java.nio.charset.StandardCharsets.ISO_8859_1);
        CliTest.Run asUtf8 = CliTest.run("data", "inspect", "--master", "local[2]", "--input", txt.toString(),
                "--min-count", "1");
        assertEquals(0, asUtf8.code(), asUtf8.err());
        assertTrue(asUtf8.out().contains("data: 1 names kept; dropped 3 row(s): {input: not valid UTF-8 (set "
                + "data.encoding)=3}; cleaned 0 row(s)"), asUtf8.out());
        assertTrue(asUtf8.out().lines().anyMatch(l -> l.matches("all +1 +3 +0 .*Latin 100\\.0% +not valid UTF-8 "
                + "\\(set data.encoding\\)=3")), asUtf8.out());
        assertTrue(!asUtf8.out().contains("\uFFFD"), asUtf8.out());
        CliTest.Run latin1 = CliTest.run("data", "inspect", "--master", "local[2]", "--input", txt.toString(),
                "--min-count", "1", "--encoding", "ISO-8859-1");
        assertEquals(0, latin1.code(), latin1.err());
        assertTrue(latin1.out().contains("encoding=ISO-8859-1"), latin1.out());
        assertTrue(latin1.out().contains("data: 4 names kept; dropped 0 row(s)"), latin1.out());
        CliTest.Run bogus = CliTest.run("data", "inspect", "--master", "local[2]", "--input", txt.toString(),
                "--encoding", "latin-one");
        assertEquals(2, bogus.code(), bogus.err());
        assertTrue(bogus.err().contains("data.encoding (--encoding) 'latin-one' is not a charset"), bogus.err());
    }

    /** The shared multiscript table: 599,267 names in 136 languages; skipped where ../shared is absent. */
    @Test
    void inspectsTheSharedMultiscriptTable() {
        Path shared = SparkTestSession.shared();
        Path table = shared == null ? null : shared.resolve("data/multiscript/multiscript-names.csv");
        assumeTrue(table != null && Files.exists(table), "no ../shared/data/multiscript/multiscript-names.csv");
        CliTest.Run r = CliTest.run("data", "inspect", "--master", "local[2]", "--input", table.toString(),
                "--language-column", "language");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("language ")).findFirst().orElseThrow());
        int all = lines.indexOf(lines.stream().filter(l -> l.startsWith("all ")).findFirst().orElseThrow());
        assertEquals(136, all - header - 1, r.out());
        assertTrue(lines.get(header + 1).matches("ru +143,698 .*Cyrillic 9\\d\\.\\d%.*"), lines.get(header + 1));
        // 3 of the 599,267 rows hold no letter and are dropped as such
        assertTrue(lines.get(all).startsWith("all ") && lines.get(all).contains("599,264")
                && lines.get(all).contains("no letter=3"), lines.get(all));
    }
}
