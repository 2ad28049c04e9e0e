package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.sparkmore.LocalSpark;
import org.sparkmore.data.Languages;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;

/**
 * Training and evaluation from a names table through TrainingData.of, pinned bit for bit: the parameters' hash and
 * the exact dev loss sums, so any change to how windows are cached or drawn must give exactly the same windows, in
 * the same order, to pass. First recorded from the int-per-id window blocks (commit 0e0ca10), which the compact
 * {@code NameBlock} matched bit for bit; then re-recorded once, when averaging moved from double sums to float sums
 * in partition order (issue 13's collective), from both window layouts, which again agreed bit for bit.
 */
@LocalSpark
class PinnedTrainingTest {
    static final String SYMBOLS = "abcdefghжд\uD800\uDF30"; // Latin, Cyrillic, and Gothic outside the BMP
    static final Vocabulary VOCAB = new Vocabulary(SYMBOLS.codePoints().boxed().sorted().toList(), true);
    static final Languages LANGUAGES = new Languages(List.of("de", "fr", "ru"), List.of(1L, 1L, 1L));
    static SparkSession spark;

    @Test
    void conditionedWithBalancedLanguages() {
        ModelConfig model = new ModelConfig(VOCAB.size(), 3, 3, 6, List.of(24), Activation.TANH, true, true);
        check(model, new TrainConfig(4, 5, 32, Mode.AVERAGE, Sync.ROUNDS, 2, 2, 7L, 0.5),
                775787595, 4612958103899518944L, new long[] {4658766823667981434L, 4652820947445743616L,
                    4650434102830879912L, 4644337115725824000L, 4652963359967962976L, 4646887982702264320L,
                    4651684874140896858L, 4645322278144311296L});
    }

    @Test
    void plainWithAContextLongerThanMostNames() {
        ModelConfig model = new ModelConfig(VOCAB.size(), 5, 4, List.of(16), Activation.TANH);
        check(model, new TrainConfig(4, 5, 32, Mode.AVERAGE, Sync.ROUNDS, 2, 2, 9L, 1.0),
                1482144238, 4612953665512966985L, new long[] {4658761791473853676L, 4652820947445743616L,
                    4650400554331607604L, 4644337115725824000L, 4652975051051221492L, 4646887982702264320L,
                    4651674911697141143L, 4645322278144311296L});
    }

    private void check(ModelConfig model, TrainConfig train, int paramsHash, long devLossBits, long[] sumBits) {
        Dataset<Row> table = table();
        TrainingData trainData = TrainingData.of(table, NamesTable.TRAIN, VOCAB, LANGUAGES, model, 2);
        TrainingData devData = TrainingData.of(table, NamesTable.DEV, VOCAB, LANGUAGES, model, 2);
        Trainer.Result r = new Trainer(spark, TrainFixtures.spec(model, TrainFixtures.adam(0.01), train, TaskHook.NONE),
                line -> { }).train(trainData, devData);
        double[] sums = Trainer.lossSums(spark, model, devData, r.params(), LANGUAGES.size());
        long[] bits = Arrays.stream(sums).mapToLong(Double::doubleToRawLongBits).toArray();
        assertEquals(paramsHash, Arrays.hashCode(r.params()));
        assertEquals(devLossBits, Double.doubleToRawLongBits(r.devLoss()));
        assertEquals(Arrays.toString(sumBits), Arrays.toString(bits));
        trainData.release();
        devData.release();
    }

    /**
     * 600 names of 0 to 14 symbols, some outside the vocabulary (the unknown token), in three languages, a quarter
     * of them dev.
     */
    static Dataset<Row> table() {
        Random r = new Random(5);
        int[] symbols = (SYMBOLS + "z").codePoints().toArray();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(15); k > 0; k--) sb.appendCodePoint(symbols[r.nextInt(symbols.length)]);
            rows.add(RowFactory.create(sb.toString(), LANGUAGES.codes().get(r.nextInt(3)),
                    r.nextInt(4) == 0 ? NamesTable.DEV : NamesTable.TRAIN));
        }
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        return spark.createDataFrame(rows, schema);
    }
}
