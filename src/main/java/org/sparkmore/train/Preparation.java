package org.sparkmore.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.max;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.Languages;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.ReferenceNames;
import org.sparkmore.data.SmallTable;
import org.sparkmore.data.VocabularyBuilder;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.data.Windows;
import org.sparkmore.model.ModelConfig;

/**
 * Where a run's vocabulary, languages, windows and reference names are computed from its cleaned table: by Spark
 * jobs over the table ({@link OnSpark}), or, for a table of at most {@code data.driverMaxNames} names, on the driver
 * after one collect, or none when the driver cleaned the table itself ({@link OnDriver}, by {@link SmallTable}).
 * Each Spark job costs 0.1-2.5 s of scheduling however small its input, and preparing on Spark runs 16 of them;
 * both ways give the same results, so the same training.
 */
public sealed interface Preparation {

    /** The vocabulary of every split's names, by the data config's minCount and maxVocab. */
    VocabularyBuilder.Result vocabulary(DataConfig c);

    /** The table's languages with their training names. */
    Languages languages();

    /** The longest name, in code points; 0 for none. */
    int longestName();

    /** The split's windows, packed into one cached block per partition. */
    TrainingData windows(String split, Vocabulary v, Languages languages, ModelConfig model);

    /** The names the run's samples are labelled and measured against. */
    ReferenceNames references();

    /** The driver for a table of at most data.driverMaxNames kept names, else Spark. */
    static Preparation of(SparkSession session, NamesTable.Loaded names, DataConfig c, int partitions) {
        if (names.kept() > c.driverMaxNames()) return new OnSpark(session, names.names(), partitions);
        SmallTable table = names.held() != null ? SmallTable.of(names.held(), partitions)
                : JobLabel.describe(session, "collecting the " + names.kept() + " names to the driver",
                        () -> SmallTable.collect(names.names(), partitions));
        return new OnDriver(session, table);
    }

    /** Spark aggregations and a shuffle per split; only counts reach the driver. */
    record OnSpark(SparkSession session, Dataset<Row> names, int partitions) implements Preparation {
        @Override
        public VocabularyBuilder.Result vocabulary(DataConfig c) {
            return JobLabel.describe(session, "vocabulary: counting symbols", () -> VocabularyBuilder.build(names, c));
        }

        @Override
        public Languages languages() {
            return JobLabel.describe(session, "languages: counting training names per language",
                    () -> Windows.languages(names));
        }

        @Override
        public int longestName() {
            Row longest = JobLabel.describe(session, "the longest name, for the context's width",
                    () -> names.agg(max(length(col("name")))).first());
            return longest.isNullAt(0) ? 0 : longest.getInt(0);
        }

        @Override
        public TrainingData windows(String split, Vocabulary v, Languages languages, ModelConfig model) {
            return TrainingData.of(names, split, v, languages, model, partitions);
        }

        @Override
        public ReferenceNames references() {
            return ReferenceNames.of(session, names);
        }
    }

    /** The table held on the driver: no Spark job but the caching of each split's blocks. */
    record OnDriver(SparkSession session, SmallTable table) implements Preparation {
        @Override
        public VocabularyBuilder.Result vocabulary(DataConfig c) {
            return table.vocabulary(c);
        }

        @Override
        public Languages languages() {
            return table.languages();
        }

        @Override
        public int longestName() {
            return table.longestName();
        }

        @Override
        public TrainingData windows(String split, Vocabulary v, Languages languages, ModelConfig model) {
            List<WindowBlock> blocks = table.blocks(split, v, languages, model.layout());
            return TrainingData.of(JavaSparkContext.fromSparkContext(session.sparkContext()), blocks);
        }

        @Override
        public ReferenceNames references() {
            return table;
        }
    }
}
