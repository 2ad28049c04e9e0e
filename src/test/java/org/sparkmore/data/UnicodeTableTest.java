package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.LocalSpark;

/** Issue 4's Unicode acceptance points through the whole Spark path: file, cleaning, vocabulary, window ids. */
@LocalSpark
class UnicodeTableTest {
    static SparkSession spark;
    @TempDir Path dir;

    static final String YOSHINO = "𠮷野";             // Japanese surname; 𠮷 is U+20BB7, CJK Extension B
    static final String WULFILA = "𐍅𐌿𐌻𐍆𐌹𐌻𐌰";        // Gothic, U+10330..U+1034A
    static final String DESERET = "𐐔𐐯𐑅𐐨𐑉𐐯𐐻";        // "Deseret" in Deseret, a script with case
                                                    // outside the BMP

    private List<String> names(NamesTable.Loaded t) {
        return t.names().select("name").orderBy("name").as(Encoders.STRING()).collectAsList();
    }

    @Test
    void namesOutsideTheBmpRoundTripToSymbolIdsAndBack() throws IOException {
        Path file = Files.writeString(dir.resolve("nonbmp.txt"), YOSHINO + "\n" + WULFILA + "\n" + DESERET + "\n",
                StandardCharsets.UTF_8);
        NamesTable.Loaded t = NamesTable.load(spark, DataConfigs.table(file.toString(), "name", "", 1, 0));
        String deseretLower = NameCleaner.clean(DESERET, true);
        assertEquals("\uD801\uDC3C", deseretLower.substring(0, 2)); // capital DEE folded to small dee, U+1043C
        // Spark SQL counts their characters as code points too
        List<Row> lengths = t.names().selectExpr("name", "length(name)").orderBy("name").collectAsList();
        assertEquals(List.of(7, 7, 2), lengths.stream().map(r -> r.getInt(1)).toList());

        Vocabulary v = VocabularyBuilder.build(t.names(), 1).vocabulary();
        assertFalse(v.hasUnknown());
        assertTrue(v.codePoints().contains(0x20BB7) && v.codePoints().contains(0x10345), v.codePoints().toString());
        assertTrue(v.codePoints().stream().noneMatch(cp -> Character.isSurrogate((char) (int) cp) && cp < 0x10000));
        // The end-marker window of each name holds its whole name when the context is longer than the name
        int blockSize = 8;
        List<String> decoded = new ArrayList<>();
        ContextLayout layout = new ContextLayout(blockSize, v.size(), 0);
        for (Row r : Windows.explodeNames(t.names(), v, Languages.NONE, layout).filter("target = 0").collectAsList()) {
            int[] ids = new int[blockSize];
            for (int k = 0; k < blockSize; k++) ids[k] = r.getInt(1 + k);
            assertEquals(r.getString(0), v.decode(ids));
            decoded.add(v.decode(ids));
        }
        decoded.sort(null);
        assertEquals(List.of(WULFILA, deseretLower, YOSHINO), decoded);
    }

    @Test
    void composedAndDecomposedInputsGiveTheSameSymbols() throws IOException {
        // Renée and Zoë composed, then decomposed; 한 as one syllable, then as three conjoining jamo
        Path composed = Files.writeString(dir.resolve("composed.txt"), "Ren\u00E9e\nZo\u00EB\n\uD55C\uC11D\n");
        Path decomposed = Files.writeString(dir.resolve("decomposed.txt"),
                "Rene\u0301e\nZoe\u0308\n\u1112\u1161\u11AB\uC11D\n");
        NamesTable.Loaded a = NamesTable.load(spark, DataConfigs.table(composed.toString(), "name", "", 1, 0));
        NamesTable.Loaded b = NamesTable.load(spark, DataConfigs.table(decomposed.toString(), "name", "", 1, 0));
        assertEquals(names(a), names(b));
        assertEquals(List.of("ren\u00E9e", "zo\u00EB", "한석"), names(b));
        Vocabulary va = VocabularyBuilder.build(a.names(), 1).vocabulary();
        Vocabulary vb = VocabularyBuilder.build(b.names(), 1).vocabulary();
        assertEquals(va, vb);
        assertFalse(vb.codePoints().contains(0x0301), "no combining acute left over");
        assertFalse(vb.codePoints().contains(0x1112), "no jamo left over");
        assertEquals(0, b.counts().cleanedTotal(), "normalization is not counted as cleaning");
    }

