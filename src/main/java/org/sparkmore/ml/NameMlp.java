package org.sparkmore.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.sparkmore.data.NamesTable;
import org.sparkmore.io.CheckpointStore;
import org.sparkmore.io.SavedCheckpoint;
import org.sparkmore.train.Checkpoint;
import org.sparkmore.train.CheckpointDirectory;
import org.sparkmore.train.JobLabel;
import org.sparkmore.train.RunConfig;
import org.sparkmore.train.Settings;
import org.sparkmore.train.TaskHook;
import org.sparkmore.train.Trainer;
import org.sparkmore.train.TrainingJob;

/**
 * A Spark ML Estimator of the character-level MLP of Bengio et al. (2003), as in makemore: {@code fit} trains it on
 * a column of names (and optionally their languages) with the same cleaning, vocabulary, windows and distributed
 * trainer as {@code sparkmore train}, and returns a {@link NameMlpModel} that scores and generates names.
 *
 * <pre>{@code
 * NameMlpModel model = new NameMlp().setInputCol("name").setMaxIter(50).fit(names);
 * }</pre>
 */
public final class NameMlp extends NameMlpParams implements MLWritable {

    private static final Logger LOG = LogManager.getLogger(NameMlp.class);

    public NameMlp() {
        this(Identifiable.randomUID("nameMlp"));
    }

    public NameMlp(String uid) {
        super(uid);
    }

    public NameMlp setInputCol(String v) { set(inputCol, v); return this; }
    public NameMlp setLanguageCol(String v) { set(languageCol, v); return this; }
    public NameMlp setValidationIndicatorCol(String v) { set(validationIndicatorCol, v); return this; }
    public NameMlp setBlockSize(int v) { set(blockSize, v); return this; }
    public NameMlp setEmbeddingDim(int v) { set(embeddingDim, v); return this; }
    public NameMlp setHiddenSizes(int... v) { set(hiddenSizes, v); return this; }
    public NameMlp setMaxIter(int v) { set(maxIter, v); return this; }
    public NameMlp setStepsPerRound(int v) { set(stepsPerRound, v); return this; }
    public NameMlp setBatchSize(int v) { set(batchSize, v); return this; }
    public NameMlp setStepSize(double v) { set(stepSize, v); return this; }
    public NameMlp setOptimizer(String v) { set(optimizer, v); return this; }
    public NameMlp setSeed(long v) { set(seed, v); return this; }
    public NameMlp setCheckpointInterval(int v) { set(checkpointInterval, v); return this; }
    public NameMlp setCheckpointDir(String v) { set(checkpointDir, v); return this; }
    public NameMlp setNumPartitions(int v) { set(numPartitions, v); return this; }
    public NameMlp setDevPercent(int v) { set(devPercent, v); return this; }
    public NameMlp setTestPercent(int v) { set(testPercent, v); return this; }
    public NameMlp setConfig(String... keyValues) { set(config, keyValues); return this; }

    public String getInputCol() { return $(inputCol); }
    public String getLanguageCol() { return $(languageCol); }
    public int[] getHiddenSizes() { return $(hiddenSizes); }
    public int getMaxIter() { return (Integer) $(maxIter); }

    /**
     * Trains on the table's names. Without validationIndicatorCol the names are split by a hash of the name, as
     * {@code train} splits a table: devPercent for the dev loss that the trainer reports, testPercent held out (10
     * and 10 by default); set both to 0 to train on every name, e.g. inside a CrossValidator, which holds out folds
     * of its own. The model's metrics hold the losses of each split.
     */
    @Override
    public NameMlpModel fit(Dataset<?> dataset) {
        Settings settings = settings();
        RunConfig config = settings.toConfig(); // every value checked before any Spark job
        transformSchema(dataset.schema());
        SparkSession session = dataset.sparkSession();
        TrainingJob job = new TrainingJob(session, config, LOG::info);
        try (JobLabel group = JobLabel.group(session, "fit")) {
            return fit(session, settings, job, JobLabel.describe(session, "cleaning and counting the names",
                    () -> NamesTable.of(table(dataset), config.data())));
        }
    }

