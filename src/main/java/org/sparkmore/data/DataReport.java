package org.sparkmore.data;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.grouping;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.udf;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * What a names table holds, per language and in all: rows kept, dropped and cleaned, distinct symbols, name lengths
 * and scripts; the figures of {@code sparkmore data inspect}. Computed with Spark aggregations: only one row per
 * language (and per language and script) reaches the driver.
 *
 * @param languages one entry per language, the most rows first; empty without a language column
 * @param all       the whole table
 */
public record DataReport(List<Language> languages, Language all) {

    /** The name of the whole-table entry. */
    public static final String ALL = "all";

    /**
     * percentile_approx's accuracy: it is exact for up to this many names per language, and above that its rank error
     * is at most 1/accuracy of the names (Spark's default).
     */
    public static final int ACCURACY = 10_000;

    /** Name lengths in code points: median, 90th and 99th percentiles and longest; all 0 for no names. */
    public record Lengths(int p50, int p90, int p99, int max) {
        static final Lengths NONE = new Lengths(0, 0, 0, 0);
    }

    /**
     * The figures of one language, or of all.
     *
     * @param rows    rows kept, dropped by reason and cleaned by reason
     * @param symbols distinct symbols and the vocabulary's coverage of the kept names
     * @param scripts how many code points of each script the kept names hold (neutral ones left out)
     */
    public record Language(String language, RowCounts rows, VocabularyBuilder.Coverage symbols, Lengths lengths,
                           Map<UnicodeScript, Long> scripts) {

        /**
         * The {@code top} most common scripts and their share of scripted symbols, e.g. "Cyrillic 99.7%, Latin 0.3%".
         */
        public String mainScripts(int top) {
            long all = scripts.values().stream().mapToLong(Long::longValue).sum();
            if (all == 0) return "-";
            return scripts.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<UnicodeScript, Long> e) -> -e.getValue())
                            .thenComparing(Map.Entry::getKey))
                    .limit(top)
                    .map(e -> String.format(Locale.ROOT, "%s %.1f%%", Scripts.displayName(e.getKey()),
                            100.0 * e.getValue() / all))
                    .collect(Collectors.joining(", "));
        }
    }

    /** A code point's script by enum name, null when neutral (as {@link Scripts#script}). */
    private static final UserDefinedFunction SCRIPT = udf((UDF1<Integer, String>) cp -> {
        UnicodeScript s = Scripts.script(cp);
        return s == null ? null : s.name();
    }, DataTypes.StringType);

    private static final VocabularyBuilder.Coverage NO_SYMBOLS = new VocabularyBuilder.Coverage(0, 0, 0, 0);

    /**
     * The report of a loaded table, with the coverage of its vocabulary (built with per-language coverage when the
     * table has a language column). Two Spark jobs: lengths, and scripts.
     */
    public static DataReport of(NamesTable.Loaded table, VocabularyBuilder.Result vocab) {
        Map<String, Lengths> lengths = lengths(table.names());
        Map<String, Map<UnicodeScript, Long>> scripts = scripts(table.names());
        List<Language> languages = new ArrayList<>();
        table.byLanguage().forEach((language, rows) -> languages.add(new Language(language, rows,
                vocab.byLanguage().getOrDefault(language, NO_SYMBOLS), lengths.getOrDefault(language, Lengths.NONE),
                scripts.getOrDefault(language, Map.of()))));
        languages.sort(Comparator.comparingLong((Language l) -> -l.rows().kept()).thenComparing(Language::language));
        Map<UnicodeScript, Long> allScripts = new EnumMap<>(UnicodeScript.class);
        scripts.values().forEach(m -> m.forEach((s, n) -> allScripts.merge(s, n, Long::sum)));
        Language all = new Language(ALL, table.counts(), vocab.total(), lengths.get(ALL), allScripts);
        return new DataReport(Collections.unmodifiableList(languages), all);
    }

    /** Length percentiles per language, and for all under {@link #ALL}: one rollup. */
    private static Map<String, Lengths> lengths(Dataset<Row> names) {
        // Spark's length counts the characters of its UTF-8 strings: code points, so a Gothic letter is one
        Column len = length(col("name"));
        Map<String, Lengths> out = new HashMap<>();
        for (Row r : names.rollup("language")
                .agg(grouping("language"), percentile_approx(len, array(lit(0.5), lit(0.9), lit(0.99)), lit(ACCURACY)),
                        max(len))
                .collectAsList()) {
            List<Integer> p = r.getList(2);
            Lengths l = new Lengths(p.get(0), p.get(1), p.get(2), r.getInt(3));
            if (r.getByte(1) == 1) out.put(ALL, l);
            else if (!r.isNullAt(0)) out.put(r.getString(0), l);
        }
        return out;
    }

    /** Code points per script and language; rows without a language (no language column) count under ALL alone. */
    public static Map<String, Map<UnicodeScript, Long>> scripts(Dataset<Row> names) {
        Map<String, Map<UnicodeScript, Long>> out = new HashMap<>();
        for (Row r : names.select(col("language"), explode(VocabularyBuilder.CODE_POINTS.apply(col("name"))).as("cp"))
                .select(col("language"), SCRIPT.apply(col("cp")).as("script"))
                .filter(col("script").isNotNull())
                .groupBy("language", "script").count()
                .collectAsList())
            out.computeIfAbsent(r.isNullAt(0) ? "" : r.getString(0), k -> new EnumMap<>(UnicodeScript.class))
                    .put(UnicodeScript.valueOf(r.getString(1)), r.getLong(2));
        return out;
    }

    /**
     * Each language's writing system, from its training names' letters ({@link Scripts#writingSystem(Map)}): what
     * a generated name's script purity is measured against, and what {@code sample.scriptOnly} keeps.
     *
     * @param names a table with name, language and split columns
     */
    public static Map<String, Set<UnicodeScript>> writingSystems(Dataset<Row> names) {
        Map<String, Set<UnicodeScript>> out = new HashMap<>();
        scripts(names.filter(col("split").equalTo(NamesTable.TRAIN)))
                .forEach((language, counts) -> out.put(language, Scripts.writingSystem(counts)));
        return out;
    }
}
