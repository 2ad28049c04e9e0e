package org.sparkmore.ml;

import java.util.Arrays;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.sparkmore.data.DataConfig;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.train.RunConfig;
import org.sparkmore.train.Settings;
import org.sparkmore.train.TrainConfig;

/**
 * The Params of {@link NameMlp}, Spark ML's way: each with a doc string and a default, and each the shorthand of
 * one sparkmore config key, so the defaults are those of conf/sparkmore.conf. {@link #config} reaches every other
 * key. Kept apart from the estimator's logic, as Spark keeps an estimator's params in a trait of their own.
 */
abstract class NameMlpParams extends Estimator<NameMlpModel> {


    private final String uid;
    final Param<String> inputCol;
    final Param<String> languageCol;
    final Param<String> validationIndicatorCol;
    final IntParam blockSize;
    final IntParam embeddingDim;
    final IntArrayParam hiddenSizes;
    final IntParam maxIter;
    final IntParam stepsPerRound;
    final IntParam batchSize;
    final DoubleParam stepSize;
    final Param<String> optimizer;
    final LongParam seed;
    final IntParam checkpointInterval;
    final Param<String> checkpointDir;
    final IntParam numPartitions;
    final IntParam devPercent;
    final IntParam testPercent;
    final StringArrayParam config;

    NameMlpParams(String uid) {
        this.uid = uid;
        DataConfig data = RunConfig.DEFAULTS.data();
        ModelConfig model = RunConfig.DEFAULTS.model();
        TrainConfig train = RunConfig.DEFAULTS.train();
        OptimConfig optim = RunConfig.DEFAULTS.optim();
        inputCol = new Param<>(this, "inputCol", "column of names (strings)");
        languageCol = new Param<>(this, "languageCol", "column of language codes; empty = none (data.languageColumn)");
        validationIndicatorCol = new Param<>(this, "validationIndicatorCol", "boolean column, true for the dev "
                + "(validation) rows and false for training; empty = split by a hash of the name (devPercent, "
                + "testPercent)");
        blockSize = new IntParam(this, "blockSize", "previous symbols the model sees (model.blockSize)",
                ParamValidators.gtEq(1));
        embeddingDim = new IntParam(this, "embeddingDim", "width of a symbol's embedding (model.embeddingDim)",
                ParamValidators.gtEq(1));
        hiddenSizes = new IntArrayParam(this, "hiddenSizes", "hidden layer widths (model.hiddenSizes)");
        maxIter = new IntParam(this, "maxIter", "synchronous rounds of local steps and averaging (train.rounds)",
                ParamValidators.gtEq(1));
        stepsPerRound = new IntParam(this, "stepsPerRound", "local minibatch steps per partition between "
                + "averagings (train.stepsPerRound)", ParamValidators.gtEq(1));
        batchSize = new IntParam(this, "batchSize", "windows per minibatch per partition (train.batchSize)",
                ParamValidators.gtEq(1));
        stepSize = new DoubleParam(this, "stepSize", "peak learning rate (optim.learningRate)", ParamValidators.gt(0));
        optimizer = new Param<>(this, "optimizer", "sgd or adam (optim.optimizer)",
                ParamValidators.inArray(Arrays.stream(OptimConfig.Algorithm.values()).map(String::valueOf)
                        .toArray(String[]::new)));
        seed = new LongParam(this, "seed", "seed of initialisation and minibatches (train.seed)");
        checkpointInterval = new IntParam(this, "checkpointInterval", "save a checkpoint every this many rounds "
                + "to checkpointDir; 0 = never (train.checkpointEvery)", ParamValidators.gtEq(0));
        checkpointDir = new Param<>(this, "checkpointDir", "where checkpoints go: a directory of their own, from "
                + "which a fit of the same configuration and data resumes, in any application; empty = "
                + "SparkContext's checkpoint directory / sparkmore-<uid>, seen only by this application");
        numPartitions = new IntParam(this, "numPartitions", "training partitions, one task each; 0 = Spark's "
                + "default parallelism (train.partitions)", ParamValidators.gtEq(0));
        devPercent = new IntParam(this, "devPercent", "percent of names, by hash, held out as dev without "
                + "validationIndicatorCol (data.devPercent)", ParamValidators.inRange(0, 99));
        testPercent = new IntParam(this, "testPercent", "percent of names, by hash, held out as test without "
                + "validationIndicatorCol (data.testPercent)", ParamValidators.inRange(0, 99));
        config = new StringArrayParam(this, "config", "further sparkmore config keys as key=value, e.g. "
                + "optim.schedule=constant (conf/sparkmore.conf lists them)");
        setDefault(inputCol, data.nameColumn());
        setDefault(languageCol, data.languageColumn());
        setDefault(validationIndicatorCol, "");
        setDefault(blockSize, model.blockSize());
        setDefault(embeddingDim, model.embeddingDim());
        setDefault(hiddenSizes, model.hiddenSizes().stream().mapToInt(Integer::intValue).toArray());
        setDefault(maxIter, train.rounds());
        setDefault(stepsPerRound, train.stepsPerRound());
        setDefault(batchSize, train.batchSize());
        setDefault(stepSize, optim.learningRate());
        setDefault(optimizer, optim.optimizer().toString());
        setDefault(seed, train.seed());
        setDefault(checkpointInterval, train.checkpointEvery());
        setDefault(checkpointDir, "");
        setDefault(numPartitions, train.partitions());
        setDefault(devPercent, data.devPercent());
        setDefault(testPercent, data.testPercent());
        setDefault(config, new String[0]);
    }

