package org.sparkmore.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.Languages;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.VocabularyBuilder;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.data.Windows;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.sample.SampleConfig;
import org.sparkmore.sample.Sampler;
import org.sparkmore.train.TaskHook;
import org.sparkmore.train.TrainConfig;
import org.sparkmore.train.Trainer;
import org.sparkmore.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkmore train}: names table to windows to a trained, saved model, then a few sampled names. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on a names table (default: the embedded Datafaker names) and save it.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin SparkOptions spark = new SparkOptions();
    @Mixin DataOptions data = new DataOptions();
    @Mixin DataOptions.Vocab vocabOptions = new DataOptions.Vocab();

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "models/default",
            description = "model directory; local, hdfs:// or s3a:// (default: ${DEFAULT-VALUE})")
    String output;
    @Option(names = "--block-size", description = "context length (model.blockSize)") String blockSize;
    @Option(names = "--embedding-dim", description = "embedding width (model.embeddingDim)") String embeddingDim;
    @Option(names = "--hidden", paramLabel = "N[,N...]", description = "hidden layer widths (model.hiddenSizes)")
    String hidden;
    @Option(names = "--rounds", description = "synchronous rounds (train.rounds)") String rounds;
    @Option(names = "--steps-per-round", description = "local steps between averagings (train.stepsPerRound)")
    String stepsPerRound;
    @Option(names = "--batch-size", description = "windows per step per partition (train.batchSize)") String batch;
    @Option(names = "--partitions", description = "training partitions; 0 = default parallelism") String partitions;
    @Option(names = "--optimizer", description = "sgd or adam (optim.optimizer)") String optimizer;
    @Option(names = "--lr", description = "peak learning rate (optim.learningRate)") String lr;
    @Option(names = "--seed", description = "seed of init and minibatches (train.seed)") String seed;
    @Option(names = "--balance-languages", paramLabel = "ALPHA", arity = "0..1", fallbackValue = "0.5",
            description = "draw languages ~ windows^ALPHA so small languages are not drowned out; "
                    + "no value = 0.5 (train.languageBalance)")
    String balanceLanguages;
    @Option(names = "--metrics", paramLabel = "FILE",
            description = "also write the timings, losses and dev curve as JSON (local, hdfs:// or s3a://)")
    String metricsFile;
    @Option(names = "--samples", defaultValue = "20", description = "names to print after training (default: ${DEFAULT-VALUE})")
    int samples;

    @Override
    public Integer call() throws Exception {
        SparkSession session = spark.start("sparkmore train");
        System.out.println("spark: " + session.sparkContext().master() + ", up [" + uptime() + "]");
        try {
            run(session);
            return 0;
        } finally {
            session.stop();
        }
    }

    private void run(SparkSession session) throws java.io.IOException {
        // Resolve the configuration once: defaults < conf file < flags
        Settings settings = spark.resolve(session.sparkContext().hadoopConfiguration(), flags());
        settings.print(System.out);
        DataConfig dataConfig = settings.get("data", DataConfig.class);
        TrainConfig trainConfig = settings.get("train", TrainConfig.class);

        // Names table -> cleaned names with splits -> vocabulary -> cached windows
        NamesTable.Loaded names = NamesTable.load(session, dataConfig);
        System.out.println("data: " + names.counts().describe() + " [" + uptime() + "]");
        VocabularyBuilder.Result vocab = VocabularyBuilder.build(names.names(), dataConfig);
        System.out.println("vocabulary: " + vocab.describe(dataConfig.minCount()) + " [" + uptime() + "]");
        Languages languages = dataConfig.hasLanguage() ? Windows.languages(names.names()) : Languages.NONE;
        ModelConfig model = settings.get("model", ModelConfig.class)
                .forData(vocab.vocabulary().size(), languages.size());
        if (!languages.none()) System.out.printf(Locale.ROOT, "languages: %d, %s%n", languages.size(),
                model.conditioned() ? "each with an embedding row (model.languageEmbedding)" : "not conditioned on");
        int parts = trainConfig.partitions() > 0 ? trainConfig.partitions() : session.sparkContext().defaultParallelism();
        TrainingData train = TrainingData.of(names.names(), NamesTable.TRAIN, vocab.vocabulary(), languages, model, parts);
        TrainingData dev = TrainingData.of(names.names(), NamesTable.DEV, vocab.vocabulary(), languages, model, parts);
        int bytes = WindowBlock.bytesPerWindow(model.contextWidth(), !languages.none());
        System.out.printf(Locale.ROOT, "windows: train %,d, dev %,d, in %d partitions; %d bytes per cached window "
                        + "(%.1f MB) [%s]%n", train.windows(), dev.windows(), parts, bytes,
                (train.windows() + dev.windows()) * bytes / 1e6, uptime());

        // Train, measure every split, save
        Trainer.Result result = new Trainer(session, model, settings.get("optim", OptimConfig.class), trainConfig,
                TaskHook.NONE, System.out::println).train(train, dev);
        Map<String, Double> metrics = metrics(session, result, names, vocab, languages, model, parts, train);
        ModelStore.save(new SavedModel(model, vocab.vocabulary(), languages, new LinkedHashMap<>(settings.asMap()),
                metrics, result.params()), output, session.sparkContext().hadoopConfiguration());
        System.out.println("saved " + output);
        if (metricsFile != null) writeMetrics(session, result, metrics);

        // Show what the model generates
        if (samples > 0) SampleCommand.print(session, names.names(), new Sampler(model, vocab.vocabulary(), languages,
                Params.wrap(model, Nd4j.createFromArray(result.params()))), settings.get("sample", SampleConfig.class),
                samples);
    }

    private Map<String, Double> metrics(SparkSession session, Trainer.Result r, NamesTable.Loaded names,
                                        VocabularyBuilder.Result vocab, Languages languages, ModelConfig model,
                                        int parts, TrainingData train) {
        TrainingData test = TrainingData.of(names.names(), NamesTable.TEST, vocab.vocabulary(), languages, model, parts);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("trainLoss", Trainer.evaluate(session, model, train, r.params()));
        m.put("devLoss", r.devLoss());
        m.put("testLoss", Trainer.evaluate(session, model, test, r.params()));
        m.put("trainingSeconds", r.seconds());
        m.put("examples", (double) r.examples());
        m.put("examplesPerSecond", r.examples() / r.seconds());
        m.put("startupSeconds", r.timings().startupSeconds());
        m.put("syncShare", r.timings().syncShare());
        System.out.printf(Locale.ROOT, "done: train %.4f | dev %.4f | test %.4f | %,d examples in %.1f s (%,.0f ex/s)%n",
                m.get("trainLoss"), m.get("devLoss"), m.get("testLoss"), r.examples(), r.seconds(),
                m.get("examplesPerSecond"));
        return m;
    }

    private void writeMetrics(SparkSession session, Trainer.Result r, Map<String, Double> losses)
            throws java.io.IOException {
        Map<String, Object> json = new LinkedHashMap<>(losses);
        json.put("timings", r.timings());
        json.put("devCurve", r.devCurve());
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(metricsFile);
        try (java.io.OutputStream out = path.getFileSystem(session.sparkContext().hadoopConfiguration())
                .create(path, true)) {
            new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out, json);
        }
    }

    /** Seconds since the JVM started, for the stage lines: where start-up time goes. */
    private static String uptime() {
        return String.format(Locale.ROOT, "%.1f s", java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
    }

    /** Named flags as config keys; null where not given. */
    private Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>(data.flags());
        f.putAll(vocabOptions.flags());
        f.put("model.blockSize", blockSize);
        f.put("model.embeddingDim", embeddingDim);
        f.put("model.hiddenSizes", hidden);
        f.put("train.rounds", rounds);
        f.put("train.stepsPerRound", stepsPerRound);
        f.put("train.batchSize", batch);
        f.put("train.partitions", partitions);
        f.put("optim.optimizer", optimizer);
        f.put("optim.learningRate", lr);
        f.put("train.seed", seed);
        f.put("train.languageBalance", balanceLanguages);
        return f;
    }
}
