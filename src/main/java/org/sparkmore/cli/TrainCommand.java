package org.sparkmore.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.DefaultDataset;
import org.sparkmore.data.NamesTable;
import org.sparkmore.io.CheckpointStore;
import org.sparkmore.io.SavedCheckpoint;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.Params;
import org.sparkmore.report.LanguageRow;
import org.sparkmore.report.ModelReport;
import org.sparkmore.sample.Sampler;
import org.sparkmore.train.Checkpoint;
import org.sparkmore.train.CheckpointDirectory;
import org.sparkmore.train.JobLabel;
import org.sparkmore.train.Settings;
import org.sparkmore.train.TaskHook;
import org.sparkmore.train.TrainConfig;
import org.sparkmore.train.Trainer;
import org.sparkmore.train.TrainingJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparkmore train}: names table to windows to a trained, saved model, then a few sampled names. The model
 * goes to a directory, or with {@code --versioned} to a new version of a registry; a run may start from an earlier
 * model ({@code --warm-start}), checkpoint as it goes and continue an interrupted run ({@code --resume}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on a names table (default: the embedded Datafaker names) and save it.")
public final class TrainCommand implements Callable<Integer> {

    /** What a resumed run still takes from its command line: everything else comes from its checkpoint. */
    private static final Set<String> RESUME_FLAGS = Set.of("--resume", "--master", "--verbose", "--samples",
            "--metrics", "--report");

    @Spec CommandSpec spec;

    @Mixin CommonOptions common = new CommonOptions();
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
    @Option(names = "--report", paramLabel = "DIR", description = "at the end, also write the model's report "
            + "there: the pictures and report.html of sparkmore report")
    String reportDir;
    @Option(names = "--samples", defaultValue = "20",
            description = "names to print after training (default: ${DEFAULT-VALUE})")
    int samples;
    @Option(names = "--script-only", description = "print names with no letter outside their language's writing "
            + "system: a per-language symbol mask, which changes what is drawn, not the model (sample.scriptOnly)")
    boolean scriptOnly;
    @Option(names = "--versioned", description = "treat --output as a registry: save a new version named by its UTC "
            + "time, and point LATEST at it if it passes the promotion gate (registry.maxDevLossIncreasePercent)")
    boolean versioned;
    @Option(names = "--keep", paramLabel = "N", description = "with --versioned: then delete all but the newest N "
            + "versions, never LATEST's; 0 = keep all (registry.keep)")
    String keep;
    @Option(names = "--warm-start", paramLabel = "latest|PATH", description = "start from a saved model's parameters: "
            + "'latest' = the model --output holds (a registry's LATEST; none yet = fresh), or a model or registry "
            + "directory; new symbols and languages start fresh, the optimizer too")
    String warmStart;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "save a checkpoint every N rounds; 0 = never "
            + "(train.checkpointEvery)")
    String checkpointEvery;
    @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "where checkpoints go "
            + "(default: the output's path + " + RunPlan.CHECKPOINT_SUFFIX + ")")
    String checkpointDir;
    @Option(names = "--resume", paramLabel = "DIR", description = "continue an interrupted run from its checkpoint "
            + "directory, with the configuration and options stored there; takes only --master, --verbose, --samples "
            + "and --metrics besides")
    String resume;

    @Override
    public Integer call() throws Exception {
        // Resolve the run once, before Spark starts: defaults < conf file < flags, or all of it from the checkpoint
        // it resumes; every section's values and every output are checked before any data are read
        checkFlags();
        Configuration hadoop = common.hadoop();
        RunPlan plan = resume != null ? RunPlan.resume(CheckpointStore.load(resume, hadoop), resume)
                : RunPlan.fresh(common.resolve(hadoop, flags()), output, versioned, checkpointDir, warmStart);
        plan.settings().print(System.out);
        ModelOutput out = ModelOutput.open(plan, hadoop);
        checkOutputs(plan, hadoop);
        SavedModel warm = plan.resumed() == null ? WarmStart.source(plan.warmStart(), plan.output(), hadoop) : null;
        // The embedded names parse on another thread while Spark starts: the two took 4 and 3-7 s one after the other
        if (plan.config().data().embedded()) DefaultDataset.prefetch();
        SparkSession session = common.start("sparkmore train");
        System.out.println("spark: " + session.sparkContext().master() + ", up [" + TrainingJob.uptime() + "]");
        try (JobLabel command = JobLabel.group(session, "train")) {
            run(session, plan, out, warm);
            return 0;
        } finally {
            session.stop();
        }
    }

    /** Flag combinations that cannot work, refused before Spark starts. */
    private void checkFlags() {
        if (keep != null && !versioned)
            throw new IllegalArgumentException("--keep applies to a registry of versions: add --versioned");
        if (resume == null) return;
        List<String> refused = spec.commandLine().getParseResult().matchedOptions().stream()
                .map(OptionSpec::longestName).filter(name -> !RESUME_FLAGS.contains(name)).distinct().toList();
        if (!refused.isEmpty())
            throw new IllegalArgumentException("--resume continues the interrupted run with the configuration and "
                    + "options its checkpoint stored; drop " + String.join(", ", refused));
    }

    private void run(SparkSession session, RunPlan plan, ModelOutput out, SavedModel warm) throws IOException {
        Configuration hadoop = session.sparkContext().hadoopConfiguration();
        Settings settings = plan.settings();
        TrainConfig trainConfig = plan.config().train();
        TrainingJob job = new TrainingJob(session, plan.config(), System.out::println);
        // A resumed run keeps the interrupted run's partitions, whatever the master now offers: the windows'
        // spread over partitions decides every minibatch
        NamesTable.Loaded names = JobLabel.describe(session, "reading, cleaning and counting the names table",
                () -> NamesTable.load(session, plan.config().data()));
        TrainingJob.Prepared d = job.prepare(names, plan.partitions());

        // Start fresh, warm, or where the interrupted run stopped; checkpoint on the way
        Checkpoint start = plan.resumed() != null ? resumeFrom(plan.resumed(), d)
                : warm != null ? WarmStart.start(warm, d.model(), d.vocab().vocabulary(), d.languages(),
                trainConfig.seed()) : null;
        CheckpointDirectory checkpoints = new CheckpointDirectory(plan.checkpointDir(), settings.asMap(),
                plan.runOptions(d.parts(), d.train().windows()), d.model(), d.vocab().vocabulary(), d.languages(),
                hadoop, System.out::println);
        checkpoints.announce(trainConfig.checkpointEvery(), plan.resumed() != null);
        Trainer.Result result = job.train(d, start, checkpoints::save, TaskHook.NONE);

        // Measure every split, save, then the checkpoints have served
        Map<String, Double> metrics = job.metrics(result, d, start == null ? 0 : start.examples());
        byte[] metricsJson = metricsJson(result, metrics);
        SavedModel saved = d.toModel(settings, metrics, result.params());
        out.save(saved, result.curves(), metricsJson);
        if (metricsFile != null) write(metricsFile, metricsJson, hadoop);
        if (trainConfig.checkpointEvery() > 0 || plan.resumed() != null) checkpoints.delete();
        if (reportDir != null) report(session, d, saved, result, plan);

        // Show what the model generates
        if (samples > 0) SampleCommand.print(session, d.preparation().references(), new Sampler(d.model(),
                d.vocab().vocabulary(), d.languages(), Params.wrap(d.model(), Nd4j.createFromArray(result.params()))),
                plan.config().sample(), samples);
    }

    /** The report of the model just trained, its per-language table measured on the run's own dev windows. */
    private void report(SparkSession session, TrainingJob.Prepared d, SavedModel saved, Trainer.Result result,
                        RunPlan plan) throws IOException {
        List<LanguageRow> rows = !saved.model().conditioned() ? List.of() : ReportCommand.languageRows(session,
                saved, d.names().names(), d.dev(), plan.config().sample(), ReportCommand.SAMPLES);
        ReportCommand.write(new ModelReport.Input(plan.output(), saved, Optional.of(result.curves()), rows, null,
                null), reportDir, session.sparkContext().hadoopConfiguration());
    }

    private static Checkpoint resumeFrom(SavedCheckpoint c, TrainingJob.Prepared d) {
        Checkpoint start = CheckpointDirectory.resumeFrom(c, d.model(), d.vocab().vocabulary(), d.languages(),
                d.train().windows());
        System.out.println("resume: from round " + (c.round() + 1) + " with " + c.examples() + " examples trained");
        return start;
    }

    /** The losses, timings and dev curve as pretty JSON: the --metrics file, and a version's metrics.json. */
    private static byte[] metricsJson(Trainer.Result r, Map<String, Double> losses) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>(losses);
        json.put("timings", r.timings());
        json.put("devCurve", r.devCurve());
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    }

    /**
     * Fails now, not after hours of training, when the --metrics file, the --report directory or the checkpoint
     * directory is on a file system that does not answer, or --metrics names a directory, or --report a file. The
     * model's own output is checked by ModelOutput.
     */
    private void checkOutputs(RunPlan plan, Configuration hadoop) throws IOException {
        if (reportDir != null) ReportCommand.checkOutput(reportDir, hadoop);
        if (metricsFile != null) {
            Path path = new Path(metricsFile);
            FileSystem fs = path.getFileSystem(hadoop);
            if (fs.exists(path) && fs.getFileStatus(path).isDirectory())
                throw new IllegalArgumentException("--metrics " + metricsFile + " is a directory; give a file name");
        }
        if (plan.config().train().checkpointEvery() > 0) {
            Path dir = new Path(plan.checkpointDir());
            dir.getFileSystem(hadoop).exists(dir);
        }
    }

    /** Writes a file through Hadoop's FileSystem API (local, hdfs://, s3a://), replacing one already there. */
    static void write(String file, byte[] bytes, Configuration hadoop) throws IOException {
        Path path = new Path(file);
        try (OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
            out.write(bytes);
        }
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
        f.put("train.checkpointEvery", checkpointEvery);
        f.put("registry.keep", keep);
        f.put("sample.scriptOnly", scriptOnly ? "true" : null);
        return f;
    }
}
