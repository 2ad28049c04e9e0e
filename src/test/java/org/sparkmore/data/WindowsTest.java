package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
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

    @Test
    void explodesLikeMakemore() {
        Vocabulary v = VocabularyBuilder.build(names("emma"), 1).vocabulary(); // . a e m
        List<Row> w = Windows.explodeNames(names("emma"), v, Languages.NONE, 3, false).orderBy("c0", "c1", "c2").collectAsList();
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

    @Test
    void symbolsAreCodePointsNotChars() {
        String gothic = "\uD800\uDF30\uD800\uDF31"; // 𐌰𐌱, two symbols outside the BMP
        VocabularyBuilder.Result r = VocabularyBuilder.build(names(gothic), 1);
        assertEquals(List.of(0x10330, 0x10331), r.vocabulary().codePoints());
        assertEquals(3, Windows.explodeNames(names(gothic), r.vocabulary(), Languages.NONE, 2, false).count()); // 2 symbols + end
        assertEquals(gothic, r.vocabulary().decode(r.vocabulary().encode(gothic)));
    }

    @Test
    void rareSymbolsMapToUnknown() {
        VocabularyBuilder.Result r = VocabularyBuilder.build(names("ab", "ab", "ax"), 2);
        Vocabulary v = r.vocabulary();
        assertEquals(List.of((int) 'a', (int) 'b'), v.codePoints());
        assertEquals(4, v.size()); // boundary, a, b, unknown
        assertEquals(5.0 / 6, r.coverage(), 1e-12);
        List<Row> rows = Windows.explodeNames(names("ax"), v, Languages.NONE, 1, false).orderBy("c0").collectAsList();
        assertEquals(v.unknownId(), rows.get(1).getInt(2)); // a -> x becomes a -> unknown
    }

    @Test
    void unknownSymbolWithoutUnknownTokenFails() {
        Vocabulary v = new Vocabulary(List.of((int) 'a'), false);
        assertThrows(Exception.class, () -> Windows.explodeNames(names("ab"), v, Languages.NONE, 2, false).collectAsList());
    }

    @Test
    void packsEveryWindowOncePerPartition() {
        Dataset<Row> n = names("emma", "olivia", "ava", "isabella", "sophia");
        Vocabulary v = VocabularyBuilder.build(n, 1).vocabulary();
        List<WindowBlock> blocks = Windows.pack(n, v, Languages.NONE, 3, false, 2).collect();
        assertEquals(2, blocks.size());
        assertEquals(5 + 7 + 4 + 9 + 7, blocks.get(0).size() + blocks.get(1).size());
        // packing is deterministic: the same blocks, in the same order, every time
        List<WindowBlock> again = Windows.pack(n.repartition(3), v, Languages.NONE, 3, false, 2).collect();
        for (int p = 0; p < 2; p++)
            assertArrayEquals(NameBlockTest.windows(blocks.get(p)), NameBlockTest.windows(again.get(p)));
    }

    @Test
    void anEmptySplitStillGivesOneEmptyBlockPerPartition() {
        Dataset<Row> none = names("emma").filter("name = 'nobody'");
        Vocabulary v = new Vocabulary(List.of((int) 'a'), true);
        List<WindowBlock> blocks = Windows.pack(none, v, Languages.NONE, 3, false, 2).collect();
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
        List<WindowBlock> blocks = Windows.pack(train, v, languages, 2, true, 1).collect();
        WindowBlock b = blocks.get(0);
        assertEquals(3 + 4, b.size()); // "δα": 3 windows, "ада": 4
        int[] context = new int[3];
        for (int w = 0; w < b.size(); w++) {
            b.window(w, context, 0);
            assertEquals(v.size() + b.language(w), context[2], "language row of window " + w);
        }
        assertEquals(3, java.util.stream.IntStream.range(0, b.size()).filter(w -> b.language(w) == 0).count()); // el
        // Unconditioned, the windows still carry their language for per-language losses and balancing
        WindowBlock plain = Windows.pack(train, v, languages, 2, false, 1).collect().get(0);
        assertEquals(2, plain.width());
        assertEquals(4, java.util.stream.IntStream.range(0, plain.size()).filter(w -> plain.language(w) == 1).count());
    }
}
