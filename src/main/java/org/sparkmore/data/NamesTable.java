package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a names table through Spark's data sources (text, CSV, Parquet, JSON, or the embedded default), cleans
 * every name with {@link NameCleaner}, counts what it drops and why, and assigns each name to train, dev or test.
 * The result has the columns {@code name}, {@code language} (null without a language column) and {@code split}.
 */
public final class NamesTable {

    public static final String TRAIN = "train";
    public static final String DEV = "dev";
    public static final String TEST = "test";

    /** The cleaned table, and how many rows were dropped for each reason. */
    public record Loaded(Dataset<Row> names, long kept, Map<String, Long> dropped) {
        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** About 150 KB of names per task for the embedded dataset. */
    private static final int EMBEDDED_PARTITIONS = 8;

    private NamesTable() {
    }

    public static Loaded load(SparkSession spark, DataConfig c) {
        Dataset<Row> raw;
        if (c.explicitSplits()) {
            raw = read(spark, c, c.train()).withColumn("split", lit(TRAIN))
                    .unionByName(read(spark, c, c.dev()).withColumn("split", lit(DEV)))
                    .unionByName(read(spark, c, c.test()).withColumn("split", lit(TEST)));
        } else {
            raw = c.input().isEmpty() ? embedded(spark) : read(spark, c, c.input());
        }
        return clean(raw, c);
    }

    /** Cleans, counts drops by reason (one Spark job), keeps the rest and assigns splits by hash. */
    private static Loaded clean(Dataset<Row> raw, DataConfig c) {
        boolean lowercase = c.lowercase();
        int maxLength = c.maxLength();
        UserDefinedFunction cleanName = udf((UDF1<String, String>) s -> NameCleaner.clean(s, lowercase),
                DataTypes.StringType);
        UserDefinedFunction reason = udf((UDF1<String, String>) s -> NameCleaner.dropReason(s, maxLength),
                DataTypes.StringType);
        Dataset<Row> cleaned = raw.withColumn("name", cleanName.apply(col("name")))
                .withColumn("reason", reason.apply(col("name")))
                .cache();
        Map<String, Long> counts = new TreeMap<>();
        long kept = 0;
        for (Row r : cleaned.groupBy("reason").count().collectAsList()) {
            if (r.isNullAt(0)) kept = r.getLong(1);
            else counts.put("input: " + r.getString(0), r.getLong(1));
        }
        if (kept + counts.values().stream().mapToLong(Long::longValue).sum() == 0)
            throw new IllegalArgumentException("the names table has no rows: " + describe(c));
        if (kept == 0)
            throw new IllegalArgumentException("no names left after cleaning " + describe(c) + "; dropped " + counts);
        Dataset<Row> names = cleaned.filter(col("reason").isNull()).drop("reason");
        if (!c.explicitSplits()) names = names.withColumn("split", splitByHash(c));
        return new Loaded(names.select("name", "language", "split"), kept, counts);
    }

    /** Stable across runs and partitionings: depends only on the cleaned name and the seed. */
    private static Column splitByHash(DataConfig c) {
        Column bucket = pmod(xxhash64(lit(c.splitSeed()), col("name")), lit(100));
        return when(bucket.lt(c.testPercent()), lit(TEST))
                .when(bucket.lt(c.testPercent() + c.devPercent()), lit(DEV))
                .otherwise(lit(TRAIN));
    }

    /** One table as (name, language) strings, checking that the named columns exist. */
    static Dataset<Row> read(SparkSession spark, DataConfig c, String path) {
        String format = format(c.format(), path, spark.sparkContext().hadoopConfiguration());
        Dataset<Row> df = switch (format) {
            case "text" -> spark.read().option("wholetext", false).text(path).withColumnRenamed("value", "name");
            case "csv" -> spark.read().option("header", true).option("encoding", "UTF-8").csv(path);
            case "parquet" -> spark.read().parquet(path);
            case "json" -> spark.read().json(path);
            default -> throw new IllegalArgumentException(
                    "data.format must be auto, text, csv, parquet or json, got " + format);
        };
        String nameColumn = format.equals("text") ? "name" : c.nameColumn();
        require(df, nameColumn, "name column (--name-column)", path);
        Column language = lit(null).cast(DataTypes.StringType);
        if (c.hasLanguage()) {
            if (format.equals("text"))
                throw new IllegalArgumentException("a text table has no columns; --language-column needs csv, parquet or json");
            require(df, c.languageColumn(), "language column (--language-column)", path);
            language = col(c.languageColumn()).cast(DataTypes.StringType);
        }
        return df.select(col(nameColumn).cast(DataTypes.StringType).as("name"), language.as("language"));
    }

    private static void require(Dataset<Row> df, String column, String what, String path) {
        if (!Arrays.asList(df.columns()).contains(column))
            throw new IllegalArgumentException("the " + what + " '" + column + "' is not in " + path
                    + "; its columns are: " + String.join(", ", df.columns()));
    }

    /**
     * The file extension decides when the format is "auto"; for a directory (Spark's own output, say), the extension
     * its data files share. Anything unrecognised is read as text.
     */
    static String format(String configured, String path, Configuration hadoop) {
        if (!configured.equals("auto")) return configured;
        String byName = byExtension(path);
        if (!byName.equals("text")) return byName;
        try {
            Path dir = new Path(path);
            FileSystem fs = dir.getFileSystem(hadoop);
            if (!fs.getFileStatus(dir).isDirectory()) return byName;
            Set<String> formats = new TreeSet<>();
            for (FileStatus f : fs.listStatus(dir)) {
                String name = f.getPath().getName();
                if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) formats.add(byExtension(name));
            }
            return formats.size() == 1 ? formats.iterator().next() : byName;
        } catch (IOException e) {
            return byName; // a missing path fails in Spark's reader with its own clear message
        }
    }

    private static String byExtension(String path) {
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        if (p.endsWith(".csv") || p.endsWith(".csv.gz")) return "csv";
        if (p.endsWith(".parquet")) return "parquet";
        if (p.endsWith(".json") || p.endsWith(".jsonl") || p.endsWith(".json.gz")) return "json";
        return "text";
    }

    /**
     * The Datafaker first names with their language, read on the driver (they are small: tens of thousands) and
     * spread over several partitions so that no task carries a megabyte of rows.
     */
    private static Dataset<Row> embedded(SparkSession spark) {
        List<Row> rows = DefaultDataset.load().stream().map(r -> RowFactory.create(r.name(), r.language())).toList();
        StructType schema = new StructType()
                .add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, EMBEDDED_PARTITIONS), schema);
    }

    private static String describe(DataConfig c) {
        if (c.explicitSplits()) return c.train() + ", " + c.dev() + ", " + c.test();
        return c.input().isEmpty() ? "the embedded default dataset" : c.input();
    }
}