    @Test
    void aCsvWithBomAndCrlfReadsEveryScriptAndCountsWhatItCleans() throws IOException {
        // As Excel saves UTF-8 CSV on Windows: a byte order mark before the header and CRLF line ends
        String csv = "\uFEFFname,language\r\n"
                + "Дмитрий,ru\r\n"
                + "Αλέξανδρος, el \r\n"
                + "שרה,he\r\n"
                + "\u200Eדוד,he\r\n"              // a left-to-right mark before a Hebrew name
                + "فاطمة,ar\r\n"
                + "ماه\u200Cلقا,fa\r\n"           // Persian, with the ZWNJ it needs
                + "Maxi\u00ADmilian,de\r\n"        // a soft hyphen
                + "서연,ko\r\n"
                + "प्रिया,hi\r\n"
                + "Emma,\r\n"                    // no language
                + "Olga,  \r\n";                 // a blank language
        Path file = dir.resolve("excel.csv");
        Files.write(file, csv.getBytes(StandardCharsets.UTF_8));
        NamesTable.Loaded t = NamesTable.load(spark, DataConfigs.table(file.toString(), "name", "language", 1, 0));

        Map<String, String> byName = new TreeMap<>();
        for (Row r : t.names().collectAsList()) byName.put(r.getString(0), r.getString(1));
        Map<String, String> expected = new TreeMap<>(Map.of("дмитрий", "ru", "αλέξανδρος", "el",
                "שרה", "he", "דוד", "he", "فاطمة", "ar", "ماه\u200Cلقا", "fa", "maximilian", "de",
                "서연", "ko", "प्रिया", "hi"));
        assertEquals(expected, byName);

        assertEquals(9, t.kept());
        assertEquals(Map.of("input: no language", 2L), t.dropped());
        assertEquals(Map.of(NameCleaner.REMOVED_FORMAT_OR_CONTROL, 2L), t.counts().cleaned());
        assertEquals(List.of("ar", "de", "el", "fa", "he", "hi", "ko", "ru"), List.copyOf(t.byLanguage().keySet()));
        assertEquals(new RowCounts(2, Map.of(), Map.of(NameCleaner.REMOVED_FORMAT_OR_CONTROL, 1L)),
                t.byLanguage().get("he"));
        assertEquals(new RowCounts(1, Map.of(), Map.of()), t.byLanguage().get("fa"));
        assertTrue(t.counts().describe().endsWith("dropped 2 row(s): {input: no language=2}; "
                + "cleaned 2 row(s): {removed format or control characters=2}"), t.counts().describe());

        Vocabulary v = VocabularyBuilder.build(t.names(), 1).vocabulary();
        assertTrue(v.codePoints().contains(0x200C), "ZWNJ is a symbol");
        assertFalse(v.codePoints().contains(0x200E) || v.codePoints().contains(0x00AD)
                || v.codePoints().contains(0xFEFF));
    }

    @Test
    void aColumnWithThousandsOfLanguagesIsRejected() throws IOException {
        StringBuilder sb = new StringBuilder("name,language\n");
        for (int i = 0; i <= NamesTable.MAX_LANGUAGES; i++) sb.append("ana,l").append(i).append('\n');
        Path file = Files.writeString(dir.resolve("wide.csv"), sb.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NamesTable.load(spark, DataConfigs.table(file.toString(), "name", "language", 1, 0)));
        assertTrue(e.getMessage().contains("'language'") && e.getMessage().contains("more than 10000 distinct"),
                e.getMessage());
    }
}
