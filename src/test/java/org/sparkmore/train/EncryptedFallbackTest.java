package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.train.TrainFixtures.MODEL;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.sparkmore.SparkTestSession;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;

/**
 * With Spark's network encryption on, barrier mode's channels (authenticated, not encrypted) are not used: the run
 * says why and trains in rounds mode over Spark's own encrypted channels, to the same parameters.
 */
class EncryptedFallbackTest {
    static final OptimConfig ADAM = TrainFixtures.adam(0.01);
    static final TrainConfig TRAIN = TrainFixtures.train(6, 5, 8, Mode.AVERAGE, Sync.BARRIER);

    static float[] train(SparkSession spark, List<String> log) {
        try {
            TrainingData data = TrainFixtures.data(spark, TrainFixtures.blocks());
            return new Trainer(spark, TrainFixtures.spec(MODEL, ADAM, TRAIN, TaskHook.NONE), log::add)
                    .train(data, data).params();
        } finally {
            spark.stop();
        }
    }

    @Test
    void encryptionTrainsInRoundsModeToTheSameParameters() {
        List<String> plainLog = new CopyOnWriteArrayList<>();
        float[] plain = train(SparkTestSession.start("local[2]"), plainLog);
        assertTrue(plainLog.stream().anyMatch(l -> l.startsWith("barrier channel: listening on")), "log: " + plainLog);

        List<String> log = new CopyOnWriteArrayList<>();
        SparkSession encrypted = SparkSession.builder().master("local[2]").appName("sparkmore-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.authenticate", "true")
                .config("spark.network.crypto.enabled", "true").getOrCreate();
        float[] fallback = train(encrypted, log);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("barrier mode unavailable (spark.network.crypto.enabled is "
                + "on, and barrier mode's channels authenticate every message but do not encrypt")), "log: " + log);
        assertTrue(log.stream().noneMatch(l -> l.startsWith("barrier channel")), "log: " + log);
        assertArrayEquals(plain, fallback);
    }
}
