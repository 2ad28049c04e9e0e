package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.LocalSpark;

/** The vocabulary's minimum count, size cap and unknown-symbol mapping, and its coverage, on real tables. */
@LocalSpark
class VocabularyBuilderTest {
    static SparkSession spark;
    @TempDir Path dir;

    /**
     * English and Russian Annas. Symbol counts: a 5, n 5 (Latin); а 3, н 3, я 1 (Cyrillic): 17 occurrences.
     * The Cyrillic а (U+0430) and н (U+043D) tie at 3; the lower code point wins.
     */
    private NamesTable.Loaded annas(int minCount, int maxVocab) throws IOException {
        Path csv = Files.writeString(dir.resolve("annas.csv"),
                "name,lang\nAnna,en\nAnn,en\nAna,en\nАнна,ru\nЯна,ru\n");
        return NamesTable.load(spark, DataConfigs.table(csv.toString(), "name", "lang", minCount, maxVocab));
    }

    @Test
    void theCapKeepsTheMostFrequentAndMapsTheRestToUnknown() throws IOException {
        DataConfig c = DataConfigs.table("unused", "name", "lang", 1, 3);
        NamesTable.Loaded t = annas(1, 3);
        VocabularyBuilder.Result r = VocabularyBuilder.build(t.names(), c);
        Vocabulary v = r.vocabulary();
        assertEquals(List.of((int) 'a', (int) 'n', 0x0430), v.codePoints());
        assertTrue(v.hasUnknown());
        assertEquals(5, v.size()); // boundary, a, n, а, unknown
        assertEquals("\uFFFD\uFFFDа", v.decode(v.encode("яна")));
        assertEquals(new VocabularyBuilder.Coverage(5, 3, 17, 13), r.total());
        assertEquals(13.0 / 17, r.coverage(), 1e-15);
        assertEquals(Map.of("en", new VocabularyBuilder.Coverage(2, 2, 10, 10),
                "ru", new VocabularyBuilder.Coverage(3, 1, 7, 3)), r.byLanguage());
        assertEquals("5 symbols (3 of 5 distinct code points kept with count >= 1, at most 3, covering 76.47% of "
                + "17 symbol occurrences)", r.describe(1));
        assertEquals(List.of(
                "language  symbols  in vocabulary  occurrences  coverage",
                "en              2              2           10   100.00%",
                "ru              3              1            7    42.86%"), r.describeLanguages());
    }

    @Test
    void windowsOfCappedSymbolsUseTheUnknownToken() throws IOException {
        NamesTable.Loaded t = annas(1, 3);
        Vocabulary v = VocabularyBuilder.build(t.names(), DataConfigs.table("unused", "name", "lang", 1, 3))
                .vocabulary();
        // яна with a one-symbol context: . -> я, я -> н, н -> а, а -> . ; я and н are unknown
        ContextLayout layout = new ContextLayout(1, v.size(), 0);
        List<List<Integer>> windows = new ArrayList<>(Windows.explodeNames(t.names().filter("name = 'яна'"), v,
                        Languages.NONE, layout)
                .collectAsList().stream().map(r -> List.of(r.getInt(1), r.getInt(2))).toList());
        int unk = v.unknownId();
        int a = v.id(0x0430);
        List<List<Integer>> expected = new ArrayList<>(
                List.of(List.of(0, unk), List.of(unk, unk), List.of(unk, a), List.of(a, 0)));
        Comparator<List<Integer>> order = Comparator.<List<Integer>>comparingInt(w -> w.get(0))
                .thenComparingInt(w -> w.get(1));
        windows.sort(order);
        expected.sort(order);
        assertEquals(expected, windows);
    }

    @Test
    void minCountAndCapTogetherAndNoCapKeepsEverySymbolAboveTheCount() throws IOException {
        NamesTable.Loaded t = annas(4, 0);
        VocabularyBuilder.Result minOnly = VocabularyBuilder.build(t.names(),
                DataConfigs.table("x", "name", "lang", 4, 0));
        assertEquals(List.of((int) 'a', (int) 'n'), minOnly.vocabulary().codePoints());
        assertEquals(new VocabularyBuilder.Coverage(3, 0, 7, 0), minOnly.byLanguage().get("ru"));
        VocabularyBuilder.Result both = VocabularyBuilder.build(t.names(),
                DataConfigs.table("x", "name", "lang", 4, 1));
        // a and n tie at 5: a has the lower code point
        assertEquals(List.of((int) 'a'), both.vocabulary().codePoints());
        VocabularyBuilder.Result all = VocabularyBuilder.build(t.names(), DataConfigs.table("x", "name", "lang", 1, 0));
        assertEquals(5, all.vocabulary().codePoints().size());
        assertFalse(all.vocabulary().hasUnknown());
        assertEquals(1.0, all.coverage());
        String none = assertThrows(IllegalArgumentException.class, () -> VocabularyBuilder.build(t.names(),
                DataConfigs.table("x", "name", "lang", 100_000_000, 0))).getMessage();
        assertTrue(none.contains("the vocabulary would hold no symbol: lower --min-count"), none);
    }

    @Test
    void withoutALanguageColumnThereIsNoPerLanguageCoverage() throws IOException {
        Path txt = Files.writeString(dir.resolve("annas.txt"), "Anna\nАнна\n");
        NamesTable.Loaded t = NamesTable.load(spark, DataConfigs.table(txt.toString(), "name", "", 1, 0));
        VocabularyBuilder.Result r = VocabularyBuilder.build(t.names(), DataConfigs.table("x", "name", "", 1, 2));
        assertEquals(Map.of(), r.byLanguage());
        assertEquals(new VocabularyBuilder.Coverage(4, 2, 8, 4), r.total());
    }

    @Test
    void aNegativeCapIsAConfigError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataConfigs.table("x", "name", "", 1, -1));
        assertTrue(e.getMessage().contains("data.maxVocab"), e.getMessage());
    }
}
