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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkmore.LocalSpark;
import org.sparkmore.model.Params;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;

/** Checkpoints handed out during training, and a run that dies and continues from one, on a real local[2]. */
@LocalSpark
class ResumeTest {
    static SparkSession spark;
    static final OptimConfig ADAM = TrainFixtures.adam(0.01);

    /** 10 rounds, dev every 3, a checkpoint every 2. */
    static TrainConfig config(Sync sync) {
        return new TrainConfig(10, 4, 8, Mode.AVERAGE, sync, 2, 3, 7L, 1.0, 2);
    }

    static Trainer trainer(TrainConfig train, TaskHook hook) {
        return new Trainer(spark, TrainFixtures.spec(MODEL, ADAM, train, hook), line -> { });
    }

    /**
     * A task fails at round 7 on every attempt, so the run dies (barrier mode gives up after its restarts); the run
     * continued from the last checkpoint it handed out ends bit-identical to one that never failed.
     */
    @ParameterizedTest
    @EnumSource(Sync.class)
    void aRunThatDiesAndResumesFromItsLastCheckpointEndsBitIdentical(Sync sync) {
        TrainConfig train = config(sync);
        TrainingData data = TrainFixtures.data(spark, TrainFixtures.blocks());
        List<Checkpoint> handed = new CopyOnWriteArrayList<>();
        Trainer.Result clean = trainer(train, TaskHook.NONE).train(data, data, null, handed::add);
        assertEquals(List.of(1, 3, 5, 7), handed.stream().map(Checkpoint::round).toList()); // never the last round

        List<Checkpoint> beforeDeath = new CopyOnWriteArrayList<>();
        TaskHook dieAtRound7 = (round, partition, attempt) -> {
            if (round == 7 && partition == 1) throw new IllegalStateException("injected death at round 7");
        };
        assertThrows(Exception.class, () -> trainer(train, dieAtRound7).train(data, data, null, beforeDeath::add));
        Checkpoint last = beforeDeath.get(beforeDeath.size() - 1);
        assertTrue(last.round() < 7, "checkpoint of round " + last.round());

        Trainer.Result resumed = trainer(train, TaskHook.NONE).train(data, data, last, c -> { });
        assertArrayEquals(clean.params(), resumed.params());
        assertArrayEquals(clean.optimizerState(), resumed.optimizerState());
        assertEquals(clean.examples(), resumed.examples());
        assertEquals(clean.devLoss(), resumed.devLoss());
    }

    /** A warm start from the very parameters a fresh run draws is that fresh run: the start adds nothing. */
    @Test
    void aWarmStartFromTheFreshParametersIsTheFreshRun() {
        TrainConfig train = config(Sync.BARRIER);
        TrainingData data = TrainFixtures.data(spark, TrainFixtures.blocks());
        float[] init = Params.init(MODEL, train.seed(), DataType.FLOAT).flat().toFloatVector();
        assertArrayEquals(trainer(train, TaskHook.NONE).train(data, data).params(),
                trainer(train, TaskHook.NONE).train(data, data, Checkpoint.start(init), c -> { }).params());
    }

    @Test
    void aStartThatDoesNotFitIsAClearError() {
        TrainConfig train = config(Sync.ROUNDS);
        TrainingData data = TrainFixtures.data(spark, TrainFixtures.blocks());
        String message = assertThrows(IllegalArgumentException.class, () -> trainer(train, TaskHook.NONE)
                .train(data, data, Checkpoint.start(new float[3]), c -> { })).getMessage();
        assertTrue(message.contains("the start has 3 parameters"), message);
        float[] init = Params.init(MODEL, 1, DataType.FLOAT).flat().toFloatVector();
        message = assertThrows(IllegalArgumentException.class, () -> trainer(train, TaskHook.NONE)
                .train(data, data, new Checkpoint(9, 0, init, null), c -> { })).getMessage();
        assertTrue(message.contains("nothing is left to train"), message);
    }
}
