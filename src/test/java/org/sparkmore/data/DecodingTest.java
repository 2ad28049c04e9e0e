package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.LocalSpark;

/**
 * Files as their bytes are: invalid UTF-8, Latin-1 and Windows files with and without data.encoding, in text, csv
 * and json, and csv with quoted fields over several lines. Real files, a real local[2] Spark.
 */
@LocalSpark
class DecodingTest {
    static SparkSession spark;
    @TempDir Path dir;

    private static final String NOT_UTF8 = "input: not valid UTF-8 (set data.encoding)";

    private static NamesTable.Loaded load(Path file, String... keyValues) {
        Map<String, String> keys = new HashMap<>(Map.of("data.input", file.toString()));
        for (int i = 0; i < keyValues.length; i += 2) keys.put(keyValues[i], keyValues[i + 1]);
        return NamesTable.load(spark, DataConfigs.keys(keys));
    }

    private static List<String> names(NamesTable.Loaded t) {
        return t.names().select("name").orderBy("name").as(Encoders.STRING()).collectAsList();
    }

    /** The vocabulary's code points of a loaded table, every symbol kept. */
    private static List<Integer> symbols(NamesTable.Loaded t) {
        return VocabularyBuilder.build(t.names(), 1).vocabulary().codePoints();
    }

