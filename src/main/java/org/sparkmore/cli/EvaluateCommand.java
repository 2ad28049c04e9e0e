package org.sparkmore.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.VocabularyBuilder;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.Params;
import org.sparkmore.sample.SampleConfig;
import org.sparkmore.sample.Sampler;
import org.sparkmore.train.JobLabel;
import org.sparkmore.train.LanguageEvaluation;
import org.sparkmore.train.Trainer;
import org.sparkmore.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sparkmore evaluate}: the loss of a saved model on each split of its table, computed on the executors; with
 * languages, also the dev loss, novelty and script purity of generated names per language.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Print a saved model's cross-entropy (nats per symbol) on the train, dev and test splits, "
                + "and per language: dev loss, novelty and script purity of generated names.")
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin CommonOptions common = new CommonOptions();
    @Mixin DataOptions data = new DataOptions();

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "models/default",
            description = "model directory (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--samples", paramLabel = "N", defaultValue = "100",
            description = "names generated per language for novelty and purity (default: ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--report", paramLabel = "FILE",
            description = "also write every figure as JSON (local, hdfs:// or s3a://)")
    String report;

    @Override
    public Integer call() throws Exception {
        // The configuration, the model and its table's config, read and checked before Spark starts
        Configuration hadoop = common.hadoop();
        SampleConfig sample = common.resolve(hadoop, Map.of()).toConfig().sample(); // for the generated names
        SavedModel saved = ModelStore.load(model, hadoop);
        DataConfig dataConfig = data.forModel(saved); // the table and split it was trained on, unless flags differ
        SparkSession session = common.start("sparkmore evaluate");
        try (JobLabel command = JobLabel.group(session, "evaluate")) {
            evaluate(session, saved, dataConfig, sample);
            return 0;
        } finally {
            session.stop();
        }
    }

    private void evaluate(SparkSession session, SavedModel saved, DataConfig dataConfig, SampleConfig sample)
            throws java.io.IOException {
        Configuration hadoop = session.sparkContext().hadoopConfiguration();
        NamesTable.Loaded names = JobLabel.describe(session, "reading, cleaning and counting the names table",
                () -> NamesTable.load(session, dataConfig));
        if (!saved.vocabulary().hasUnknown()) {
            List<String> missing = JobLabel.describe(session, "symbols the model's vocabulary lacks",
                    () -> VocabularyBuilder.missing(names.names(), saved.vocabulary()));
            if (!missing.isEmpty()) throw new IllegalArgumentException("the table holds symbols the model's vocabulary "
                    + "lacks, and the model has no unknown-symbol token: " + String.join(", ", missing));
        }
        int parts = session.sparkContext().defaultParallelism();
        int langs = saved.languages().size();
        Map<String, Object> json = new LinkedHashMap<>();
        double[] devSums = null;
        for (String split : new String[] {NamesTable.TRAIN, NamesTable.DEV, NamesTable.TEST}) {
            TrainingData windows = TrainingData.of(names.names(), split, saved.vocabulary(), saved.languages(),
                    saved.model(), parts);
            double[] sums = JobLabel.describe(session, split + " loss",
                    () -> Trainer.lossSums(session, saved.model(), windows, saved.params(), langs));
            if (split.equals(NamesTable.DEV)) devSums = sums;
            // A split without windows has no loss: "-" here, and no key in the report rather than a NaN
            double loss = windows.windows() == 0 ? Double.NaN : sums[0] / sums[1];
            System.out.printf(Locale.ROOT, "%-5s loss %s over %,d windows%n", split, fixed(loss), windows.windows());
            if (!Double.isNaN(loss)) json.put(split + "Loss", loss);
            windows.release();
        }
        if (langs > 0) json.put("languages", byLanguage(session, saved, names, devSums, sample));
        if (report != null) TrainCommand.write(report,
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(json),
                hadoop);
    }

    /** The per-language table, and its average dev loss. */
    private LanguageEvaluation byLanguage(SparkSession session, SavedModel saved, NamesTable.Loaded names,
                                          double[] devSums, SampleConfig sample) {
        Sampler sampler = new Sampler(saved.model(), saved.vocabulary(), saved.languages(),
                Params.wrap(saved.model(), Nd4j.createFromArray(saved.params())));
        LanguageEvaluation e = JobLabel.describe(session, "per language: labelling generated names (novelty)",
                () -> LanguageEvaluation.of(session, devSums, saved.languages(), names.names(), sampler, sample,
                        saved.model().conditioned() ? samples : 0));
        System.out.printf(Locale.ROOT, "per language (%d generated names each; novelty = not a training name, "
                + "purity = every letter in the language's writing system):%n", e.rows().get(0).samples());
        System.out.printf(Locale.ROOT, "  %-9s %11s %9s %8s %7s  %s%n", "language", "dev windows", "dev loss",
                "novelty", "purity", "writing system");
        for (LanguageEvaluation.Row r : e.rows())
            System.out.printf(Locale.ROOT, "  %-9s %,11d %9s %8s %7s  %s%n", r.language(), r.devWindows(),
                    fixed(r.devLoss()), percent(r.novelty()), percent(r.purity()), r.writingSystem());
        System.out.printf(Locale.ROOT, "average per-language dev loss %s over the languages with dev windows%n",
                fixed(e.average()));
        return e;
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
