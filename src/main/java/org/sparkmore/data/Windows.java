package org.sparkmore.data;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Explodes names into (context, next symbol) windows with Spark SQL, as makemore's build_dataset does: each name
 * {@code emma} with block size 3 becomes {@code ... -> e, ..e -> m, .em -> m, emm -> a, mma -> .}, where '.' is the
 * boundary token. Each partition's windows are then packed into one {@link WindowBlock}.
 */
public final class Windows {

    private Windows() {
    }

    /**
     * One row per window, with int columns c0..c{blockSize-1} (the context) and target. Code points outside the
     * vocabulary map to its unknown token.
     */
    public static Dataset<Row> explodeNames(Dataset<Row> names, Vocabulary v, int blockSize) {
        int[] keys = v.codePoints().stream().mapToInt(Integer::intValue).toArray();
        int[] ids = new int[keys.length];
        for (int i = 0; i < ids.length; i++) ids[i] = i + 1;
        Column vocab = map_from_arrays(lit(keys), lit(ids));
        Column unknown = v.hasUnknown() ? lit(v.unknownId())
                : raise_error(lit("a name holds a symbol the vocabulary lacks, and it has no unknown-symbol token"));
        // (len) symbol ids of the name; unknown code points fall back to the unknown token
        Column symbolIds = transform(VocabularyBuilder.CODE_POINTS.apply(col("name")),
                cp -> coalesce(try_element_at(vocab, cp), unknown));
        // (blockSize + len + 1): start padding, the name, the end marker
        Column padded = concat(array_repeat(lit(Vocabulary.BOUNDARY), blockSize), symbolIds,
                array(lit(Vocabulary.BOUNDARY)));
        Dataset<Row> positions = names
                .select(col("name"), padded.as("padded"))
                .select(col("name"), col("padded"), explode(sequence(lit(0), size(col("padded")).minus(blockSize + 1)))
                        .as("i"));
        List<Column> cols = new ArrayList<>();
        cols.add(col("name"));
        for (int k = 0; k <= blockSize; k++) {
            // element_at is 1-based: window i spans padded[i .. i+blockSize]
            Column value = element_at(col("padded"), col("i").plus(k + 1));
            cols.add(value.as(k < blockSize ? "c" + k : "target"));
        }
        return positions.select(cols.toArray(new Column[0]));
    }

    /**
     * Spreads the windows over {@code partitions} by a hash of their name, sorts each partition so its order never
     * depends on shuffle arrival order (bit-identical runs), and packs each into one WindowBlock.
     */
    public static JavaRDD<WindowBlock> pack(Dataset<Row> windows, int blockSize, int partitions) {
        Column[] order = new Column[blockSize + 1];
        for (int k = 0; k < blockSize; k++) order[k] = col("c" + k);
        order[blockSize] = col("target");
        JavaRDD<WindowBlock> blocks = windows.repartition(partitions, xxhash64(col("name")))
                .sortWithinPartitions(order)
                .drop("name")
                .javaRDD()
                .mapPartitions(rows -> List.of(packRows(rows, blockSize)).iterator());
        if (blocks.getNumPartitions() == partitions) return blocks;
        // Adaptive execution turns an empty input into a relation with no partitions at all; training still needs
        // one (empty) block per partition so that train and dev blocks line up task by task
        if (blocks.getNumPartitions() != 0)
            throw new IllegalStateException("expected " + partitions + " window partitions, got " + blocks.getNumPartitions());
        List<WindowBlock> empty = new ArrayList<>();
        for (int p = 0; p < partitions; p++) empty.add(new WindowBlock(blockSize, new int[0], new int[0]));
        return JavaSparkContext.fromSparkContext(windows.sparkSession().sparkContext()).parallelize(empty, partitions);
    }

    private static WindowBlock packRows(Iterator<Row> rows, int blockSize) {
        WindowBlock.Builder b = new WindowBlock.Builder(blockSize);
        int[] context = new int[blockSize];
        while (rows.hasNext()) {
            Row r = rows.next();
            for (int k = 0; k < blockSize; k++) context[k] = r.getInt(k);
            b.add(context, r.getInt(blockSize));
        }
        return b.build();
    }
}
