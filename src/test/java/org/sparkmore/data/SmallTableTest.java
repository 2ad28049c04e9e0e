package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
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
import org.sparkmore.model.ContextLayout;

/**
 * The driver's preparation of a small table gives what Spark's gives: vocabulary, languages, blocks, sample labels and
 * writing systems.
 */
@LocalSpark
class SmallTableTest {
    static SparkSession spark;

    private static final String[] SPLITS = {NamesTable.TRAIN, NamesTable.TRAIN, NamesTable.DEV, NamesTable.TEST};

    /** Names in three languages and scripts, a rare symbol (the unknown token at minCount 2) and one beyond the BMP. */
    static Dataset<Row> table() {
        String[][] named = {{"emma", "en"}, {"olivia", "en"}, {"ava", "en"}, {"zoë", "en"}, {"mia", "en"},
            {"άννα", "el"}, {"ελένη", "el"}, {"μαρία", "el"}, {"анна", "ru"}, {"мария", "ru"}, {"ольга", "ru"},
            {"emma", "ru"}, {"𠀋emma", "en"}, {"noah", "en"}, {"liam", "en"}, {"ίρις", "el"}};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < named.length; i++)
            rows.add(RowFactory.create(named[i][0], named[i][1], SPLITS[i % SPLITS.length]));
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void vocabularyLanguagesAndLongestAreSparks() {
        DataConfig c = DataConfigs.table("x.csv", "name", "language", 2, 0);
        SmallTable small = SmallTable.collect(table(), 3);
        assertEquals(table().count(), small.size());
        assertEquals(VocabularyBuilder.build(table(), c), small.vocabulary(c));
        DataConfig capped = DataConfigs.table("x.csv", "name", "language", 1, 5);
        assertEquals(VocabularyBuilder.build(table(), capped), small.vocabulary(capped));
        assertEquals(Windows.languages(table()), small.languages());
        assertEquals(6, small.longestName());
    }

    @Test
    void blocksAreSparksPartitionByPartition() {
        DataConfig c = DataConfigs.table("x.csv", "name", "language", 2, 0);
        for (int parts : new int[] {1, 3}) {
            SmallTable small = SmallTable.collect(table(), parts);
            Vocabulary v = small.vocabulary(c).vocabulary();
            Languages languages = small.languages();
            for (ContextLayout layout : List.of(new ContextLayout(3, v.size(), languages.size()),
                    new ContextLayout(2, v.size(), 0)))
                for (String split : new String[] {NamesTable.TRAIN, NamesTable.DEV, NamesTable.TEST}) {
                    List<WindowBlock> spark = Windows.pack(table().filter(col("split").equalTo(split)), v, languages,
                            layout, parts).collect();
                    List<WindowBlock> driver = small.blocks(split, v, languages, layout);
                    assertEquals(parts, driver.size());
                    for (int p = 0; p < parts; p++) assertSame(spark.get(p), driver.get(p));
                }
        }
    }

    @Test
    void labelsAndWritingSystemsAreSparks() {
        SmallTable small = SmallTable.collect(table(), 2);
        // emma is in train and test (train wins), ava in dev, mia in test, ίρις in test, the rest nowhere
        List<String> samples = List.of("emma", "ava", "mia", "ίρις", "zoë", "anna", "emma", "olga");
        assertEquals(SampleLabels.of(spark, table(), samples), small.labels(samples));
        assertEquals("in-train", small.labels(samples).get("emma"));
        assertEquals(DataReport.writingSystems(table()), small.writingSystems());
        // a split value of a user's own table that is none of the three ranks as Spark's join ranks it
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        Dataset<Row> odd = table().union(spark.createDataFrame(List.of(RowFactory.create("maya", "en", "holdout")),
                schema));
        assertEquals(SampleLabels.of(spark, odd, List.of("maya")), SmallTable.collect(odd, 2).labels(List.of("maya")));
    }

    @Test
    void aNameWithoutALanguageIsRefused() {
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        Dataset<Row> t = spark.createDataFrame(List.of(RowFactory.create("emma", null, NamesTable.TRAIN)), schema);
        assertThrows(IllegalArgumentException.class, () -> SmallTable.collect(t, 2).languages());
    }

    /** The same windows in the same order, with the same languages. */
    private static void assertSame(WindowBlock expected, WindowBlock actual) {
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.hasLanguages(), actual.hasLanguages());
        int w = expected.width();
        for (int i = 0; i < expected.size(); i++) {
            int[] a = new int[w + 1];
            int[] b = new int[w + 1];
            a[w] = expected.window(i, a, 0);
            b[w] = actual.window(i, b, 0);
            assertArrayEquals(a, b, "window " + i);
            if (expected.hasLanguages()) assertEquals(expected.language(i), actual.language(i));
        }
    }
}
