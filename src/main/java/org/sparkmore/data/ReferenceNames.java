package org.sparkmore.data;

import java.lang.Character.UnicodeScript;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The names a model's samples are measured against: which split a sample occurs in (makemore's in-train, in-dev,
 * in-test or new) and each language's writing system, from its training names' letters (what script purity and
 * {@code sample.scriptOnly} use). A table in Spark answers with Spark jobs; a small table the driver holds
 * ({@link SmallTable}) answers with none, which spares the demo the seconds of a JVM's first Spark SQL queries.
 */
public interface ReferenceNames {

    /** Label per distinct sample; a name in several splits gets the first of train, dev, test. */
    Map<String, String> labels(List<String> samples);

    /** Each language's writing system ("" for names without a language), as {@link DataReport#writingSystems}. */
    Map<String, Set<UnicodeScript>> writingSystems();

    /** A table in Spark (columns name, language, split): {@link SampleLabels} and {@link DataReport}'s jobs. */
    static ReferenceNames of(SparkSession spark, Dataset<Row> table) {
        return new ReferenceNames() {
            @Override
            public Map<String, String> labels(List<String> samples) {
                return SampleLabels.of(spark, table, samples);
            }

            @Override
            public Map<String, Set<UnicodeScript>> writingSystems() {
                return DataReport.writingSystems(table);
            }
        };
    }

    /** A loaded table: the rows the driver holds when it cleaned them itself, else the table in Spark. */
    static ReferenceNames of(SparkSession spark, NamesTable.Loaded table) {
        return table.held() != null ? SmallTable.of(table.held(), 1) : of(spark, table.names());
    }
}
