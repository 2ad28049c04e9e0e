package org.sparkmore.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.VocabularyBuilder;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.train.Trainer;
import org.sparkmore.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkmore evaluate}: the loss of a saved model on each split of its table, computed on the executors. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print a saved model's cross-entropy (nats per symbol) on the train, dev and test splits.")
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin SparkOptions spark = new SparkOptions();
    @Mixin DataOptions data = new DataOptions();

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "models/default",
            description = "model directory (default: ${DEFAULT-VALUE})")
    String model;

    @Override
    public Integer call() throws Exception {
        SparkSession session = spark.start("sparkmore evaluate");
        try {
            evaluate(session);
            return 0;
        } finally {
            session.stop();
        }
    }

    private void evaluate(SparkSession session) {
        SavedModel saved = ModelStore.load(model, session.sparkContext().hadoopConfiguration());
        // The table and split the model was trained on, unless flags point elsewhere
        DataConfig dataConfig = data.forModel(saved);
        NamesTable.Loaded names = NamesTable.load(session, dataConfig);
        if (!saved.vocabulary().hasUnknown()) {
            List<String> missing = VocabularyBuilder.missing(names.names(), saved.vocabulary());
            if (!missing.isEmpty()) throw new IllegalArgumentException("the table holds symbols the model's vocabulary "
                    + "lacks, and the model has no unknown-symbol token: " + String.join(", ", missing));
        }
        int parts = session.sparkContext().defaultParallelism();
        for (String split : new String[] {NamesTable.TRAIN, NamesTable.DEV, NamesTable.TEST}) {
            TrainingData windows = TrainingData.of(names.names(), split, saved.vocabulary(), saved.languages(),
                    saved.model(), parts);
            double loss = Trainer.evaluate(session, saved.model(), windows, saved.params());
            System.out.printf(Locale.ROOT, "%-5s loss %.4f over %,d windows%n", split, loss, windows.windows());
            windows.release();
        }
    }
}
