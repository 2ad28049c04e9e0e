package org.sparkmore.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a names table with {@link TableReader} (a file in any Spark data source, or a catalog table) or takes the
 * embedded default, cleans every name with {@link NameCleaner}, counts what it drops and cleans and why, per
 * language, and assigns each name to train, dev or test. The result has the columns {@code name}, {@code language}
 * (null without a language column) and {@code split}. A record Spark could not parse (a json line with bad syntax
 * or bytes that do not decode) is dropped and counted too. Names stay Java strings of code points and Spark UTF-8
 * strings throughout, so names outside the Basic Multilingual Plane survive every step.
 */
public final class NamesTable {

    public static final String TRAIN = "train";
    public static final String DEV = "dev";
    public static final String TEST = "test";

    /**
     * The cleaned table, with how many rows it kept, dropped and cleaned: in all, and per language (empty without a
     * language column; rows with no language count only in all). {@code held} is its rows (name, language, split)
     * where the driver cleaned them and holds them already, else null.
     */
    public record Loaded(Dataset<Row> names, RowCounts counts, Map<String, RowCounts> byLanguage,
                         Dataset<Row> cached, List<Row> held) {
        /** Drops the cleaned table from Spark's cache: a long-lived session fits many tables. */
        public void release() {
            cached.unpersist(false);
        }

        public long kept() {
            return counts.kept();
        }

        public Map<String, Long> dropped() {
            return counts.dropped();
        }

        public long droppedTotal() {
            return counts.droppedTotal();
        }
    }

    /**
     * A language column holds a few hundred codes; more than this many distinct values means the wrong column, and
     * its per-language counts would be as big as the table.
     */
    static final int MAX_LANGUAGES = 10_000;
    /**
     * (drop reason or kept) x (clean reason or none) outcomes a language can have: 11 x 2 (malformed, null, not
     * decoded, empty, line break, no letter, lone mark, too long, no language, not in the main script, kept).
     */
    private static final int OUTCOMES_PER_LANGUAGE = 22;

    /** Why a record Spark could not parse (bad json syntax) is dropped. */
    public static final String MALFORMED_RECORD = "malformed record";

    /** About 150 KB of names per task for the embedded dataset. */
    private static final int EMBEDDED_PARTITIONS = 8;

    /** A language code trimmed like a name; null when null or blank. */
    private static final UserDefinedFunction LANGUAGE = udf((UDF1<String, String>) NameCleaner::language,
            DataTypes.StringType);

    private NamesTable() {
    }

    public static Loaded load(SparkSession spark, DataConfig c) {
        if (c.input().equals(DataConfig.DATAFRAME) && !c.explicitSplits())
            throw new IllegalArgumentException("this model was trained on a DataFrame (the Spark ML estimator), "
                    + "which no path names: give it with --input or --table (or, to sample, skip labelling with "
                    + "--no-label)");
        if (c.embedded() && !c.mainScriptOnly() && DefaultDataset.load().size() <= c.driverMaxNames())
            return DriverCleaning.clean(spark, DefaultDataset.load(), c);
        Dataset<Row> raw;
        if (c.explicitSplits()) {
            raw = TableReader.file(spark, c, c.train()).withColumn("split", lit(TRAIN))
                    .unionByName(TableReader.file(spark, c, c.dev()).withColumn("split", lit(DEV)))
                    .unionByName(TableReader.file(spark, c, c.test()).withColumn("split", lit(TEST)));
        } else if (!c.table().isEmpty()) {
            raw = TableReader.catalog(spark, c);
        } else {
            raw = c.input().isEmpty() ? embedded(spark) : TableReader.file(spark, c, c.input());
        }
        return clean(raw, c);
    }

    /**
     * A table already in Spark, as the Spark ML estimator gets it: the string columns {@code name} and
     * {@code language} (null where there is none), and optionally {@code split} ({@link #TRAIN}, {@link #DEV} or
     * {@link #TEST}); without one, names are split by hash as a read table is.
     */
    public static Loaded of(Dataset<Row> raw, DataConfig c) {
        return clean(raw, c);
    }

