package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.LocalSpark;
import org.sparkmore.data.Languages;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.sample.NameScorer;

/**
 * The per-name scorer and evaluation compute the same thing: over a split, the sum of the names' -logLikelihood over
 * the sum of their symbols is the loss that evaluation's Spark path (TrainingData.of, Trainer.lossSums) reports.
 */
@LocalSpark
class ScorerMatchesEvaluationTest {
    static final Vocabulary VOCAB = new Vocabulary("abcdefgh".chars().boxed().toList(), true);
    static final Languages LANGUAGES = new Languages(List.of("de", "fr"), List.of(10L, 10L));
    static SparkSession spark;

    @Test
    void meanNllPerSymbolIsEvaluationsLoss() {
        check(new ModelConfig(VOCAB.size(), 2, 3, 6, List.of(24), Activation.TANH, true, true));
        check(new ModelConfig(VOCAB.size(), 3, 6, List.of(24, 12), Activation.TANH));
    }

    private void check(ModelConfig model) {
        Random r = new Random(11);
        List<String> names = new ArrayList<>();
        List<String> languages = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            // 'z' is outside the vocabulary: evaluation and scorer both read it as the unknown token
            for (int k = 1 + r.nextInt(10); k > 0; k--)
                sb.append(r.nextInt(25) == 0 ? 'z' : (char) ('a' + r.nextInt(8)));
            names.add(sb.toString());
            languages.add(LANGUAGES.codes().get(i % 2));
            rows.add(RowFactory.create(sb.toString(), languages.get(i), NamesTable.DEV));
        }
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        Dataset<Row> table = spark.createDataFrame(rows, schema);
        float[] params = params(model);

        TrainingData windows = TrainingData.of(table, NamesTable.DEV, VOCAB, LANGUAGES, model, 3);
        double[] sums = Trainer.lossSums(spark, model, windows, params, 0);
        windows.release();

        Languages modelLanguages = model.conditioned() ? LANGUAGES : Languages.NONE;
        NameScorer scorer = new NameScorer(model, VOCAB, modelLanguages,
                Params.wrap(model, Nd4j.createFromArray(params)), 50);
        double nll = 0;
        long symbols = 0;
        for (NameScorer.Score s : scorer.score(names, model.conditioned() ? languages : null)) {
            nll -= s.logLikelihood();
            symbols += s.symbols();
        }
        assertEquals((long) sums[1], symbols);
        double loss = sums[0] / sums[1];
        assertEquals(loss, nll / symbols, 1e-7 * loss, model.toString());
    }

    /** Random parameters, output layer and language biases scaled up so the loss is far from ln(vocabSize). */
    private static float[] params(ModelConfig model) {
        Params p = Params.init(model, 3, DataType.FLOAT);
        p.weight(p.layers() - 1).muli(50);
        INDArray bias = p.languageBias();
        if (bias != null) bias.assign(Nd4j.createFromArray(new float[][] {
                {0.5f, 1, -1, 0.3f, 2, 0, 0, -0.5f, 1, 0}, {0, -2, 1, 0.7f, 0, 1, 0, 0.5f, -1, 0.2f}}));
        return p.flat().toFloatVector();
    }
}
