package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Counts code points over a names table with Spark SQL and keeps those seen at least {@code minCount} times, at most
 * {@code maxVocab} of them, the most frequent first; the rest map to the unknown-symbol token. Measures how much of
 * the table the vocabulary covers, in all and per language. Only symbol counts and per-language totals reach the
 * driver, never the names.
 */
public final class VocabularyBuilder {

    /**
     * How much of some names a vocabulary covers.
     *
     * @param distinctSymbols    distinct code points in the names
     * @param keptSymbols        how many of them the vocabulary has
     * @param occurrences        code points in the names, counted with repetition
     * @param coveredOccurrences how many of those the vocabulary has
     */
    public record Coverage(long distinctSymbols, long keptSymbols, long occurrences, long coveredOccurrences) {
        /** The share of symbol occurrences the vocabulary covers; 1 for no names. */
        public double coverage() {
            return occurrences == 0 ? 1.0 : (double) coveredOccurrences / occurrences;
        }
    }

    /**
     * The vocabulary, and how much of the data it covers.
     *
     * @param byLanguage coverage per language code; empty when the table has no language column
     * @param maxVocab   the cap it was built with; 0 for none
     */
    public record Result(Vocabulary vocabulary, Coverage total, Map<String, Coverage> byLanguage, int maxVocab) {
        public double coverage() {
            return total.coverage();
        }

        public long distinctSymbols() {
            return total.distinctSymbols();
        }

        /** One line for the job's output: size, what was kept, and the coverage. */
        public String describe(int minCount) {
            String cap = maxVocab > 0 ? ", at most " + maxVocab : "";
            return String.format(Locale.ROOT, "%d symbols (%d of %d distinct code points kept with count >= %d%s, "
                            + "covering %.2f%% of %,d symbol occurrences)", vocabulary.size(), total.keptSymbols(),
                    total.distinctSymbols(), minCount, cap, 100 * coverage(), total.occurrences());
        }

        /** A table of the coverage per language, the languages with the most symbol occurrences first. */
        public List<String> describeLanguages() {
            TextTable t = new TextTable().left("language").right("symbols").right("in vocabulary")
                    .right("occurrences").right("coverage");
            List<Map.Entry<String, Coverage>> order = new ArrayList<>(byLanguage.entrySet());
            order.sort(Comparator.comparing((Map.Entry<String, Coverage> e) -> -e.getValue().occurrences())
                    .thenComparing(Map.Entry::getKey));
            for (Map.Entry<String, Coverage> e : order) {
                Coverage c = e.getValue();
                t.row(e.getKey(), String.format(Locale.ROOT, "%,d", c.distinctSymbols()),
                        String.format(Locale.ROOT, "%,d", c.keptSymbols()),
                        String.format(Locale.ROOT, "%,d", c.occurrences()),
                        String.format(Locale.ROOT, "%.2f%%", 100 * c.coverage()));
            }
            return t.lines();
        }
    }

    /** A name's Unicode code points: surrogate pairs count as one symbol. */
    public static final UserDefinedFunction CODE_POINTS = udf(
            (UDF1<String, int[]>) s -> s.codePoints().toArray(),
            DataTypes.createArrayType(DataTypes.IntegerType, false));

    private VocabularyBuilder() {
    }

    /** Up to ten code points of the names that the vocabulary lacks, as text; empty when it covers them all. */
    public static List<String> missing(Dataset<Row> names, Vocabulary v) {
        Object[] known = v.codePoints().toArray();
        List<String> out = new ArrayList<>();
        for (Row r : names.select(explode(CODE_POINTS.apply(col("name"))).as("cp")).distinct()
                .filter(functions.not(col("cp").isin(known))).orderBy("cp").limit(10).collectAsList())
            out.add(new String(Character.toChars(r.getInt(0)))
                    + " (U+" + Integer.toHexString(r.getInt(0)).toUpperCase() + ")");
        return out;
    }

    /** The vocabulary the data config asks for, with per-language coverage when the table has a language column. */
    public static Result build(Dataset<Row> names, DataConfig c) {
        return build(names, c.minCount(), c.maxVocab(), c.hasLanguage());
    }

    /** A vocabulary with no size cap, and no per-language coverage. */
    public static Result build(Dataset<Row> names, int minCount) {
        return build(names, minCount, 0, false);
    }

