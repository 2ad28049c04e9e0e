package org.sparkmore.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.LocalSpark;
import org.sparkmore.data.DefaultDataset;
import org.sparkmore.data.NameRow;
import org.sparkmore.train.Settings;
import scala.jdk.javaapi.CollectionConverters;

/** The estimator and its model on a real local[2] session: fit, Pipeline persistence, scores against evaluation. */
@LocalSpark
class NameMlpTest {

    static SparkSession spark;
    /** The embedded names with their languages, and every fifth one marked as dev. */
    static Dataset<Row> names;
    /** A small plain model fitted once on those names, with the dev rows held out. */
    static NameMlpModel plain;

    @TempDir Path dir;

    @BeforeAll
    static void fit() {
        List<Row> rows = new ArrayList<>();
        List<NameRow> all = DefaultDataset.load();
        for (int i = 0; i < all.size(); i += 5)
            rows.add(RowFactory.create(all.get(i).name(), all.get(i).language(), rows.size() % 5 == 0, rows.size()));
        names = spark.createDataFrame(rows, new StructType().add("name", DataTypes.StringType)
                .add("lang", DataTypes.StringType).add("isDev", DataTypes.BooleanType)
                .add("id", DataTypes.IntegerType)).cache();
        plain = small().setValidationIndicatorCol("isDev").fit(names);
    }

    /** A model small and quick enough for a test. */
    static NameMlp small() {
        return new NameMlp().setEmbeddingDim(6).setHiddenSizes(24).setMaxIter(4).setStepsPerRound(10)
                .setBatchSize(128).setNumPartitions(2).setConfig("train.evalEvery=2", "optim.warmupSteps=5");
    }

    @Test
    void paramDefaultsAreTheConfFiles() throws Exception {
        Settings conf = Settings.defaults().load("conf/sparkmore.conf", new org.apache.hadoop.conf.Configuration());
        NameMlp e = new NameMlp();
        assertEquals(conf.asMap().get("train.rounds"), String.valueOf(e.getOrDefault(e.maxIter())));
        assertEquals(conf.asMap().get("model.hiddenSizes"), "" + e.getHiddenSizes()[0]);
        assertEquals(conf.asMap().get("optim.learningRate"), String.valueOf(e.getOrDefault(e.stepSize())));
        assertEquals(conf.asMap().get("train.seed"), String.valueOf(e.getOrDefault(e.seed())));
        // The estimator's resolved settings are the conf file's, but for what a DataFrame input changes
        conf.set("data.input", org.sparkmore.data.DataConfig.DATAFRAME);
        assertEquals(conf.asMap(), e.settings().asMap());
        assertTrue(e.explainParams().contains("stepSize: peak learning rate"), e.explainParams());
        // A config entry stands unless its named param is set too
        NameMlp c = new NameMlp().setConfig("train.rounds=7", "optim.schedule=constant");
        assertEquals("7", c.settings().asMap().get("train.rounds"));
        assertEquals("constant", c.settings().asMap().get("optim.schedule"));
        assertEquals("9", c.setMaxIter(9).settings().asMap().get("train.rounds"));
        assertThrows(IllegalArgumentException.class, () -> new NameMlp().setConfig("train.nosuch=1").settings());
    }

    @Test
    void transformsMeanNllIsEvaluationsLossOnEachSplit() {
        Dataset<Row> scored = plain.transform(names);
        assertEquals(names.count(), scored.count(), "every row is kept");
        double dev = meanNll(scored.filter(col("isDev")));
        double train = meanNll(scored.filter(col("isDev").equalTo(false)));
        assertEquals(plain.saved().metrics().get("devLoss"), dev, 1e-6 * dev);
        assertEquals(plain.saved().metrics().get("trainLoss"), train, 1e-6 * train);
        assertEquals(dev, new NameMlpEvaluator().evaluate(scored.filter(col("isDev"))), 1e-12);
    }

    /** The example-weighted mean of nllPerSymbol: each name weighs as many windows as it has symbols. */
    private static double meanNll(Dataset<Row> scored) {
        Row r = scored.selectExpr("sum(nllPerSymbol * symbols)", "sum(symbols)").first();
        return r.getDouble(0) / r.getLong(1);
    }

