package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.LocalSpark;
import org.sparkmore.TestFiles;

@LocalSpark
class NamesTableTest {
    static SparkSession spark;
    @TempDir Path dir;

    static DataConfig input(String path) {
        return DataConfigs.input(path);
    }

    @Test
    void messyTextFileKeepsTheGoodRowsAndCountsTheRest() throws IOException {
        NamesTable.Loaded t = NamesTable.load(spark, input(TestFiles.messyNames(dir).toString()));
        List<String> kept = t.names().select("name").orderBy("name").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertEquals(List.of("ava", "emma", "olivia", "r2d2", "zo\uD83D\uDE00e", "\uD800\uDF30\uD800\uDF31"), kept);
        assertEquals(6, t.kept());
        assertEquals(Map.of("input: empty or whitespace only", 3L, "input: longer than 50 symbols", 1L), t.dropped());
    }

    @Test
    void missingColumnSaysWhichAndListsTheOthers() throws IOException {
        Path csv = Files.writeString(dir.resolve("t.csv"), "first,lang\nemma,en\n");
        DataConfig c = input(csv.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NamesTable.load(spark, c));
        assertTrue(e.getMessage().contains("'name' is not in"), e.getMessage());
        assertTrue(e.getMessage().contains("first, lang"), e.getMessage());
    }

    @Test
    void emptyTableFailsWithNoRows() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NamesTable.load(spark, input(empty.toString())));
        assertTrue(e.getMessage().contains("has no rows"), e.getMessage());
    }

    @Test
    void csvWithLanguageColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("l.csv"), "first,lang\nEmma,en\nΑλέξανδρος,el\n");
        DataConfig c = DataConfigs.table(csv.toString(), "first", "lang", 1, 0);
        List<Row> rows = NamesTable.load(spark, c).names().orderBy("name").collectAsList();
        assertEquals("emma", rows.get(0).getString(0));
        assertEquals("αλέξανδρος", rows.get(1).getString(0));
        assertEquals("el", rows.get(1).getString(1));
    }

    @Test
    void mainScriptOnlyDropsRomanisedNamesAndCountsThemPerLanguage() throws IOException {
        Path csv = Files.writeString(dir.resolve("s.csv"), "name,lang\nΕλένη,el\nΝίκος,el\nMaria,el\n"
                + "अमित,hi\nप्रिया,hi\nसुनीता,hi\nAmit,hi\n"
                + "さくら,ja\n山田,ja\nアキラ,ja\n");
        DataConfig d = DataConfigs.table(csv.toString(), "name", "lang", 1, 0);
        DataConfig c = new DataConfig(d.input(), "", d.format(), "", "UTF-8", d.nameColumn(), d.languageColumn(), "",
                "", "", d.lowercase(), d.maxLength(), true, 1, 0, d.devPercent(), d.testPercent(), d.splitSeed(),
                d.driverMaxNames());
        NamesTable.Loaded t = NamesTable.load(spark, c);
        List<String> kept = t.names().orderBy("name").collectAsList().stream().map(r -> r.getString(0)).toList();
        // Japanese keeps kanji and both kanas (one writing system); the Latin entries of el and hi go
        assertEquals(List.of("ελένη", "νίκος"), kept.subList(0, 2)); // code point order: Greek sorts first
        assertEquals(8, t.kept());
        assertEquals(Map.of("input: " + ScriptFilter.REASON, 2L), t.dropped());
        assertEquals(Map.of("input: " + ScriptFilter.REASON, 1L), t.byLanguage().get("hi").dropped());
        assertTrue(kept.containsAll(List.of("さくら", "山田", "アキラ", "अमित")), kept.toString());
        assertThrows(IllegalArgumentException.class, () -> new DataConfig("x.txt", "", "auto", "", "UTF-8", "name",
                "", "", "", "", true, 50, true, 1, 0, 10, 10, 42L, 0));
    }

    @Test
    void splitDependsOnlyOnTheName() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) sb.append("name").append(i).append('\n');
        Path file = Files.writeString(dir.resolve("many.txt"), sb.toString());
        NamesTable.Loaded a = NamesTable.load(spark, input(file.toString()));
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (Row r : a.names().groupBy("split").count().collectAsList()) counts.put(r.getString(0), r.getLong(1));
        assertEquals(2000, counts.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(counts.get("dev") > 120 && counts.get("dev") < 280, counts.toString());
        assertTrue(counts.get("test") > 120 && counts.get("test") < 280, counts.toString());
        List<Row> one = a.names().select("name", "split").orderBy("name").collectAsList();
        List<Row> other = a.names().repartition(7).select("name", "split").orderBy("name").collectAsList();
        assertEquals(one, other);
    }

    @Test
    void explicitSplitsAreKeptAsGiven() throws IOException {
        Path tr = Files.writeString(dir.resolve("train.txt"), "a\nb\n");
        Path dv = Files.writeString(dir.resolve("dev.txt"), "c\n");
        Path te = Files.writeString(dir.resolve("test.txt"), "d\n");
        DataConfig c = DataConfigs.splits(tr.toString(), dv.toString(), te.toString());
        List<Row> rows = NamesTable.load(spark, c).names().select("name", "split").orderBy("name").collectAsList();
        assertEquals("[[a,train], [b,train], [c,dev], [d,test]]", rows.toString());
    }

    @Test
    void aDirectoryOfCsvPartsIsReadAsCsv() throws IOException {
        Path table = Files.createDirectory(dir.resolve("table"));
        Files.writeString(table.resolve("part-0.csv"), "name,lang\nemma,en\n");
        Files.writeString(table.resolve("_SUCCESS"), "");
        List<Row> rows = NamesTable.load(spark, input(table.toString())).names().collectAsList();
        assertEquals(1, rows.size());
        assertEquals("emma", rows.get(0).getString(0));
    }

    @Test
    void namesFoldCaseWithTheirRowsLanguageAndLeaveNoLoneDot() throws IOException {
        Path csv = Files.writeString(dir.resolve("tr.csv"), "name,lang\nİbrahim,tr\nİbrahim,en\nIŞIK,tr\n"
                + "İSMAİL,az\nIvan,ru\nİlkay,\n\u0301Ayşe,tr\n");
        NamesTable.Loaded t = NamesTable.load(spark, DataConfigs.table(csv.toString(), "name", "lang", 1, 0));
        List<String> rows = t.names().orderBy("name", "language").collectAsList().stream()
                .map(r -> r.getString(0) + "/" + r.getString(1)).toList();
        assertEquals(List.of("ibrahim/en", "ibrahim/tr", "ismail/az", "ivan/ru", "ışık/tr"), rows);
        assertEquals(Map.of("input: no language", 1L, "input: lone combining mark", 1L), t.dropped());
        assertTrue(!VocabularyBuilder.build(t.names(), 1).vocabulary().codePoints().contains(0x0307));
        Path txt = Files.writeString(dir.resolve("tr.txt"), "İbrahim\nIŞIK\n");
        List<String> noLanguage = NamesTable.load(spark, input(txt.toString())).names().select("name")
                .orderBy("name").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertEquals(List.of("ibrahim", "işik"), noLanguage);
    }
}