    /**
     * @param maxVocab   the most code points kept; 0 for no cap
     * @param byLanguage whether to measure the coverage per value of the {@code language} column
     */
    public static Result build(Dataset<Row> names, int minCount, int maxVocab, boolean byLanguage) {
        Column cp = explode(CODE_POINTS.apply(col("name"))).as("cp");
        if (!byLanguage)
            return result(counts(names.select(cp).groupBy("cp").count().collectAsList()), minCount, maxVocab,
                    Map.of());
        // (language, code point, count) is small (languages x their alphabets) and feeds both aggregates below
        Dataset<Row> perLanguage = names.select(col("language"), cp).groupBy("language", "cp").count().cache();
        try {
            List<Row> counts = perLanguage.groupBy("cp").agg(sum("count")).collectAsList();
            Result all = result(counts(counts), minCount, maxVocab, Map.of());
            return new Result(all.vocabulary(), all.total(), coverage(perLanguage, all.vocabulary()), maxVocab);
        } finally {
            perLanguage.unpersist();
        }
    }

    /**
     * The vocabulary {@link #build} gives for the same names, from code point counts made on the driver (a table
     * small enough to hold there).
     *
     * @param perLanguage each language's code point counts; empty for no per-language coverage
     */
    public static Result fromCounts(Map<Integer, Long> counts, Map<String, Map<Integer, Long>> perLanguage,
                                    int minCount, int maxVocab) {
        Result all = result(counts, minCount, maxVocab, Map.of());
        Set<Integer> known = new HashSet<>(all.vocabulary().codePoints());
        Map<String, Coverage> byLanguage = new TreeMap<>();
        perLanguage.forEach((language, mine) -> {
            long kept = 0;
            long occurrences = 0;
            long covered = 0;
            for (Map.Entry<Integer, Long> e : mine.entrySet()) {
                boolean in = known.contains(e.getKey());
                kept += in ? 1 : 0;
                occurrences += e.getValue();
                covered += in ? e.getValue() : 0;
            }
            byLanguage.put(language, new Coverage(mine.size(), kept, occurrences, covered));
        });
        return new Result(all.vocabulary(), all.total(), Collections.unmodifiableMap(byLanguage), maxVocab);
    }

    /** (code point, count) rows as a map. */
    private static Map<Integer, Long> counts(List<Row> rows) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (Row r : rows) counts.put(r.getInt(0), r.getLong(1));
        return counts;
    }

    /** Keeps the symbols by count, most frequent first, ties to the lower code point, and measures the coverage. */
    private static Result result(Map<Integer, Long> counts, int minCount, int maxVocab,
                                 Map<String, Coverage> byLanguage) {
        List<Map.Entry<Integer, Long>> order = new ArrayList<>(counts.entrySet());
        order.sort(Comparator.comparingLong((Map.Entry<Integer, Long> e) -> -e.getValue())
                .thenComparingInt(Map.Entry::getKey));
        List<Integer> kept = new ArrayList<>();
        long total = 0;
        long covered = 0;
        for (Map.Entry<Integer, Long> e : order) {
            total += e.getValue();
            if (e.getValue() >= minCount && (maxVocab == 0 || kept.size() < maxVocab)) {
                kept.add(e.getKey());
                covered += e.getValue();
            }
        }
        if (kept.isEmpty()) throw new IllegalArgumentException("no code point occurs data.minCount = " + minCount
                + " times or more (the most frequent occurs " + (order.isEmpty() ? 0 : order.get(0).getValue())
                + " times), so the vocabulary would hold no symbol: lower --min-count");
        Collections.sort(kept);
        Vocabulary v = new Vocabulary(kept, kept.size() < counts.size());
        return new Result(v, new Coverage(counts.size(), kept.size(), total, covered), byLanguage, maxVocab);
    }

    /** One row per language reaches the driver: its distinct and kept symbols, its occurrences and covered ones. */
    private static Map<String, Coverage> coverage(Dataset<Row> perLanguage, Vocabulary v) {
        Column in = col("cp").isin(v.codePoints().toArray());
        Map<String, Coverage> out = new TreeMap<>();
        for (Row r : perLanguage.groupBy("language")
                .agg(count(lit(1)), sum(when(in, 1L).otherwise(0L)), sum("count"),
                        sum(when(in, col("count")).otherwise(0L)))
                .collectAsList())
            if (!r.isNullAt(0))
                out.put(r.getString(0), new Coverage(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4)));
        return Collections.unmodifiableMap(out);
    }
}