    @Test
    void pipelineSavesAndLoadsWithIdenticalScores() throws Exception {
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {small().setMaxIter(2)});
        PipelineModel fitted = pipeline.fit(names);
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> before = fitted.transform(names).orderBy("id").collectAsList();
        List<Row> after = loaded.transform(names).orderBy("id").collectAsList();
        assertEquals(before, after);
        assertTrue(java.nio.file.Files.exists(Path.of(path, "stages").toFile().listFiles()[0].toPath()
                .resolve("data/params.npy")), "the model's data keeps the command line's format");
        pipeline.write().overwrite().save(dir.resolve("estimator").toString());
        Pipeline again = Pipeline.load(dir.resolve("estimator").toString());
        assertEquals(2, (Integer) ((NameMlp) again.getStages()[0]).getMaxIter());
    }

    @Test
    void generationIsDeterministicForASeedAndPartitioning() {
        Dataset<Row> a = plain.generate(5000, null, 1.0, 0, 1.0, "", 7, 3);
        assertEquals(3, a.rdd().getNumPartitions());
        List<Row> first = a.collectAsList();
        assertEquals(5000, first.size());
        assertEquals(first, plain.generate(5000, null, 1.0, 0, 1.0, "", 7, 3).collectAsList());
        assertNotEquals(first, plain.generate(5000, null, 1.0, 0, 1.0, "", 8, 3).collectAsList());
        assertTrue(first.stream().allMatch(r -> r.getDouble(2) < 0), "ln p of a drawn name and its end is negative");
        long distinct = first.stream().map(r -> r.getString(0)).distinct().count();
        assertTrue(distinct > 1000, "partitions draw from streams of their own: " + distinct + " distinct names");
        // A share is drawn by index, not by the task that runs it: coalescing changes no row
        assertEquals(first.stream().map(Row::toString).sorted().toList(), a.coalesce(1).collectAsList().stream()
                .map(Row::toString).sorted().toList());
        assertTrue(plain.generate(50, null, 1.0, 0, 1.0, "ma", 7, 2).collectAsList().stream()
                .allMatch(r -> r.getString(0).startsWith("ma")));
    }

    @Test
    void embeddingsHaveARowPerSymbol() {
        List<Row> rows = plain.embeddings().collectAsList();
        assertEquals(plain.saved().vocabulary().size(), rows.size());
        assertEquals(".", rows.get(0).getString(0));
        assertEquals(6, ((org.apache.spark.ml.linalg.Vector) rows.get(1).get(1)).size());
    }

    @Test
    void aConditionedModelScoresEveryRowAndSaysWhySomeHaveNoScore() {
        NameMlpModel conditioned = small().setMaxIter(1).setLanguageCol("lang").fit(names);
        assertTrue(conditioned.saved().model().conditioned());
        String message = assertThrows(IllegalArgumentException.class,
                () -> conditioned.copy(ParamMap.empty()).setLanguageCol("").transform(names)).getMessage();
        assertTrue(message.contains("setLanguageCol"), message);
        String known = conditioned.saved().languages().codes().get(0);
        List<Row> bad = List.of(RowFactory.create(null, known), RowFactory.create("  ", known),
                RowFactory.create("a".repeat(51), known), RowFactory.create("anna", "xx-unknown"),
                RowFactory.create("an\u4e00na", known), RowFactory.create(" Anna ", known));
        Dataset<Row> scored = conditioned.transform(spark.createDataFrame(bad, new StructType()
                .add("name", DataTypes.StringType).add("lang", DataTypes.StringType)));
        List<Row> rows = scored.collectAsList();
        assertEquals(6, rows.size(), "no row is dropped");
        int problem = scored.schema().fieldIndex(Columns.PROBLEM);
        int ll = scored.schema().fieldIndex(Columns.LOG_LIKELIHOOD);
        assertEquals(List.of("null", "empty", "too long", "unknown language"),
                rows.subList(0, 4).stream().map(r -> r.getString(problem)).toList());
        assertTrue(rows.subList(0, 4).stream().allMatch(r -> r.isNullAt(ll)));
        // A symbol the vocabulary lacks is scored as the unknown token, and counted
        assertTrue(conditioned.saved().vocabulary().hasUnknown());
        assertEquals(1, rows.get(4).getInt(scored.schema().fieldIndex(Columns.UNKNOWN_SYMBOLS)));
        assertTrue(rows.get(4).isNullAt(problem));
        // Names are cleaned as training cleaned them: " Anna " scores as "anna", with 4 + 1 symbols
        assertEquals(5, rows.get(5).getInt(scored.schema().fieldIndex(Columns.SYMBOLS)));
    }

    @Test
    void crossValidationPicksOneOfTwoHiddenSizes() {
        NameMlp estimator = small().setMaxIter(1).setStepsPerRound(5);
        ParamMap[] grid = new ParamGridBuilder().addGrid(estimator.hiddenSizes(),
                CollectionConverters.asScala(List.of(new int[] {8}, new int[] {24}))).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(estimator).setEstimatorParamMaps(grid)
                .setEvaluator(new NameMlpEvaluator()).setNumFolds(2).setSeed(3).fit(names);
        double[] metrics = cv.avgMetrics();
        assertEquals(2, metrics.length);
        // After 5 steps both are still near ln(vocabulary), but below it, and told apart
        double uniform = Math.log(plain.saved().vocabulary().size());
        assertTrue(metrics[0] > 1 && metrics[0] < uniform && metrics[1] > 1 && metrics[1] < uniform,
                Arrays.toString(metrics) + " against ln(vocabulary) " + uniform);
        assertNotEquals(metrics[0], metrics[1]);
        int best = metrics[0] <= metrics[1] ? 8 : 24;
        assertEquals(best, ((NameMlpModel) cv.bestModel()).saved().model().hiddenSizes().get(0));
    }
}
