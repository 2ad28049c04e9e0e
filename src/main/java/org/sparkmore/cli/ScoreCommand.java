package org.sparkmore.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.TableReader;
import org.sparkmore.io.ModelStore;
import org.sparkmore.ml.NameMlpModel;
import org.sparkmore.train.JobLabel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sparkmore score}: every row of a table with its name's log-likelihood, NLL per symbol and perplexity under
 * a saved model, computed on the executors by {@link NameMlpModel#transform} and written through Spark; only the
 * summary reaches the driver.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score every name of a table with a saved model and write the table with its scores.")
public final class ScoreCommand implements Callable<Integer> {

    @Mixin CommonOptions common = new CommonOptions();
    @Mixin DataOptions.Source source = new DataOptions.Source();

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "models/default",
            description = "model directory or registry (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--output", paramLabel = "PATH", required = true,
            description = "where the scored table goes (local, hdfs:// or s3a://)")
    String output;
    @Option(names = "--format", defaultValue = "parquet",
            description = "the scored table's format: parquet, csv, json, orc... (default: ${DEFAULT-VALUE})")
    String format;
    @Option(names = "--overwrite", description = "replace a table already at --output")
    boolean overwrite;
    @Option(names = "--partitions", paramLabel = "N", description = "score in N tasks (a shuffle first); default: as "
            + "the table is read, or Spark's default parallelism when it reads as fewer (one text file reads as one)")
    Integer partitions;

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = common.hadoop();
        DataConfig data = common.resolve(hadoop, source.flags()).toConfig().data(); // every section checked
        if (data.input().isEmpty() && data.table().isEmpty())
            throw new IllegalArgumentException("score needs a table: --input PATH or --table NAME");
        SparkSession session = common.start("sparkmore score");
        try (JobLabel command = JobLabel.group(session, "score")) {
            score(session, data);
            return 0;
        } finally {
            session.stop();
        }
    }

    private void score(SparkSession session, DataConfig data) {
        NameMlpModel m = new NameMlpModel("score", ModelStore.load(model, session.sparkContext()
                .hadoopConfiguration())).setInputCol(TableReader.nameColumn(session, data));
        if (!data.languageColumn().isEmpty()) m.setLanguageCol(data.languageColumn());
        Dataset<Row> table = JobLabel.describe(session, "reading the table to score",
                () -> TableReader.whole(session, data));
        int parallelism = session.sparkContext().defaultParallelism();
        int parts = table.rdd().getNumPartitions();
        if (partitions != null || parts < parallelism) table = table.repartition(partitions != null ? partitions
                : parallelism);
        long start = System.nanoTime();
        Dataset<Row> scored = m.transform(table);
        try (JobLabel label = JobLabel.describe(session, "scoring every name and writing the table to " + output)) {
            scored.write().mode(overwrite ? "overwrite" : "errorifexists").format(format).option("header", "true")
                    .save(output);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // The summary from the written table: scoring runs once, in the write
        Dataset<Row> written = session.read().schema(m.transformSchema(table.schema()))
                .format(format).option("header", "true").load(output);
        Row r = JobLabel.describe(session, "summing the written scores",
                () -> written.agg(count("*"), sum(col("logLikelihood")), sum(col("symbols"))).first());
        System.out.printf(Locale.ROOT, "scored %,d rows in %.1f s (%,.0f rows/s) to %s%n", r.getLong(0), seconds,
                r.getLong(0) / seconds, output);
        List<Row> problems = JobLabel.describe(session, "counting the rows without a score",
                () -> written.filter(col("scoreProblem").isNotNull()).groupBy("scoreProblem").count()
                        .orderBy("scoreProblem").collectAsList());
        Map<String, Long> unscored = new LinkedHashMap<>();
        problems.forEach(p -> unscored.put(p.getString(0), p.getLong(1)));
        if (!unscored.isEmpty()) System.out.println("without a score (null scores, column scoreProblem): " + unscored);
        if (r.isNullAt(2)) throw new IllegalArgumentException("no row of the table could be scored");
        System.out.printf(Locale.ROOT, "mean NLL per symbol %.6f over %,d symbols%n", -r.getDouble(1) / r.getLong(2),
                r.getLong(2));
    }
}
