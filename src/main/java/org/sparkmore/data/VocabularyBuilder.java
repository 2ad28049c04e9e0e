package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Counts code points over a names table with Spark SQL and keeps those seen at least {@code minCount} times.
 * Only the distinct symbols and their counts reach the driver, never the names.
 */
public final class VocabularyBuilder {

    /** The vocabulary, and how much of the data it covers. */
    public record Result(Vocabulary vocabulary, long distinctSymbols, long occurrences, long coveredOccurrences) {
        public double coverage() {
            return occurrences == 0 ? 1.0 : (double) coveredOccurrences / occurrences;
        }

        /** One line for the job's output: size, what was kept, and the coverage. */
        public String describe(int minCount) {
            return String.format(java.util.Locale.ROOT, "%d symbols (%d of %d distinct code points kept with count >= %d, "
                            + "covering %.2f%% of %,d symbol occurrences)", vocabulary.size(),
                    vocabulary.codePoints().size(), distinctSymbols, minCount, 100 * coverage(), occurrences);
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
            out.add(new String(Character.toChars(r.getInt(0))) + " (U+" + Integer.toHexString(r.getInt(0)).toUpperCase() + ")");
        return out;
    }

    public static Result build(Dataset<Row> names, int minCount) {
        List<Row> counts = names.select(explode(CODE_POINTS.apply(col("name"))).as("cp"))
                .groupBy("cp").count()
                .orderBy("cp")
                .collectAsList();
        List<Integer> kept = new ArrayList<>();
        long total = 0;
        long covered = 0;
        for (Row r : counts) {
            long n = r.getLong(1);
            total += n;
            if (n >= minCount) {
                kept.add(r.getInt(0));
                covered += n;
            }
        }
        boolean unknown = kept.size() < counts.size();
        return new Result(new Vocabulary(kept, unknown), counts.size(), total, covered);
    }
}
