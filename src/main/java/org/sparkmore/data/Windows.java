package org.sparkmore.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.apache.spark.unsafe.types.UTF8String;
import org.sparkmore.model.ContextLayout;

/**
 * Explodes names into (context, next symbol) windows with Spark SQL, as makemore's build_dataset does, laid out as
 * {@link ContextLayout} says: each name {@code emma} with block size 3 becomes
 * {@code ... -> e, ..e -> m, .em -> m, emm -> a, mma -> .}, where '.' is the boundary token. Training caches each
 * partition's names once, as a {@link NameBlock} that derives these windows.
 */
public final class Windows {

    /** What {@link #pack} spreads names over partitions by: a hash of the name. */
    private static final Column PARTITION_KEY = xxhash64(col("name"));
    /** The seed Spark's xxhash64 and hash functions start from. */
    static final long SPARK_HASH_SEED = 42L;

    private Windows() {
    }

    /**
     * The partition {@link #pack} puts a name in, as a column: Spark's hash partitioning of
     * {@code repartition(partitions, key)} is pmod(murmur3 hash of the key with seed 42, partitions), which is
     * {@code hash(key)} in SQL. {@link SmallTable} packs a small table on the driver by it.
     */
    static Column partitionOf(int partitions) {
        return pmod(hash(PARTITION_KEY), lit(partitions));
    }

    /**
     * {@link #partitionOf} computed on the driver, with Spark's own hash functions: xxhash64 of the name's UTF-8
     * bytes from seed 42, then murmur3 of that long from seed 42.
     */
    static int partitionOf(String name, int partitions) {
        long key = XXH64.hashUTF8String(UTF8String.fromString(name), SPARK_HASH_SEED);
        return Math.floorMod(Murmur3_x86_32.hashLong(key, (int) SPARK_HASH_SEED), partitions);
    }

    /**
     * The table's languages with their training names (one Spark aggregation; only the per-language counts reach
     * the driver). A language seen only in dev or test has a count of 0.
     */
    public static Languages languages(Dataset<Row> names) {
        List<String> codes = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (Row r : names.groupBy("language")
                .agg(sum(when(col("split").equalTo(NamesTable.TRAIN), 1L).otherwise(0L)))
                .orderBy("language").collectAsList()) {
            if (r.isNullAt(0)) throw new IllegalArgumentException("the language column has empty values");
            codes.add(r.getString(0));
            counts.add(r.getLong(1));
        }
        return new Languages(codes, counts);
    }

    /**
     * One row per name: name, ids (its symbol ids; code points outside the vocabulary map to its unknown token) and
     * lang (its language index, or -1 without languages).
     */
    public static Dataset<Row> encodeNames(Dataset<Row> names, Vocabulary v, Languages languages) {
        int[] keys = v.codePoints().stream().mapToInt(Integer::intValue).toArray();
        int[] ids = new int[keys.length];
        for (int i = 0; i < ids.length; i++) ids[i] = i + 1;
        Column vocab = map_from_arrays(lit(keys), lit(ids));
        Column unknown = v.hasUnknown() ? lit(v.unknownId())
                : raise_error(lit("a name holds a symbol the vocabulary lacks, and it has no unknown-symbol token"));
        // (len) symbol ids of the name; unknown code points fall back to the unknown token
        Column symbolIds = transform(VocabularyBuilder.CODE_POINTS.apply(col("name")),
                cp -> coalesce(try_element_at(vocab, cp), unknown));
        return names.select(col("name"), symbolIds.as("ids"), languageIndex(languages).as("lang"));
    }

    /**
     * One row per window, with int columns c0..c{width-1} (the context: the layout's slots, the language's
     * embedding row last when conditioned), target, and lang (the language index) when there are languages: the
     * windows a {@link NameBlock} derives, spelled out in SQL.
     */
    public static Dataset<Row> explodeNames(Dataset<Row> names, Vocabulary v, Languages languages,
                                            ContextLayout layout) {
        requireVocabulary(layout, v);
        // (len + 1) windows per name: window t predicts the symbol at position t, the end marker at t = len
        Dataset<Row> windows = encodeNames(names, v, languages)
                .select(col("name"), col("ids"), col("lang"), explode(sequence(lit(0), size(col("ids")))).as("t"));
        List<Column> cols = new ArrayList<>();
        cols.add(col("name"));
        for (int k = 0; k < layout.blockSize(); k++)
            cols.add(symbolAt(col("t").plus(layout.offset(k))).as("c" + k));
        if (layout.conditioned()) cols.add(languageRow(layout, languages).as("c" + layout.languageSlot()));
        cols.add(symbolAt(col("t")).as("target"));
        if (!languages.none()) cols.add(col("lang"));
        return windows.select(cols.toArray(new Column[0]));
    }