    private NameMlpModel fit(SparkSession session, Settings settings, TrainingJob job, NamesTable.Loaded names) {
        TrainingJob.Prepared d = null;
        try {
            d = job.prepare(names, null);
            CheckpointDirectory checkpoints = checkpoints(session, settings, d);
            Checkpoint start = checkpoints == null ? null : resumable(session, settings, d);
            Trainer.Result r = job.train(d, start, c -> { if (checkpoints != null) checkpoints.save(c); },
                    TaskHook.NONE);
            Map<String, Double> metrics = job.metrics(r, d, start == null ? 0 : start.examples());
            if (checkpoints != null) checkpoints.delete();
            NameMlpModel model = new NameMlpModel(uid(), d.toModel(settings, metrics, r.params()));
            return copyValues(model, ParamMap.empty()).setParent(this);
        } finally {
            if (d != null) d.release();
            names.release();
        }
    }

    /** The column of names, and of languages and splits where the params name them, as the pipeline reads them. */
    private Dataset<Row> table(Dataset<?> dataset) {
        Column language = $(languageCol).isEmpty() ? lit(null).cast(DataTypes.StringType)
                : col($(languageCol)).cast(DataTypes.StringType);
        Dataset<Row> t = dataset.select(col($(inputCol)).cast(DataTypes.StringType).as("name"), language.as("language"),
                hasValidationColumn() ? col($(validationIndicatorCol)).as("dev") : lit(false).as("dev"));
        if (!hasValidationColumn()) return t.drop("dev");
        // A null indicator counts as training, as Spark's own validationIndicatorCol
        return t.withColumn("split", when(col("dev"), lit(NamesTable.DEV)).otherwise(lit(NamesTable.TRAIN)))
                .drop("dev");
    }

    /** The checkpoints of this fit, or null when checkpointInterval is 0. */
    private CheckpointDirectory checkpoints(SparkSession session, Settings settings, TrainingJob.Prepared d) {
        if ((Integer) $(checkpointInterval) == 0) return null;
        if ($(checkpointDir).isEmpty() && session.sparkContext().getCheckpointDir().isEmpty())
            throw new IllegalArgumentException("checkpointInterval needs a checkpoint directory: setCheckpointDir, "
                    + "or SparkContext.setCheckpointDir; or set checkpointInterval to 0");
        Map<String, String> run = Map.of("partitions", Integer.toString(d.parts()),
                "trainWindows", Long.toString(d.train().windows()));
        return new CheckpointDirectory(checkpointDir(session), settings.asMap(), run, d.model(), d.vocab().vocabulary(),
                d.languages(), session.sparkContext().hadoopConfiguration(), LOG::info);
    }

    /**
     * The checkpoint an interrupted fit left in the checkpoint directory, if its configuration and data are this
     * fit's: then training continues from it, bit-identical to a fit that never stopped. Any other checkpoint there
     * is reported and replaced by this fit's.
     */
    private Checkpoint resumable(SparkSession session, Settings settings, TrainingJob.Prepared d) {
        String dir = checkpointDir(session);
        Configuration hadoop = session.sparkContext().hadoopConfiguration();
        if (!CheckpointStore.exists(dir, hadoop)) return null;
        SavedCheckpoint c = CheckpointStore.load(dir, hadoop);
        if (!c.model().config().equals(settings.asMap())
                || !String.valueOf(d.parts()).equals(c.run().get("partitions"))) {
            LOG.warn("the checkpoint in {} is of another configuration; starting afresh", dir);
            return null;
        }
        try {
            Checkpoint start = CheckpointDirectory.resumeFrom(c, d.model(), d.vocab().vocabulary(), d.languages(),
                    d.train().windows());
            LOG.info("resuming from the checkpoint in {} at round {}", dir, c.round() + 1);
            return start;
        } catch (IllegalArgumentException e) {
            LOG.warn("not resuming from {}: {}; starting afresh", dir, e.getMessage());
            return null;
        }
    }

    private String checkpointDir(SparkSession session) {
        return !$(checkpointDir).isEmpty() ? $(checkpointDir)
                : session.sparkContext().getCheckpointDir().get() + "/sparkmore-" + uid();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Columns.requireText(schema, $(inputCol), "inputCol");
        if (!$(languageCol).isEmpty()) Columns.requireText(schema, $(languageCol), "languageCol");
        if (hasValidationColumn()) Columns.require(schema, $(validationIndicatorCol), DataTypes.BooleanType,
                "validationIndicatorCol");
        return Columns.withScores(schema);
    }

    @Override
    public NameMlp copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<NameMlp> read() {
        return new DefaultParamsReader<>();
    }

    public static NameMlp load(String path) {
        return read().load(path);
    }
}