    private Path bytes(String name, byte[]... parts) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return Files.write(dir.resolve(name), out.toByteArray());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] raw(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    @Test
    void invalidUtf8IsDroppedWithItsReasonAndNeverBecomesASymbol() throws IOException {
        // a truncated sequence, a Latin-1 í, an encoded lone surrogate (ED A0 80), a stray continuation byte
        Path txt = bytes("bad.txt", utf8("Anna\nJos"), raw(0xC3), utf8("\nMar"), raw(0xED), utf8("a\n"),
                raw(0xED, 0xA0, 0x80), utf8("x\n"), raw(0x80), utf8("Emma\nZoë\n"));
        NamesTable.Loaded t = load(txt);
        assertEquals(List.of("anna", "zoë"), names(t));
        assertEquals(Map.of(NOT_UTF8, 4L), t.dropped());
        assertEquals(Map.of(), t.counts().cleaned());
        assertFalse(symbols(t).contains(0xFFFD), symbols(t).toString());
    }

    @Test
    void aLatin1TextFileIsDecodedWithItsEncodingAndDroppedWithoutIt() throws IOException {
        Path txt = Files.writeString(dir.resolve("latin1.txt"), "José\nZoë\nMüller\nAnna\r\nFrançois\n",
                StandardCharsets.ISO_8859_1);
        NamesTable.Loaded asUtf8 = load(txt);
        assertEquals(List.of("anna"), names(asUtf8));
        assertEquals(Map.of(NOT_UTF8, 4L), asUtf8.dropped());
        NamesTable.Loaded latin1 = load(txt, "data.encoding", "ISO-8859-1");
        assertEquals(List.of("anna", "françois", "josé", "müller", "zoë"), names(latin1));
        assertEquals(Map.of(), latin1.dropped());
        assertEquals(List.of("anna", "françois", "josé", "müller", "zoë"),
                names(load(txt, "data.encoding", "latin1", "data.format", "text")));
    }

    @Test
    void bytesAWindowsCodePageDoesNotDefineAreDroppedAndNamed() throws IOException {
        // 0x80 is the euro sign in windows-1252; 0x81 is undefined there
        Path txt = bytes("cp1252.txt", utf8("Ana"), raw(0x81), utf8("\nRen"), raw(0xE9), utf8("e\nEuro"), raw(0x80),
                utf8("\n"));
        NamesTable.Loaded t = load(txt, "data.encoding", "windows-1252");
        assertEquals(List.of("euro€", "renée"), names(t));
        assertEquals(Map.of("input: not valid windows-1252 (set data.encoding)", 1L), t.dropped());
    }

    @Test
    void csvAndJsonAreDecodedWithTheEncoding() throws IOException {
        Path csv = Files.writeString(dir.resolve("latin1.csv"), "name,lang\nJosé,es\nAnna,en\nGöran,sv\n",
                StandardCharsets.ISO_8859_1);
        NamesTable.Loaded asUtf8 = load(csv, "data.languageColumn", "lang");
        assertEquals(List.of("anna"), names(asUtf8));
        assertEquals(Map.of(NOT_UTF8, 2L), asUtf8.dropped());
        assertEquals(Map.of(NOT_UTF8, 1L), asUtf8.byLanguage().get("es").dropped());
        assertEquals(List.of("anna", "göran", "josé"),
                names(load(csv, "data.languageColumn", "lang", "data.encoding", "ISO-8859-1")));
        // a record Spark cannot parse says why: its bytes, or its syntax (the last line is cut short)
        Path json = Files.writeString(dir.resolve("latin1.json"), "{\"name\":\"José\",\"lang\":\"es\"}\n"
                + "{\"name\":\"Anna\",\"lang\":\"en\"}\n{\"name\":\"Bea", StandardCharsets.ISO_8859_1);
        NamesTable.Loaded jsonUtf8 = load(json, "data.languageColumn", "lang");
        assertEquals(List.of("anna"), names(jsonUtf8));
        assertEquals(Map.of(NOT_UTF8, 1L, "input: malformed record", 1L), jsonUtf8.dropped());
        NamesTable.Loaded jsonLatin1 = load(json, "data.languageColumn", "lang", "data.encoding", "ISO-8859-1");
        assertEquals(List.of("anna", "josé"), names(jsonLatin1));
        assertEquals(Map.of("input: malformed record or not valid ISO-8859-1 (set data.encoding)", 1L),
                jsonLatin1.dropped());
    }

    @Test
    void anEncodingThatCannotApplyIsAClearError() throws IOException {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DataConfigs.keys(Map.of("data.encoding", "latin-one")));
        assertTrue(unknown.getMessage().contains("data.encoding (--encoding) 'latin-one' is not a charset")
                && unknown.getMessage().contains("ISO-8859-1"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataConfigs.keys(Map.of("data.encoding", "")));
        String parquet = dir.resolve("names.parquet").toString();
        spark.createDataset(List.of("emma"), Encoders.STRING()).toDF("name").write().parquet(parquet);
        IllegalArgumentException binary = assertThrows(IllegalArgumentException.class,
                () -> load(Path.of(parquet), "data.encoding", "ISO-8859-1"));
        assertTrue(binary.getMessage().contains("applies to text, csv and json files only, not to parquet"),
                binary.getMessage());
        assertEquals(List.of("emma"), names(load(Path.of(parquet), "data.encoding", "utf8")));
        Path txt = Files.writeString(dir.resolve("utf16.txt"), "Emma\n", StandardCharsets.UTF_16LE);
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> load(txt, "data.encoding", "UTF-16LE"));
        assertTrue(wide.getMessage().contains("UTF-16LE does not write as one byte"), wide.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> load(dir.resolve("nowhere.txt"), "data.encoding", "ISO-8859-1"));
        assertTrue(missing.getMessage().contains("Path does not exist"), missing.getMessage());
    }

    @Test
    void quotedCsvFieldsOverSeveralLinesAreOneFieldAndDroppedAsSuch() throws IOException {
        StringBuilder csv = new StringBuilder("name,lang\n");
        for (int i = 0; i < 40; i++) csv.append("Maria,es\nOlga,ru\n\"Ana\nSofia\",es\n\"Jean-\r\nLuc\",fr\n");
        csv.append("\"Zoë\",en\n\"Mary, Ann\",en\n");
        Path file = Files.writeString(dir.resolve("multiline.csv"), csv.toString());
        NamesTable.Loaded t = load(file, "data.languageColumn", "lang");
        assertEquals(82, t.kept());
        assertEquals(Map.of("input: holds a line break", 80L), t.dropped());
        assertEquals(Map.of("input: holds a line break", 40L), t.byLanguage().get("fr").dropped());
        assertEquals(List.of("mary, ann", "zoë"), names(t).stream().filter(n -> !n.equals("maria")
                && !n.equals("olga")).distinct().toList());
        assertFalse(symbols(t).contains((int) '"'));
        // Spark's line-by-line csv, as before, when asked: the pieces land in the wrong columns
        NamesTable.Loaded lines = load(file, "data.languageColumn", "lang", "data.options", "multiLine=false");
        assertTrue(lines.dropped().containsKey("input: no language"), lines.dropped().toString());
        assertTrue(symbols(lines).contains((int) '"'));
    }
}