    /** The symbol at a position of the name: the boundary before its start (padding) and at its end (end marker). */
    private static Column symbolAt(Column position) {
        Column outside = position.lt(0).or(position.geq(size(col("ids"))));
        // element_at is 1-based
        return when(outside, lit(ContextLayout.BOUNDARY)).otherwise(element_at(col("ids"), position.plus(1)));
    }

    /** The row's language's embedding row, looked up among the rows the layout gives each language index. */
    private static Column languageRow(ContextLayout layout, Languages languages) {
        int[] indices = new int[languages.size()];
        int[] rows = new int[languages.size()];
        for (int l = 0; l < indices.length; l++) {
            indices[l] = l;
            rows[l] = layout.languageRow(l);
        }
        return element_at(map_from_arrays(lit(indices), lit(rows)), col("lang"));
    }

    static void requireVocabulary(ContextLayout layout, Vocabulary v) {
        if (layout.vocabSize() != v.size())
            throw new IllegalArgumentException("the layout is for " + layout.vocabSize() + " symbols but the "
                    + "vocabulary has " + v.size());
    }

    /** The row's language index, or -1 without languages; a language the list lacks is an error. */
    private static Column languageIndex(Languages languages) {
        if (languages.none()) return lit(-1);
        int[] ids = new int[languages.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        Column index = map_from_arrays(lit(languages.codes().toArray(new String[0])), lit(ids));
        return coalesce(try_element_at(index, col("language")),
                raise_error(lit("a row's language is not among the model's languages")).cast("int"));
    }

    /**
     * Spreads the names of a split over {@code partitions} by a hash of the name, and packs each partition's names
     * into one {@link NameBlock}, whose windows are sorted by content, so that their order never depends on shuffle
     * arrival order (bit-identical runs).
     */
    public static JavaRDD<WindowBlock> pack(Dataset<Row> names, Vocabulary v, Languages languages,
                                            ContextLayout layout, int partitions) {
        requireVocabulary(layout, v);
        boolean hasLanguages = !languages.none();
        JavaRDD<WindowBlock> blocks = encodeNames(names, v, languages)
                .repartition(partitions, PARTITION_KEY)
                .select("ids", "lang")
                .javaRDD()
                .mapPartitions(rows -> List.<WindowBlock>of(packNames(rows,
                        new NameBlock.Builder(layout, hasLanguages))).iterator());
        if (blocks.getNumPartitions() == partitions) return blocks;
        // Adaptive execution turns an empty input into a relation with no partitions at all; training still needs
        // one (empty) block per partition so that train and dev blocks line up task by task
        if (blocks.getNumPartitions() != 0)
            throw new IllegalStateException("expected " + partitions + " window partitions, got "
                    + blocks.getNumPartitions());
        List<WindowBlock> none = new ArrayList<>();
        for (int p = 0; p < partitions; p++)
            none.add(new NameBlock.Builder(layout, hasLanguages).build());
        return JavaSparkContext.fromSparkContext(names.sparkSession().sparkContext()).parallelize(none, partitions);
    }

    /** The language index of a row's code, as {@link #encodeNames} gives it: -1 without languages. */
    static int languageIndex(Languages languages, String code) {
        if (languages.none()) return -1;
        if (code == null || !languages.codes().contains(code))
            throw new IllegalArgumentException("a row's language is not among the model's languages");
        return languages.index(code);
    }

    /** Adds a partition's rows of (ids, lang) to an empty builder. */
    private static NameBlock packNames(Iterator<Row> rows, NameBlock.Builder b) {
        while (rows.hasNext()) {
            Row r = rows.next();
            List<Integer> ids = r.getList(0);
            b.add(ids.stream().mapToInt(Integer::intValue).toArray(), r.getInt(1));
        }
        return b.build();
    }
}
