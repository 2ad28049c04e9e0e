package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads one names table through Spark, as (name, language) string columns: a file, directory or URI in a format
 * that is named or follows from its extension, or a table in Spark's catalog. It checks that the configured columns
 * exist; {@link NamesTable} cleans, counts and splits what it returns.
 */
public final class TableReader {

    /** Spark's own condition for a format that no data source on the classpath registers. */
    private static final String UNKNOWN_SOURCE = "DATA_SOURCE_NOT_FOUND";

    private TableReader() {
    }

    /** A table in Spark's catalog (or a temporary view); an unknown one fails in Spark with its own clear message. */
    static Dataset<Row> catalog(SparkSession spark, DataConfig c) {
        return columns(spark.read().options(c.readerOptions()).table(c.table()), c, false,
                "the catalog table " + c.table());
    }

    /** A file, directory or URI in data.format, with data.options over sparkmore's own reader options. */
    static Dataset<Row> file(SparkSession spark, DataConfig c, String path) {
        return columns(raw(spark, c, path), c, isText(spark, c, path), path);
    }

    /**
     * The table data.input or data.table names, with all its columns, as score reads it; a text table's one
     * column is {@link #nameColumn}.
     */
    public static Dataset<Row> whole(SparkSession spark, DataConfig c) {
        return !c.table().isEmpty() ? spark.read().options(c.readerOptions()).table(c.table())
                : raw(spark, c, c.input());
    }

    /** The column {@link #whole} holds the names in: a text table's is "name". */
    public static String nameColumn(SparkSession spark, DataConfig c) {
        return c.table().isEmpty() && isText(spark, c, c.input()) ? "name" : c.nameColumn();
    }

    private static boolean isText(SparkSession spark, DataConfig c, String path) {
        return format(c.format(), path, spark.sparkContext().hadoopConfiguration()).equalsIgnoreCase("text");
    }

    private static Dataset<Row> raw(SparkSession spark, DataConfig c, String path) {
        String format = format(c.format(), path, spark.sparkContext().hadoopConfiguration());
        String known = format.toLowerCase(Locale.ROOT);
        Map<String, String> options = new LinkedHashMap<>();
        // header=true: a names table without a header has no column to name; UTF-8 whatever the JVM's default
        if (known.equals("csv")) options.putAll(Map.of("header", "true", "encoding", "UTF-8"));
        if (known.equals("text")) options.put("wholetext", "false");
        options.putAll(c.readerOptions());
        DataFrameReader reader = spark.read().options(options);
        return switch (known) {
            case "text" -> reader.text(path).withColumnRenamed("value", "name");
            case "csv" -> reader.csv(path);
            case "parquet" -> reader.parquet(path);
            case "json" -> reader.json(path);
            default -> load(reader, format, path);
        };
    }

    /** Any other Spark data source (orc, avro, a connector's class name); an unknown one is named in the error. */
    private static Dataset<Row> load(DataFrameReader reader, String format, String path) {
        try {
            return reader.format(format).load(path);
        } catch (Exception e) { // Spark's DATA_SOURCE_NOT_FOUND is a checked ClassNotFoundException, thrown from Scala
            if (e instanceof SparkThrowable t && UNKNOWN_SOURCE.equals(t.getCondition()))
                throw new IllegalArgumentException("data.format '" + format + "' is not a Spark data source on the "
                        + "classpath; use auto, text, csv, parquet, json, orc or a connector's source name", e);
            if (e instanceof RuntimeException r) throw r;
            throw new IllegalStateException("reading " + path + " as " + format + ": " + e.getMessage(), e);
        }
    }

    /** The name and language columns as strings, checking that the named columns exist. */
    private static Dataset<Row> columns(Dataset<Row> df, DataConfig c, boolean text, String source) {
        String nameColumn = text ? "name" : c.nameColumn();
        require(df, nameColumn, "name column (--name-column)", source);
        Column language = lit(null).cast(DataTypes.StringType);
        if (!c.languageColumn().isEmpty()) {
            if (text) throw new IllegalArgumentException("a text table has no columns; --language-column needs csv, "
                    + "parquet, json or another format with columns");
            require(df, c.languageColumn(), "language column (--language-column)", source);
            language = col(c.languageColumn()).cast(DataTypes.StringType);
        }
        return df.select(col(nameColumn).cast(DataTypes.StringType).as("name"), language.as("language"));
    }

    private static void require(Dataset<Row> df, String column, String what, String source) {
        if (!Arrays.asList(df.columns()).contains(column))
            throw new IllegalArgumentException("the " + what + " '" + column + "' is not in " + source
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
        if (p.endsWith(".orc")) return "orc";
        if (p.endsWith(".json") || p.endsWith(".jsonl") || p.endsWith(".json.gz")) return "json";
        return "text";
    }
}
