package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.LocalSpark;

/**
 * A {@link NameBlock} yields exactly the windows that were cached as ints before it (context ids, target,
 * language), in the same order, for names of every length; and costs under 8 bytes a window at real name lengths.
 */
@LocalSpark
class NameBlockTest {
    /** Names per 1000 of each length in code points, 1 to 14, on the multiscript table (mean 5.85 symbols). */
    static final int[] MULTISCRIPT_LENGTHS = {5, 48, 95, 140, 175, 173, 142, 103, 61, 33, 15, 6, 3, 1};
    static SparkSession spark;

    /** Every window of a block as (context ids, target, language or -1), in block order. */
    static int[][] windows(WindowBlock b) {
        int[][] out = new int[b.size()][];
        for (int w = 0; w < b.size(); w++) {
            int[] row = new int[b.width() + 2];
            row[b.width()] = b.window(w, row, 0);
            row[b.width() + 1] = b.hasLanguages() ? b.language(w) : -1;
            out[w] = row;
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"1, false, false", "3, false, false", "3, false, true", "3, true, true", "8, true, true",
            "8, false, true"})
    void derivesTheIntWindowsInTheirOrder(int blockSize, boolean conditioned, boolean hasLanguages) {
        int vocab = 3100;
        SplittableRandom r = new SplittableRandom(blockSize);
        List<int[]> names = new ArrayList<>();
        int[] languages = new int[300];
        for (int n = 0; n < languages.length; n++) {
            // lengths 0 to 20, around and past the block size; few distinct ids, so contexts tie and sort by later keys
            int[] ids = r.ints(n % 21, 1, n % 2 == 0 ? 4 : vocab).toArray();
            names.add(ids);
            languages[n] = r.nextInt(5);
        }
        names.add(names.get(7)); // a duplicate name: equal windows
        languages = Arrays.copyOf(languages, names.size());
        languages[names.size() - 1] = languages[7];
        NameBlock.Builder b = new NameBlock.Builder(new ContextLayout(blockSize, vocab, conditioned ? 5 : 0),
                hasLanguages);
        for (int n = 0; n < names.size(); n++) b.add(names.get(n), hasLanguages ? languages[n] : -1);
        NameBlock block = b.build();
        assertEquals(blockSize + (conditioned ? 1 : 0), block.width());
        assertArrayEquals(reference(names, languages, vocab, blockSize, conditioned, hasLanguages), windows(block));
    }

    /** makemore's build_dataset windows, as ints, sorted by (context, target, language) as Spark sorted them. */
    static int[][] reference(List<int[]> names, int[] languages, int vocab, int blockSize, boolean conditioned,
                             boolean hasLanguages) {
        int width = blockSize + (conditioned ? 1 : 0);
        List<int[]> rows = new ArrayList<>();
        for (int n = 0; n < names.size(); n++) {
            int[] ids = names.get(n);
            int[] padded = new int[blockSize + ids.length + 1]; // boundary, name, boundary
            System.arraycopy(ids, 0, padded, blockSize, ids.length);
            for (int i = 0; i + blockSize < padded.length; i++) {
                int[] row = new int[width + 2];
                System.arraycopy(padded, i, row, 0, blockSize);
                if (conditioned) row[blockSize] = vocab + languages[n];
                row[width] = padded[i + blockSize];
                row[width + 1] = hasLanguages ? languages[n] : -1;
                rows.add(row);
            }
        }
        rows.sort(Arrays::compare);
        return rows.toArray(new int[0][]);
    }

    @ParameterizedTest
    @CsvSource({"3, true", "2, false", "5, false"})
    void packGivesTheWindowsSparkSortedIntoEachPartition(int blockSize, boolean conditioned) {
        Dataset<Row> names = table();
        Languages languages = Windows.languages(names);
        Vocabulary v = new Vocabulary("abcde\uD800\uDF30\uD800\uDF31".codePoints().boxed().sorted().toList(), true);
        ContextLayout layout = new ContextLayout(blockSize, v.size(), conditioned ? languages.size() : 0);
        List<WindowBlock> blocks = Windows.pack(names, v, languages, layout, 3).collect();
        List<List<Row>> before = sortedAsBefore(Windows.explodeNames(names, v, languages, layout),
                blockSize + (conditioned ? 1 : 0), 3);
        assertEquals(3, blocks.size());
        for (int p = 0; p < 3; p++) {
            int[][] expected = before.get(p).stream().map(row -> {
                int[] ints = new int[row.size()];
                for (int k = 0; k < ints.length; k++) ints[k] = row.getInt(k);
                return ints;
            }).toArray(int[][]::new);
            assertArrayEquals(expected, windows(blocks.get(p)), "partition " + p);
        }
    }

    /** Windows.pack before NameBlock: the windows by a hash of their name, sorted within each partition. */
    private static List<List<Row>> sortedAsBefore(Dataset<Row> windows, int width, int partitions) {
        List<Column> order = new ArrayList<>();
        for (int k = 0; k < width; k++) order.add(col("c" + k));
        order.add(col("target"));
        order.add(col("lang"));
        return windows.repartition(partitions, xxhash64(col("name")))
                .sortWithinPartitions(order.toArray(new Column[0])).drop("name").javaRDD().glom().collect();
    }

    /** 200 names of 0 to 9 symbols, some beyond the BMP, some outside the vocabulary ('z'), in 3 languages. */
    private static Dataset<Row> table() {
        SplittableRandom r = new SplittableRandom(3);
        int[] symbols = "abcde\uD800\uDF30\uD800\uDF31z".codePoints().toArray();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(10); k > 0; k--) sb.appendCodePoint(symbols[r.nextInt(symbols.length)]);
            rows.add(RowFactory.create(sb.toString(), List.of("el", "got", "ru").get(r.nextInt(3)), NamesTable.TRAIN));
        }
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }

    @Test
    void aWindowCostsUnderEightBytesAtMultiscriptNameLengths() {
        SplittableRandom r = new SplittableRandom(1);
        NameBlock.Builder b = new NameBlock.Builder(new ContextLayout(3, 3100, 128), true);
        int windows = 0;
        for (int length = 1; length <= MULTISCRIPT_LENGTHS.length; length++)
            for (int n = 0; n < 10 * MULTISCRIPT_LENGTHS[length - 1]; n++, windows += length + 1)
                b.add(r.ints(length, 1, 3100).toArray(), r.nextInt(128));
        NameBlock block = b.build();
        assertEquals(windows, block.size());
        double perWindow = block.bytes() / (double) block.size();
        // 4 bytes of target position, and (6.85 + 1) symbols of 2 bytes over 6.85 windows a name
        assertEquals(6.29, perWindow, 0.01);
        assertTrue(perWindow <= 8);
        assertEquals(24, new WindowArrays(4, new int[4], new int[1], new int[1]).bytes()); // the int layout
    }

    @Test
    void idsMustFitTheVocabularyAndMarkersAChar() {
        NameBlock.Builder b = new NameBlock.Builder(new ContextLayout(3, 10, 0), true);
        assertThrows(IllegalArgumentException.class, () -> b.add(new int[] {10}, 0));
        assertThrows(IllegalArgumentException.class, () -> b.add(new int[] {1}, 65535));
        assertThrows(IllegalArgumentException.class, () -> new NameBlock.Builder(new ContextLayout(3, 10, 1), false));
        NameBlock empty = b.build();
        assertEquals(0, empty.size());
        assertEquals(0, empty.bytes());
    }
}