    /**
     * The run's configuration: defaults, then {@link #config}, then the params that are set, as the command line
     * puts defaults, a conf file and flags (a param left at its default leaves a {@link #config} value standing).
     * {@link NameMlp#fit} turns it into a {@link RunConfig} before any Spark job: an invalid value fails with its key.
     */
    Settings settings() {
        Settings s = Settings.defaults().apply(Arrays.asList($(config)));
        s.set("data.input", DataConfig.DATAFRAME);
        s.set("data.nameColumn", $(inputCol));
        s.set("data.languageColumn", $(languageCol));
        if (hasValidationColumn()) s.set("data.devPercent", "0").set("data.testPercent", "0");
        setIfSet(s, "data.devPercent", devPercent);
        setIfSet(s, "data.testPercent", testPercent);
        setIfSet(s, "model.blockSize", blockSize);
        setIfSet(s, "model.embeddingDim", embeddingDim);
        if (isSet(hiddenSizes)) s.set("model.hiddenSizes", String.join(",", Arrays.stream($(hiddenSizes))
                .mapToObj(Integer::toString).toList()));
        setIfSet(s, "train.rounds", maxIter);
        setIfSet(s, "train.stepsPerRound", stepsPerRound);
        setIfSet(s, "train.batchSize", batchSize);
        setIfSet(s, "optim.learningRate", stepSize);
        setIfSet(s, "optim.optimizer", optimizer);
        setIfSet(s, "train.seed", seed);
        setIfSet(s, "train.checkpointEvery", checkpointInterval);
        setIfSet(s, "train.partitions", numPartitions);
        return s;
    }

    private void setIfSet(Settings s, String key, Param<?> param) {
        if (isSet(param) && !(hasValidationColumn() && key.startsWith("data."))) s.set(key, String.valueOf($(param)));
    }

    boolean hasValidationColumn() {
        return !$(validationIndicatorCol).isEmpty();
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() { return inputCol; }
    public Param<String> languageCol() { return languageCol; }
    public Param<String> validationIndicatorCol() { return validationIndicatorCol; }
    public IntParam blockSize() { return blockSize; }
    public IntParam embeddingDim() { return embeddingDim; }
    public IntArrayParam hiddenSizes() { return hiddenSizes; }
    public IntParam maxIter() { return maxIter; }
    public IntParam stepsPerRound() { return stepsPerRound; }
    public IntParam batchSize() { return batchSize; }
    public DoubleParam stepSize() { return stepSize; }
    public Param<String> optimizer() { return optimizer; }
    public LongParam seed() { return seed; }
    public IntParam checkpointInterval() { return checkpointInterval; }
    public Param<String> checkpointDir() { return checkpointDir; }
    public IntParam numPartitions() { return numPartitions; }
    public IntParam devPercent() { return devPercent; }
    public IntParam testPercent() { return testPercent; }
    public StringArrayParam config() { return config; }
}
