package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.train.TrainFixtures.MODEL;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sparkmore.LocalSpark;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;

/** local[2,3]: two cores, up to three attempts per task, so a failed first attempt is retried. */
@LocalSpark("local[2,3]")
class TaskRetryTest {
    static SparkSession spark;
    static final AtomicInteger FAILED = new AtomicInteger();

    @BeforeAll
    static void countFailedTasks() {
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) FAILED.incrementAndGet();
            }
        });
    }

    /** rounds: Spark retries the failed task; barrier: the driver restarts the stage from the last checkpoint. */
    @ParameterizedTest
    @EnumSource(Sync.class)
    void aFailedFirstAttemptEndsWithTheSameParameters(Sync sync) throws Exception {
        OptimConfig adam = TrainFixtures.adam(0.01);
        TrainConfig train = TrainFixtures.train(8, 5, 8, Mode.AVERAGE, sync);
        TrainingData data = TrainFixtures.data(spark, TrainFixtures.blocks());
        float[] clean = new Trainer(spark, TrainFixtures.spec(MODEL, adam, train, TaskHook.NONE), l -> { })
                .train(data, data).params();
        int failedBefore = FAILED.get();
        TaskHook failOnce = (round, partition, attempt) -> {
            if (round == 4 && partition == 1 && attempt == 0)
                throw new IllegalStateException("injected failure of round 4, partition 1, first attempt");
        };
        float[] retried = new Trainer(spark, TrainFixtures.spec(MODEL, adam, train, failOnce), l -> { })
                .train(data, data).params();
        spark.sparkContext().listenerBus().waitUntilEmpty(); // task-end events arrive asynchronously
        assertTrue(FAILED.get() - failedBefore >= 1, "the injected failure happened");
        if (sync == Sync.ROUNDS) assertEquals(1, FAILED.get() - failedBefore);
        assertArrayEquals(clean, retried);
    }
}
