package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.train.TrainFixtures.MODEL;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmore.LocalSpark;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;

/**
 * Barrier mode's chain all-reduce against rounds mode's driver, end to end on a local[8] session, with more
 * partitions than 2 (where the order of float addition shows): the same parameters, optimizer state and losses,
 * bit for bit, in two barrier runs; and every task's own counters, as the driver gets them, show the chain's
 * traffic: the state once from each end of the chain, twice from the tasks between, over 1 or 2 connections.
 */
@LocalSpark("local[8]")
class BarrierMatchesRoundsTest {
    static SparkSession spark;

    @ParameterizedTest
    @ValueSource(ints = {3, 5, 8})
    void barrierGivesRoundsModesBitsInEveryRun(int partitions) {
        // With 5, partition 1 has no windows, as a partition of a small table may have
        List<WindowBlock> blocks = IntStream.range(0, partitions)
                .mapToObj(p -> TrainFixtures.block(partitions == 5 && p == 1 ? 0 : 100 + 40 * p, p)).toList();
        Trainer.Result rounds = train(blocks, Sync.ROUNDS);
        for (int run = 0; run < 2; run++) {
            Trainer.Result barrier = train(blocks, Sync.BARRIER);
            assertArrayEquals(rounds.params(), barrier.params());
            assertArrayEquals(rounds.optimizerState(), barrier.optimizerState());
            assertEquals(rounds.trainLoss(), barrier.trainLoss());
            assertEquals(Double.doubleToRawLongBits(rounds.devLoss()), Double.doubleToRawLongBits(barrier.devLoss()));
            assertEquals(rounds.examples(), barrier.examples());
            assertChainTraffic(barrier.sync(), partitions);
        }
        assertNull(rounds.sync());
    }

    @Test
    void dropoutMasksAreTheSameInBothModes() {
        // The masks come from each (round, partition)'s stream after its batch, wherever the task runs
        ModelConfig dropped = new ModelConfig(MODEL.vocabSize(), 0, MODEL.blockSize(), MODEL.embeddingDim(),
                MODEL.hiddenSizes(), MODEL.activation(), false, false, 0.2, 0.3);
        List<WindowBlock> blocks = IntStream.range(0, 3).mapToObj(p -> TrainFixtures.block(100 + 40 * p, p)).toList();
        Trainer.Result rounds = train(dropped, blocks, Sync.ROUNDS);
        Trainer.Result barrier = train(dropped, blocks, Sync.BARRIER);
        assertArrayEquals(rounds.params(), barrier.params());
        assertArrayEquals(rounds.optimizerState(), barrier.optimizerState());
        assertEquals(Double.doubleToRawLongBits(rounds.devLoss()), Double.doubleToRawLongBits(barrier.devLoss()));
        assertFalse(java.util.Arrays.equals(train(MODEL, blocks, Sync.ROUNDS).params(), rounds.params()),
                "dropout changed nothing");
    }

    static void assertChainTraffic(SyncTraffic sync, int partitions) {
        long s = (long) Float.BYTES * Params.count(MODEL) * 3; // parameters and Adam's two moments
        assertEquals(s, sync.stateBytes());
        assertEquals(partitions, sync.tasks().size(), sync.toString());
        for (SyncTraffic.Task t : sync.tasks()) {
            boolean end = t.partition() == 0 || t.partition() == partitions - 1;
            long sends = end ? 1 : 2;
            assertTrue(t.maxRoundBytes() >= sends * s && t.maxRoundBytes() <= sends * s + 1024, sync.toString());
            assertTrue(t.maxRoundBytes() <= 2.5 * s, sync.toString());
            assertEquals(end ? 1 : 2, t.connections(), sync.toString());
        }
        assertEquals(sync.tasks().get(partitions > 2 ? 1 : 0).maxRoundBytes(), sync.maxRoundBytes());
    }

    static Trainer.Result train(List<WindowBlock> blocks, Sync sync) {
        return train(MODEL, blocks, sync);
    }

    static Trainer.Result train(ModelConfig model, List<WindowBlock> blocks, Sync sync) {
        TrainingData data = TrainFixtures.data(spark, blocks);
        OptimConfig adam = TrainFixtures.adam(0.01);
        List<String> log = new java.util.ArrayList<>();
        Trainer.Result r = new Trainer(spark, TrainFixtures.spec(model, adam,
                TrainFixtures.train(4, 3, 8, Mode.AVERAGE, sync), TaskHook.NONE), log::add).train(data, data);
        // A barrier run that fell back to rounds mode would match trivially
        assertTrue(log.stream().noneMatch(line -> line.contains("barrier mode unavailable")), log.toString());
        return r;
    }
}
