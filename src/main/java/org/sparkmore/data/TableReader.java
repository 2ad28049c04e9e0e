package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
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
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.SparkThrowable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one names table through Spark, as (name, language) string columns: a file, directory or URI in a format
 * that is named or follows from its extension, or a table in Spark's catalog. It checks that the configured columns
 * exist; {@link NamesTable} cleans, counts and splits what it returns.
 *
 * <p>Text, csv and json files are decoded in data.encoding. Spark's csv and json readers take it as their
 * {@code encoding} option; its text reader has none (it hands on the bytes as UTF-8), so a text file in another
 * charset is read as lines of bytes through Hadoop and decoded here. Bytes that do not decode become U+FFFD, in
 * Spark's readers as here, and {@link NameCleaner} drops such rows with the reason. Csv is read with
 * {@code multiLine=true}, so a quoted field over several lines is one field (and {@link NameCleaner} drops it as a
 * name with a line break) rather than pieces that land in the wrong columns; the price is that Spark reads each csv
 * file in one task, so a single large csv without such fields reads faster with {@code --option multiLine=false}.
 */
public final class TableReader {

    /**
     * The column of {@link NamesTable}'s input that holds, for a record Spark could not parse (a json line with bad
     * syntax or bytes that do not decode), the record's text; null for the rest.
     */
    static final String MALFORMED = "malformed";

    /** Spark's own condition for a format that no data source on the classpath registers. */
    private static final String UNKNOWN_SOURCE = "DATA_SOURCE_NOT_FOUND";

    private TableReader() {
    }

    /** A table in Spark's catalog (or a temporary view); an unknown one fails in Spark with its own clear message. */
    static Dataset<Row> catalog(SparkSession spark, DataConfig c) {
        requireUtf8(c, "a catalog table, which decodes its own files");
        return columns(spark.read().options(c.readerOptions()).table(c.table()), c, false,
                "the catalog table " + c.table(), null);
    }

    /** A file, directory or URI in data.format, with data.options over sparkmore's own reader options. */
    static Dataset<Row> file(SparkSession spark, DataConfig c, String path) {
        // Spark's json reader adds this column, under this name, when a record does not parse
        String corrupt = c.readerOptions().getOrDefault("columnNameOfCorruptRecord",
                spark.conf().get("spark.sql.columnNameOfCorruptRecord", "_corrupt_record"));
        return columns(raw(spark, c, path), c, isText(spark, c, path), path, corrupt);
    }

    /**
     * The table data.input or data.table names, with all its columns, as score reads it; a text table's one
     * column is {@link #nameColumn}.
     */
    public static Dataset<Row> whole(SparkSession spark, DataConfig c) {
        if (c.table().isEmpty()) return raw(spark, c, c.input());
        requireUtf8(c, "a catalog table, which decodes its own files");
        return spark.read().options(c.readerOptions()).table(c.table());
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
        if (!known.equals("text") && !known.equals("csv") && !known.equals("json"))
            requireUtf8(c, format + ", whose strings are UTF-8");
        if (known.equals("text") && !c.utf8()) return decodedText(spark, c.charset(), path);
        DataFrameReader reader = spark.read().options(options(known, c));
        return switch (known) {
            case "text" -> reader.text(path).withColumnRenamed("value", "name");
            case "csv" -> reader.csv(path);
            case "parquet" -> reader.parquet(path);
            case "json" -> reader.json(path);
            default -> load(reader, format, path);
        };
    }

    /** Sparkmore's reader options for a format, with data.options over them. */
    private static Map<String, String> options(String format, DataConfig c) {
        Map<String, String> options = new LinkedHashMap<>();
        // header=true: a names table without a header has no column to name; multiLine: quoted fields may hold
        // line breaks; the encoding whatever the JVM's default
        if (format.equals("csv"))
            options.putAll(Map.of("header", "true", "multiLine", "true", "encoding", c.charset().name()));
        // Json is left to Spark's own detection for UTF-8 (a multiLine file in UTF-16 with a BOM reads too). In
        // another charset it must also be told the line separator
        if (format.equals("json") && !c.utf8()) options.putAll(Map.of("encoding", c.charset().name(), "lineSep", "\n"));
        if (format.equals("text")) options.put("wholetext", "false");
        options.putAll(c.readerOptions());
        return options;
    }

    /**
     * A text file's lines decoded in a charset other than UTF-8, as a "name" column. Hadoop splits the bytes at
     * '\n' (and '\r'), so the charset must write those as ASCII does; malformed bytes become U+FFFD. Spark's
     * text reader options (data.options) do not apply here.
     */
    private static Dataset<Row> decodedText(SparkSession spark, Charset charset, String path) {
        if (!Arrays.equals("\n".getBytes(charset), new byte[] {'\n'}))
            throw new IllegalArgumentException("a text table is split into lines at the byte '\\n', which "
                    + charset.name() + " does not write as one byte; convert the file to UTF-8 (iconv -f "
                    + charset.name() + " -t UTF-8) or read it as csv or json");
        requireExists(spark, path);
        String name = charset.name(); // a Charset is not serializable; its name is
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var rows = jsc.hadoopFile(path, TextInputFormat.class, LongWritable.class, Text.class)
                .map(line -> RowFactory.create(Charset.forName(name)
                        .decode(ByteBuffer.wrap(line._2().getBytes(), 0, line._2().getLength())).toString()));
        return spark.createDataFrame(rows, new StructType().add("name", DataTypes.StringType));
    }

    /** Hadoop's reader fails only when a job runs, with a long trace; Spark's readers fail at once, in one line. */
    private static void requireExists(SparkSession spark, String path) {
        try {
            Path p = new Path(path);
            FileStatus[] found = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(p);
            if (found == null || found.length == 0)
                throw new IllegalArgumentException("[PATH_NOT_FOUND] Path does not exist: " + path);
        } catch (IOException e) {
            throw new IllegalStateException("reading " + path + ": " + e.getMessage(), e);
        }
    }

    /** Strings that are UTF-8 whatever data.encoding says: any other value is a mistake, not a request. */
    private static void requireUtf8(DataConfig c, String what) {
        if (!c.utf8())
            throw new IllegalArgumentException("data.encoding (--encoding) " + c.encoding() + " applies to text, csv "
                    + "and json files only, not to " + what + "; leave it at UTF-8");
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

    /**
     * The name and language columns as strings, checking that the named columns exist, and {@link #MALFORMED} from
     * the corrupt-record column when Spark added one.
     */
    private static Dataset<Row> columns(Dataset<Row> df, DataConfig c, boolean text, String source,
                                        String corrupt) {
        String nameColumn = text ? "name" : c.nameColumn();
        require(df, nameColumn, "name column (--name-column)", source);
        Column language = lit(null).cast(DataTypes.StringType);
        if (!c.languageColumn().isEmpty()) {
            if (text) throw new IllegalArgumentException("a text table has no columns; --language-column needs csv, "
                    + "parquet, json or another format with columns");
            require(df, c.languageColumn(), "language column (--language-column)", source);
            language = col(c.languageColumn()).cast(DataTypes.StringType);
        }
        Column malformed = corrupt != null && Arrays.asList(df.columns()).contains(corrupt)
                ? col(corrupt).cast(DataTypes.StringType) : lit(null).cast(DataTypes.StringType);
        return df.select(col(nameColumn).cast(DataTypes.StringType).as("name"), language.as("language"),
                malformed.as(MALFORMED));
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
