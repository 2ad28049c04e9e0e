package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.LocalSpark;

@LocalSpark
class WindowsTest {
    static SparkSession spark;

    static Dataset<Row> names(String... names) {
        List<Row> rows = new ArrayList<>();
        for (String n : names) rows.add(RowFactory.create(n, null, NamesTable.TRAIN));
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

    /** The windows of a model not conditioned on languages. */
    static ContextLayout plain(int blockSize, Vocabulary v) {
        return new ContextLayout(blockSize, v.size(), 0);
    }

    @Test
    void explodesLikeMakemore() {
        Vocabulary v = VocabularyBuilder.build(names("emma"), 1).vocabulary(); // . a e m
        List<Row> w = Windows.explodeNames(names("emma"), v, Languages.NONE, plain(3, v)).orderBy("c0", "c1", "c2")
                .collectAsList();
        // makemore: ... -> e, ..e -> m, .em -> m, emm -> a, mma -> .
        int a = v.id('a'), e = v.id('e'), m = v.id('m');
        List<int[]> expected = List.of(new int[] {0, 0, 0, e}, new int[] {0, 0, e, m}, new int[] {0, e, m, m},
                new int[] {e, m, m, a}, new int[] {m, m, a, 0});
        List<int[]> got = new ArrayList<>();
        for (Row r : w)
            got.add(new int[] {r.getInt(1), r.getInt(2), r.getInt(3), r.getInt(4)});
        assertEquals(5, w.size());
        for (int i = 0; i < 5; i++) assertArrayEquals(expected.get(i), got.get(i));
    }

    /**
     * The Spark SQL windows are the layout's, slot by slot: names shorter than the context (padded with the
     * boundary), longer ones, with a language's row (conditioned), with a language but unconditioned, without one.
     */
    @Test
    void sparkWindowsAreTheContextLayoutsWindows() {
        List<Row> rows = new ArrayList<>();
        String[][] named = {{"a", "ru"}, {"bo", "el"}, {"eve", "ru"}, {"emma", "el"}, {"olivia", "ru"}, {"bo", "ru"}};
        for (String[] n : named) rows.add(RowFactory.create(n[0], n[1], NamesTable.TRAIN));
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        Dataset<Row> withLanguages = spark.createDataFrame(rows, schema);
        Dataset<Row> without = names("a", "bo", "eve", "emma", "olivia");
        Languages languages = Windows.languages(withLanguages);
        Vocabulary v = VocabularyBuilder.build(withLanguages, 1).vocabulary();
        for (int blockSize : new int[] {1, 4, 8}) {
            assertLayoutsWindows(without, v, Languages.NONE, plain(blockSize, v));
            assertLayoutsWindows(withLanguages, v, languages, plain(blockSize, v));
            assertLayoutsWindows(withLanguages, v, languages, new ContextLayout(blockSize, v.size(), languages.size()));
        }
    }

    /** explodeNames's rows, as "name context target language", against the layout's windows of each name. */
    private static void assertLayoutsWindows(Dataset<Row> table, Vocabulary v, Languages languages,
                                             ContextLayout layout) {
        int width = layout.width();
        List<String> expected = new ArrayList<>();
        for (Row r : table.collectAsList()) {
            int[] ids = v.encode(r.getString(0));
            int language = languages.none() ? -1 : languages.index(r.getString(1));
            for (int t = 0; t <= ids.length; t++) {
                int[] window = new int[width];
                int target = layout.window(ids, t, language, window, 0);
                expected.add(r.getString(0) + " " + Arrays.toString(window) + " " + target + " " + language);
            }
        }
        List<String> got = new ArrayList<>();
        for (Row r : Windows.explodeNames(table, v, languages, layout).collectAsList()) {
            int[] window = new int[width];
            for (int k = 0; k < width; k++) window[k] = r.getInt(r.fieldIndex("c" + k));
            int language = languages.none() ? -1 : r.getInt(r.fieldIndex("lang"));
            got.add(r.getString(0) + " " + Arrays.toString(window) + " " + r.getInt(r.fieldIndex("target")) + " "
                    + language);
        }
        expected.sort(null);
        got.sort(null);
        assertEquals(expected, got, layout.toString());
        assertEquals(width + 2 + (languages.none() ? 0 : 1), Windows.explodeNames(table, v, languages, layout)
                .columns().length, "name, the context's slots, target, and lang when there are languages");
    }

    @Test
    void symbolsAreCodePointsNotChars() {
        String gothic = "\uD800\uDF30\uD800\uDF31"; // 𐌰𐌱, two symbols outside the BMP
        VocabularyBuilder.Result r = VocabularyBuilder.build(names(gothic), 1);
        assertEquals(List.of(0x10330, 0x10331), r.vocabulary().codePoints());
        assertEquals(3, Windows.explodeNames(names(gothic), r.vocabulary(), Languages.NONE, plain(2, r.vocabulary()))
                .count()); // 2 symbols + end
        assertEquals(gothic, r.vocabulary().decode(r.vocabulary().encode(gothic)));
    }

    @Test
    void rareSymbolsMapToUnknown() {
        VocabularyBuilder.Result r = VocabularyBuilder.build(names("ab", "ab", "ax"), 2);
        Vocabulary v = r.vocabulary();
        assertEquals(List.of((int) 'a', (int) 'b'), v.codePoints());
        assertEquals(4, v.size()); // boundary, a, b, unknown
        assertEquals(5.0 / 6, r.coverage(), 1e-12);
        List<Row> rows = Windows.explodeNames(names("ax"), v, Languages.NONE, plain(1, v)).orderBy("c0")
                .collectAsList();
        assertEquals(v.unknownId(), rows.get(1).getInt(2)); // a -> x becomes a -> unknown
    }

    @Test
    void unknownSymbolWithoutUnknownTokenFails() {
        Vocabulary v = new Vocabulary(List.of((int) 'a'), false);
        assertThrows(Exception.class,
                () -> Windows.explodeNames(names("ab"), v, Languages.NONE, plain(2, v)).collectAsList());
    }

    @Test
    void packsEveryWindowOncePerPartition() {
        Dataset<Row> n = names("emma", "olivia", "ava", "isabella", "sophia");
        Vocabulary v = VocabularyBuilder.build(n, 1).vocabulary();
        List<WindowBlock> blocks = Windows.pack(n, v, Languages.NONE, plain(3, v), 2).collect();
        assertEquals(2, blocks.size());
        assertEquals(5 + 7 + 4 + 9 + 7, blocks.get(0).size() + blocks.get(1).size());
        // packing is deterministic: the same blocks, in the same order, every time
        List<WindowBlock> again = Windows.pack(n.repartition(3), v, Languages.NONE, plain(3, v), 2).collect();
        for (int p = 0; p < 2; p++)
            assertArrayEquals(NameBlockTest.windows(blocks.get(p)), NameBlockTest.windows(again.get(p)));
    }

    @Test
    void anEmptySplitStillGivesOneEmptyBlockPerPartition() {
        Dataset<Row> none = names("emma").filter("name = 'nobody'");
        Vocabulary v = new Vocabulary(List.of((int) 'a'), true);
        List<WindowBlock> blocks = Windows.pack(none, v, Languages.NONE, plain(3, v), 2).collect();
        assertEquals(2, blocks.size());
        assertEquals(0, blocks.get(0).size() + blocks.get(1).size());
    }

    @Test
    void windowsCarryTheirLanguageAndAConditionedContextEndsWithItsRow() {
        List<Row> rows = List.of(RowFactory.create("ада", "ru", NamesTable.TRAIN),
                RowFactory.create("δα", "el", NamesTable.TRAIN), RowFactory.create("да", "ru", NamesTable.DEV));
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        Dataset<Row> table = spark.createDataFrame(rows, schema);
        Languages languages = Windows.languages(table);
        assertEquals(new Languages(List.of("el", "ru"), List.of(1L, 1L)), languages); // training names only
        Vocabulary v = VocabularyBuilder.build(table, 1).vocabulary();
        Dataset<Row> train = table.filter("split = 'train'");
        ContextLayout conditioned = new ContextLayout(2, v.size(), languages.size());
        List<WindowBlock> blocks = Windows.pack(train, v, languages, conditioned, 1).collect();
        WindowBlock b = blocks.get(0);
        assertEquals(3 + 4, b.size()); // "δα": 3 windows, "ада": 4
        int[] context = new int[3];
        for (int w = 0; w < b.size(); w++) {
            b.window(w, context, 0);
            assertEquals(v.size() + b.language(w), context[2], "language row of window " + w);
        }
        assertEquals(3, java.util.stream.IntStream.range(0, b.size()).filter(w -> b.language(w) == 0).count()); // el
        // Unconditioned, the windows still carry their language for per-language losses and balancing
        WindowBlock plain = Windows.pack(train, v, languages, plain(2, v), 1).collect().get(0);
        assertEquals(2, plain.width());
        assertEquals(4, java.util.stream.IntStream.range(0, plain.size()).filter(w -> plain.language(w) == 1).count());
    }
}