    /**
     * Cleans, counts rows by language and outcome (one Spark job; only the counts reach the driver), keeps the
     * rest and assigns splits by hash.
     */
    private static Loaded clean(Dataset<Row> raw, DataConfig c) {
        Dataset<Row> cleaned = outcomes(raw, c);
        if (c.mainScriptOnly()) cleaned = cleaned
                .withColumn("reason", coalesce(col("reason"),
                        ScriptFilter.reason(cleaned.filter(col("reason").isNull()))))
                .withColumn("cleaned", when(col("reason").isNull(), col("cleaned")));
        cleaned = cleaned.cache();
        List<Row> groups = cleaned.groupBy("language", "reason", "cleaned").count()
                .limit(MAX_LANGUAGES * OUTCOMES_PER_LANGUAGE + 1).collectAsList();
        Tally total = new Tally();
        Map<String, Tally> byLanguage = new TreeMap<>();
        for (Row r : groups) {
            String reason = r.isNullAt(1) ? null : "input: " + r.getString(1);
            total.add(reason, r.getString(2), r.getLong(3));
            if (c.hasLanguage() && !r.isNullAt(0))
                byLanguage.computeIfAbsent(r.getString(0), k -> new Tally()).add(reason, r.getString(2), r.getLong(3));
        }
        if (groups.size() > MAX_LANGUAGES * OUTCOMES_PER_LANGUAGE || byLanguage.size() > MAX_LANGUAGES)
            throw new IllegalArgumentException("the language column (--language-column) '" + c.languageColumn()
                    + "' of " + describe(c) + " has more than " + MAX_LANGUAGES + " distinct values; is it the "
                    + "right column?");
        RowCounts counts = total.build();
        if (counts.kept() + counts.droppedTotal() == 0)
            throw new IllegalArgumentException("the names table has no rows: " + describe(c));
        if (counts.kept() == 0)
            throw new IllegalArgumentException("no names left after cleaning " + describe(c) + "; dropped "
                    + counts.dropped());
        Dataset<Row> names = cleaned.filter(col("reason").isNull()).drop("reason", "cleaned");
        if (!Arrays.asList(raw.columns()).contains("split")) names = names.withColumn("split", splitByHash(c));
        Map<String, RowCounts> perLanguage = new TreeMap<>();
        byLanguage.forEach((language, tally) -> perLanguage.put(language, tally.build()));
        return new Loaded(names.select("name", "language", "split"), counts, Collections.unmodifiableMap(perLanguage),
                cleaned, null);
    }

    /**
     * The raw rows with the cleaned name, the trimmed language (null when blank), why the row is dropped and, for a
     * kept row, why it was cleaned (each null when it does not apply).
     */
    private static Dataset<Row> outcomes(Dataset<Row> raw, DataConfig c) {
        boolean lowercase = c.lowercase();
        int maxLength = c.maxLength();
        // U+FFFD says the bytes did not decode in data.encoding: the reason names that charset
        String notDecoded = NameCleaner.notDecoded(c.charset().name());
        boolean utf8 = c.utf8();
        UserDefinedFunction inspect = udf((UDF3<String, String, String, Row>) (s, language, malformed) -> {
            if (malformed != null) return RowFactory.create(null, malformedReason(malformed, utf8, notDecoded), null);
            NameCleaner.Cleaned n = NameCleaner.inspect(s, language, lowercase, maxLength);
            String drop = NameCleaner.NOT_DECODED.equals(n.dropReason()) ? notDecoded : n.dropReason();
            return RowFactory.create(n.name(), drop, n.cleanReason());
        }, new StructType().add("name", DataTypes.StringType).add("drop", DataTypes.StringType)
                .add("clean", DataTypes.StringType));
        Column malformed = Arrays.asList(raw.columns()).contains(TableReader.MALFORMED)
                ? col(TableReader.MALFORMED) : lit(null).cast(DataTypes.StringType);
        // the language first: case folding follows it
        Dataset<Row> rows = raw.withColumn("language", LANGUAGE.apply(col("language")));
        rows = rows.withColumn("c", inspect.apply(col("name"), col("language"), malformed));
        Column reason = col("c.drop");
        if (c.hasLanguage())
            reason = coalesce(reason, when(col("language").isNull(), lit(NameCleaner.NO_LANGUAGE)));
        return rows.withColumn("name", col("c.name"))
                .withColumn("reason", reason)
                .withColumn("cleaned", when(col("reason").isNull(), col("c.clean")))
                .drop("c", TableReader.MALFORMED);
    }

    /**
     * Why a record Spark could not parse is dropped. Spark hands on its bytes as UTF-8, so in a UTF-8 table U+FFFD
     * in its text means bytes that did not decode; in another charset the two causes look alike.
     */
    private static String malformedReason(String record, boolean utf8, String notDecoded) {
        if (utf8 && record.indexOf('\uFFFD') >= 0) return notDecoded;
        return utf8 ? MALFORMED_RECORD : MALFORMED_RECORD + " or " + notDecoded;
    }

    /** Counts of one language, or of all, as the groups of the counting job arrive. */
    static final class Tally {
        private long kept;
        private final Map<String, Long> dropped = new TreeMap<>();
        private final Map<String, Long> cleaned = new TreeMap<>();

        void add(String dropReason, String cleanReason, long n) {
            if (dropReason != null) dropped.merge(dropReason, n, Long::sum);
            else kept += n;
            if (cleanReason != null) cleaned.merge(cleanReason, n, Long::sum);
        }

        RowCounts build() {
            return new RowCounts(kept, dropped, cleaned);
        }
    }

    /** Stable across runs and partitionings: depends only on the cleaned name and the seed. */
    private static Column splitByHash(DataConfig c) {
        Column bucket = pmod(xxhash64(lit(c.splitSeed()), col("name")), lit(100));
        return when(bucket.lt(c.testPercent()), lit(TEST))
                .when(bucket.lt(c.testPercent() + c.devPercent()), lit(DEV))
                .otherwise(lit(TRAIN));
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
        if (!c.table().isEmpty()) return "the catalog table " + c.table();
        return c.input().isEmpty() ? "the embedded default dataset" : c.input();
    }
}
