package org.sparkmore.train;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.Languages;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.VocabularyBuilder;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig;

/**
 * The training pipeline that every entry point runs, the command line's {@code train} and the Spark ML estimator
 * alike: a cleaned names table to a vocabulary and cached windows ({@link #prepare}), distributed training
 * ({@link #train}, by {@link Trainer}, whose comment points at the loop), and the losses of every split
 * ({@link #metrics}). Each stage reports one line to the caller's log.
 */
public final class TrainingJob {

    /** A run's data, ready to train on: the table, its vocabulary and languages, the model's shape, the windows. */
    public record Prepared(NamesTable.Loaded names, VocabularyBuilder.Result vocab, Languages languages,
                           ModelConfig model, int parts, TrainingData train, TrainingData dev,
                           Preparation preparation) {

        /** The saved form of a model trained on this data. */
        public SavedModel toModel(Settings settings, Map<String, Double> metrics, float[] params) {
            return new SavedModel(model, vocab.vocabulary(), languages, new LinkedHashMap<>(settings.asMap()),
                    metrics, params);
        }

        /** Drops the cached windows. */
        public void release() {
            train.release();
            dev.release();
        }
    }

    private final SparkSession session;
    private final RunConfig config;
    private final Consumer<String> log;

    public TrainingJob(SparkSession session, RunConfig config, Consumer<String> log) {
        this.session = session;
        this.config = config;
        this.log = log;
    }

    /**
     * Cleaned names with splits -> vocabulary -> cached windows.
     *
     * @param partitions training partitions; null for train.partitions, or Spark's default parallelism when that is 0
     */
    public Prepared prepare(NamesTable.Loaded names, Integer partitions) {
        DataConfig dataConfig = config.data();
        TrainConfig trainConfig = config.train();
        log.accept("data: " + names.counts().describe() + " [" + uptime() + "]");
        int parts = partitions != null ? partitions : trainConfig.partitions() > 0
                ? trainConfig.partitions() : session.sparkContext().defaultParallelism();
        Preparation prep = Preparation.of(session, names, dataConfig, parts);
        VocabularyBuilder.Result vocab = prep.vocabulary(dataConfig);
        log.accept("vocabulary: " + vocab.describe(dataConfig.minCount()) + " [" + uptime() + "]");
        Languages languages = !dataConfig.hasLanguage() ? Languages.NONE : prep.languages();
        ModelConfig model = config.model().forData(vocab.vocabulary().size(), languages.size());
        if (!languages.none()) log.accept(String.format(Locale.ROOT, "languages: %d, %s", languages.size(),
                !model.conditioned() ? "not conditioned on" : model.biasRows() > 0
                        ? "each with an embedding row and an output bias row (model.languageEmbedding, languageBias)"
                        : "each with an embedding row (model.languageEmbedding)"));
        TrainingData train = prep.windows(NamesTable.TRAIN, vocab.vocabulary(), languages, model);
        TrainingData dev = prep.windows(NamesTable.DEV, vocab.vocabulary(), languages, model);
        warnIfThin(train, dev, dataConfig, parts);
        warnIfWide(prep.longestName(), model);
        long bytes = train.bytes() + dev.bytes(); // measured from the blocks' arrays
        log.accept(String.format(Locale.ROOT, "windows: train %,d, dev %,d, in %d partitions%s; %.1f bytes per "
                        + "cached window (%.1f MB) [%s]", train.windows(), dev.windows(), parts,
                prep instanceof Preparation.OnDriver ? ", packed on the driver (data.driverMaxNames)" : "",
                bytes / (double) Math.max(1, train.windows() + dev.windows()), bytes / 1e6, uptime()));
        return new Prepared(names, vocab, languages, model, parts, train, dev, prep);
    }

    /** Says so when partitions will train nothing, or no dev loss can be measured: the run goes on, but knowingly. */
    private void warnIfThin(TrainingData train, TrainingData dev, DataConfig data, int parts) {
        if (train.emptyPartitions() > 0) log.accept(String.format(Locale.ROOT, "warning: %d of %d training "
                + "partitions hold no windows and train nothing (a table this small, or of few distinct names, "
                + "fills fewer partitions): lower --partitions", train.emptyPartitions(), parts));
        if (dev.windows() == 0) log.accept(String.format(Locale.ROOT, "warning: the dev split holds no names "
                + "(data.devPercent = %d by a hash of the name, or an empty --dev table): no dev loss is measured, "
                + "and a registry's gate cannot compare versions", data.devPercent()));
    }

    /**
     * Says so when the context is longer than every name: the extra positions only ever see the boundary token, yet
     * every cached window and every step pays for them.
     */
    private void warnIfWide(int symbols, ModelConfig model) {
        if (model.blockSize() > symbols) log.accept(String.format(Locale.ROOT, "warning: the context "
                + "(model.blockSize = %d) is longer than the longest name (%d symbols): positions beyond %d only "
                + "see the boundary token; a smaller --block-size trains the same model in less memory and time",
                model.blockSize(), symbols, symbols));
    }

    /**
     * Distributed training on prepared data, from a start (null = fresh; see {@link Trainer#train}), handing
     * checkpoints to the caller.
     */
    public Trainer.Result train(Prepared d, Checkpoint start, Consumer<Checkpoint> checkpoints, TaskHook hook) {
        Trainer trainer = new Trainer(session, TrainingSpec.of(config, d.model(), hook), log);
        return trainer.train(d.train(), d.dev(), start, checkpoints);
    }

    /**
     * The losses of every split and the run's timings, as stored in a model's metrics.
     *
     * @param before windows trained on before this run: a resumed run's rate counts only its own
     */
    public Map<String, Double> metrics(Trainer.Result r, Prepared d, long before) {
        TrainingData test = d.preparation().windows(NamesTable.TEST, d.vocab().vocabulary(), d.languages(),
                d.model());
        // A split with no windows has no loss: its key is left out rather than stored as NaN
        Map<String, Double> m = new LinkedHashMap<>();
        if (d.train().windows() > 0) m.put("trainLoss", loss("train", d.model(), d.train(), r.params()));
        if (d.dev().windows() > 0) m.put("devLoss", r.devLoss());
        if (test.windows() > 0) m.put("testLoss", loss("test", d.model(), test, r.params()));
        test.release();
        m.put("trainingSeconds", r.seconds());
        m.put("examples", (double) r.examples());
        m.put("examplesPerSecond", (r.examples() - before) / r.seconds());
        m.put("startupSeconds", r.timings().startupSeconds());
        m.put("syncShare", r.timings().syncShare());
        log.accept(String.format(Locale.ROOT, "done: train %s | dev %s | test %s | %,d examples in %.1f s "
                        + "(%,.0f ex/s)", loss(m, "trainLoss"), loss(m, "devLoss"), loss(m, "testLoss"), r.examples(),
                r.seconds(), m.get("examplesPerSecond")));
        return m;
    }

    /** The trained model's loss on one split, its job so described. */
    private double loss(String split, ModelConfig model, TrainingData data, float[] params) {
        return JobLabel.describe(session, split + " loss of the trained model",
                () -> Trainer.evaluate(session, model, data, params));
    }

    /** A loss to 4 places, or "-" for a split without windows (its key is absent). */
    private static String loss(Map<String, Double> metrics, String key) {
        Double loss = metrics.get(key);
        return loss == null ? "-" : String.format(Locale.ROOT, "%.4f", loss);
    }

    /** Seconds since the JVM started, for the stage lines: where start-up time goes. */
    public static String uptime() {
        return String.format(Locale.ROOT, "%.1f s", ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
    }
}
