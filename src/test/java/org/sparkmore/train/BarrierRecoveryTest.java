package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.train.TrainFixtures.MODEL;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.sparkmore.LocalSpark;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;

/**
 * Barrier mode's restarts on local[2], with failures injected into real tasks: restarts are counted per streak of
 * failures with no checkpoint in between, each failure names the partition, executor and host, and the time lost
 * shows in the timing summary. (Executors killed for real, and Workers lost for good, are StandaloneClusterIT's.)
 */
@LocalSpark
class BarrierRecoveryTest {
    static SparkSession spark;
    static final OptimConfig ADAM = TrainFixtures.adam(0.01);
    /** 20 rounds, a checkpoint every 2. */
    static final TrainConfig TRAIN = new TrainConfig(20, 5, 8, Mode.AVERAGE, Sync.BARRIER, 2, 2, 7L, 1.0);
    /** One restart allowed per streak. */
    static final BarrierConfig ONE_RESTART = new BarrierConfig(0, 0, 16, 30, 600, 5, 1);

    static Trainer.Result train(TaskHook hook, List<String> log) {
        TrainingData data = TrainFixtures.data(spark, TrainFixtures.blocks());
        return new Trainer(spark, new TrainingSpec(MODEL, ADAM, TRAIN, ONE_RESTART, hook), log::add).train(data, data);
    }

    @Test
    void failuresWithProgressBetweenThemEachStartANewStreak() {
        float[] clean = train(TaskHook.NONE, new CopyOnWriteArrayList<>()).params();
        // Four failures in four attempts, each some rounds after the last: more than maxRestarts in all
        TaskHook fourFailures = (round, partition, attempt) -> {
            if (partition == 1 && attempt < 4 && round == 3 + 4 * attempt)
                throw new IllegalStateException("injected failure in round " + round);
        };
        List<String> log = new CopyOnWriteArrayList<>();
        Trainer.Result r = train(fourFailures, log);
        assertArrayEquals(clean, r.params(), "restarts changed the result");
        List<String> failures = log.stream().filter(l -> l.startsWith("barrier stage failed: ")).toList();
        assertEquals(4, failures.size(), "log: " + log);
        for (String f : failures) {
            assertTrue(f.contains("partition 1 on executor driver at "), f);
            assertTrue(f.contains("injected failure in round"), f);
            assertTrue(f.endsWith("restart 1 of 1 since the last checkpoint"), f);
        }
        assertEquals(4, r.timings().restarts());
        assertTrue(r.timings().restartSeconds() > 0, "restart time: " + r.timings());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("time: ") && l.contains(" + 4 restarts ")), "log: " + log);
    }

    @Test
    void aStreakLongerThanMaxRestartsFailsTheRun() {
        TaskHook always = (round, partition, attempt) -> {
            if (partition == 0 && round == 5) throw new IllegalStateException("round 5 always fails");
        };
        List<String> log = new CopyOnWriteArrayList<>();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> train(always, log));
        assertTrue(e.getMessage().startsWith("the barrier stage failed 2 times in a row with no new checkpoint; "
                + "last failure: partition 0 on executor driver"), e.getMessage());
        assertTrue(e.getMessage().contains("round 5 always fails"), e.getMessage());
    }
}
