package org.sparkmore.train;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.data.NameBlock;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.data.Windows;
import org.sparkmore.model.ModelConfig;

/**
 * The cached windows of one split, one {@link WindowBlock} per partition, ready for the training loop.
 *
 * @param blocks          one block per partition, cached in memory
 * @param windows         total windows over all partitions
 * @param emptyPartitions partitions without a window, whose tasks train nothing
 * @param bytes           what the cached blocks hold, summed over the partitions ({@link WindowBlock#bytes})
 */
public record TrainingData(JavaRDD<WindowBlock> blocks, long windows, int emptyPartitions, long bytes) {

    /** Blocks that are all known to hold windows, of a size nobody reports. */
    public TrainingData(JavaRDD<WindowBlock> blocks, long windows) {
        this(blocks, windows, 0, 0);
    }

    /**
     * Packs the names of one split into a {@link NameBlock} per partition for this model, caches them, and counts
     * their windows and bytes (one Spark job; two numbers per partition reach the driver). Windows carry their
     * language whenever the table has languages, conditioned model or not.
     */
    public static TrainingData of(Dataset<Row> names, String split, Vocabulary v, Languages languages,
                                  ModelConfig model, int partitions) {
        // Packing runs a job too: adaptive execution runs the shuffle to learn the blocks' partitions
        try (JobLabel label = JobLabel.describe(names.sparkSession(), "windows: packing and caching the " + split
                + " split")) {
            return pack(names, split, v, languages, model, partitions);
        }
    }

    /**
     * Blocks packed on the driver ({@link org.sparkmore.data.SmallTable}), one per partition, handed to Spark and
     * cached; their sizes are known here, so no job runs.
     */
    public static TrainingData of(JavaSparkContext jsc, List<WindowBlock> blocks) {
        JavaRDD<WindowBlock> rdd = jsc.parallelize(blocks, blocks.size()).persist(StorageLevel.MEMORY_ONLY());
        long count = blocks.stream().mapToLong(WindowBlock::size).sum();
        long bytes = blocks.stream().mapToLong(WindowBlock::bytes).sum();
        return new TrainingData(rdd, count, (int) blocks.stream().filter(b -> b.size() == 0).count(), bytes);
    }

    private static TrainingData pack(Dataset<Row> names, String split, Vocabulary v, Languages languages,
                                     ModelConfig model, int partitions) {
        JavaRDD<WindowBlock> blocks = Windows.pack(names.filter(col("split").equalTo(split)), v, languages,
                model.layout(), partitions).persist(StorageLevel.MEMORY_ONLY());
        List<long[]> sizes = blocks.map(b -> new long[] {b.size(), b.bytes()}).collect(); // (windows, bytes)
        long count = sizes.stream().mapToLong(s -> s[0]).sum();
        long bytes = sizes.stream().mapToLong(s -> s[1]).sum();
        return new TrainingData(blocks, count, (int) sizes.stream().filter(s -> s[0] == 0).count(), bytes);
    }

    public void release() {
        blocks.unpersist(false);
    }
}
