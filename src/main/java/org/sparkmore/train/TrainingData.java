package org.sparkmore.train;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.data.Windows;
import org.sparkmore.model.ModelConfig;

/**
 * The cached, packed windows of one split, one {@link WindowBlock} per partition, ready for the training loop.
 *
 * @param blocks          one block per partition, cached in memory
 * @param windows         total windows over all partitions
 * @param emptyPartitions partitions without a window, whose tasks train nothing
 */
public record TrainingData(JavaRDD<WindowBlock> blocks, long windows, int emptyPartitions) {

    /** Blocks that are all known to hold windows. */
    public TrainingData(JavaRDD<WindowBlock> blocks, long windows) {
        this(blocks, windows, 0);
    }

    /**
     * Explodes the names of one split into windows for this model, packs and caches them, and counts them per
     * partition (one Spark job; a number per partition reaches the driver). Windows carry their language whenever the table has languages, conditioned model or not.
     */
    public static TrainingData of(Dataset<Row> names, String split, Vocabulary v, Languages languages,
                                  ModelConfig model, int partitions) {
        Dataset<Row> windows = Windows.explodeNames(names.filter(col("split").equalTo(split)), v, languages,
                model.blockSize(), model.conditioned());
        JavaRDD<WindowBlock> blocks = Windows.pack(windows, model.contextWidth(), partitions)
                .persist(StorageLevel.MEMORY_ONLY());
        List<Integer> sizes = blocks.map(WindowBlock::size).collect();
        long count = sizes.stream().mapToLong(Integer::longValue).sum();
        return new TrainingData(blocks, count, (int) sizes.stream().filter(n -> n == 0).count());
    }

    public void release() {
        blocks.unpersist(false);
    }
}
