package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.LocalSpark;

/** The per-language figures of the data report, exact on {@link MultiscriptTable}. */
@LocalSpark
class DataReportTest {
    static SparkSession spark;
    @TempDir Path dir;

    private DataReport report(DataConfig c) {
        NamesTable.Loaded t = NamesTable.load(spark, c);
        return DataReport.of(t, VocabularyBuilder.build(t.names(), c));
    }

    @Test
    void perLanguageFiguresAreExact() throws IOException {
        DataReport r = report(DataConfigs.table(MultiscriptTable.write(dir).toString(), "name", "lang", 1, 0));
        assertEquals(List.of("ru", "he", "ja", "el", "fa"),
                r.languages().stream().map(DataReport.Language::language).toList());
        DataReport.Language ru = r.languages().get(0);
        assertEquals(new RowCounts(4, Map.of("input: empty or whitespace only", 1L),
                Map.of(NameCleaner.REMOVED_FORMAT_OR_CONTROL, 1L)), ru.rows());
        assertEquals(14, ru.symbols().distinctSymbols()); // и в а н м р я о л ь г п ё т
        assertEquals(new DataReport.Lengths(4, 5, 5, 5), ru.lengths()); // иван мария ольга пётр
        assertEquals("Cyrillic 100.0%", ru.mainScripts(3));

        DataReport.Language he = r.languages().get(1);
        assertEquals(new RowCounts(3, Map.of(), Map.of(NameCleaner.REMOVED_FORMAT_OR_CONTROL, 1L)), he.rows());
        assertEquals(6, he.symbols().distinctSymbols());
        assertEquals(new DataReport.Lengths(3, 3, 3, 3), he.lengths());

        DataReport.Language ja = r.languages().get(2);
        assertEquals(8, ja.symbols().distinctSymbols());
        assertEquals(new DataReport.Lengths(3, 3, 3, 3), ja.lengths()); // 𠮷野 is 2 code points, not 3 chars
        assertEquals("Hiragana 37.5%, Katakana 37.5%, Han 25.0%", ja.mainScripts(3));
        assertEquals("Hiragana 37.5%, Katakana 37.5%", ja.mainScripts(2));

        DataReport.Language el = r.languages().get(3);
        assertEquals(11, el.symbols().distinctSymbols());
        assertEquals(new DataReport.Lengths(5, 10, 10, 10), el.lengths());

        DataReport.Language fa = r.languages().get(4);
        assertEquals(12, fa.symbols().distinctSymbols()); // 11 letters and the ZWNJ
        assertEquals(new DataReport.Lengths(7, 9, 9, 9), fa.lengths());
        assertEquals("Arabic 100.0%", fa.mainScripts(3)); // the ZWNJ is neutral
    }

    @Test
    void theAllEntrySumsTheLanguagesAndCountsRowsWithoutOne() throws IOException {
        DataReport r = report(DataConfigs.table(MultiscriptTable.write(dir).toString(), "name", "lang", 1, 0));
        DataReport.Language all = r.all();
        assertEquals(DataReport.ALL, all.language());
        assertEquals(new RowCounts(14, Map.of("input: empty or whitespace only", 1L, "input: no language", 2L),
                Map.of(NameCleaner.REMOVED_FORMAT_OR_CONTROL, 2L)), all.rows());
        assertEquals(51, all.symbols().distinctSymbols());
        // lengths 2 3 3 3 3 3 4 4 5 5 5 7 9 10: the 7th, 13th and 14th of 14
        assertEquals(new DataReport.Lengths(4, 9, 10, 10), all.lengths());
        // 18 Cyrillic, 15 Greek, 14 Arabic, 9 Hebrew, 3 + 3 kana, 2 Han: 64 scripted symbols
        assertEquals("Cyrillic 28.1%, Greek 23.4%, Arabic 21.9%", all.mainScripts(3));
    }

    @Test
    void withoutALanguageColumnThereIsOnlyAll() throws IOException {
        DataReport r = report(DataConfigs.table(MultiscriptTable.write(dir).toString(), "name", "", 1, 0));
        assertEquals(List.of(), r.languages());
        assertEquals(new RowCounts(16, Map.of("input: empty or whitespace only", 1L),
                Map.of(NameCleaner.REMOVED_FORMAT_OR_CONTROL, 2L)), r.all().rows());
        assertEquals(51 + 4, r.all().symbols().distinctSymbols()); // emma and anna add e m n a
        assertEquals(4, r.all().lengths().p50());
    }
}
