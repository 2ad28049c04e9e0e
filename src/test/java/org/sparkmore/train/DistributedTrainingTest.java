package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.train.TrainFixtures.MODEL;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.LocalSpark;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.model.Mlp;
import org.sparkmore.model.Params;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.optim.Optimizer;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;

/** The Spark loop against local runs of the same math, on a real local[2] session. */
@LocalSpark
class DistributedTrainingTest {
    static SparkSession spark;
    static final List<WindowBlock> BLOCKS = TrainFixtures.blocks();

    static Trainer.Result spark(OptimConfig optim, TrainConfig train) {
        TrainingData data = TrainFixtures.data(spark, BLOCKS);
        return new Trainer(spark, TrainFixtures.spec(MODEL, optim, train, TaskHook.NONE), line -> { })
                .train(data, data);
    }

    @ParameterizedTest
    @EnumSource(Sync.class)
    void averagingEveryStepEqualsOneWorkerWithTheDoubledBatch(Sync sync) {
        OptimConfig sgd = TrainFixtures.sgd(0.1);
        TrainConfig train = TrainFixtures.train(30, 1, 16, Mode.AVERAGE, sync);
        float[] distributed = spark(sgd, train).params();
        float[] single = combinedBatchRun(sgd, train);
        assertClose(single, distributed, 1e-5);
    }

    @Test
    void gradientModeEqualsOneAdamOnTheCombinedBatch() {
        OptimConfig adam = TrainFixtures.adam(0.01);
        TrainConfig train = TrainFixtures.train(30, 1, 16, Mode.GRADIENTS, Sync.BARRIER); // falls back to rounds
        assertClose(combinedBatchRun(adam, train), spark(adam, train).params(), 1e-5);
    }

    @ParameterizedTest
    @EnumSource(Sync.class)
    void sparkIsBitIdenticalToALocalRunOfTheSameCode(Sync sync) {
        OptimConfig adam = TrainFixtures.adam(0.01);
        TrainConfig train = TrainFixtures.train(6, 5, 8, Mode.AVERAGE, sync);
        PartitionTrainer trainer = new PartitionTrainer(MODEL, adam, train);
        float[] params = Params.init(MODEL, train.seed(), DataType.FLOAT).flat().toFloatVector();
        float[] state = new float[(int) Optimizer.create(adam, train.totalSteps()).stateSize(params.length)];
        for (int round = 0; round < train.rounds(); round++) {
            WeightedSum sum = WeightedSum.empty();
            for (int p = 0; p < BLOCKS.size(); p++)
                sum.add(WeightedSum.of(trainer.localSteps(BLOCKS.get(p), params, state, round, p)));
            params = sum.meanVector();
            state = sum.meanState();
        }
        assertArrayEquals(params, spark(adam, train).params());
    }

    @ParameterizedTest
    @EnumSource(Sync.class)
    void sameSeedGivesBitIdenticalParameters(Sync sync) {
        OptimConfig adam = TrainFixtures.adam(0.01);
        TrainConfig train = TrainFixtures.train(5, 4, 8, Mode.AVERAGE, sync);
        assertArrayEquals(spark(adam, train).params(), spark(adam, train).params());
    }

    @Test
    void barrierAndRoundsGiveTheSameParametersAndLosses() {
        OptimConfig adam = TrainFixtures.adam(0.01);
        Trainer.Result rounds = spark(adam, TrainFixtures.train(7, 4, 8, Mode.AVERAGE, Sync.ROUNDS));
        Trainer.Result barrier = spark(adam, TrainFixtures.train(7, 4, 8, Mode.AVERAGE, Sync.BARRIER));
        assertArrayEquals(rounds.params(), barrier.params());
        assertArrayEquals(rounds.optimizerState(), barrier.optimizerState());
        assertEquals(rounds.devLoss(), barrier.devLoss(), 1e-12);
        assertEquals(rounds.examples(), barrier.examples());
        assertEquals(3, barrier.devCurve().size()); // rounds 3, 6 and the last, 7
    }

    /** The stage ends the moment task 0 has sent its last checkpoint; the driver must still return it. */
    @Test
    void barrierModeAlwaysReturnsTheLastRoundsParameters() {
        TrainConfig one = TrainFixtures.train(1, 2, 8, Mode.AVERAGE, Sync.BARRIER);
        float[] expected = spark(TrainFixtures.adam(0.01), TrainFixtures.train(1, 2, 8, Mode.AVERAGE,
                Sync.ROUNDS)).params();
        for (int run = 0; run < 5; run++) {
            Trainer.Result r = spark(TrainFixtures.adam(0.01), one);
            assertEquals(2L * 2 * 8, r.examples());
            assertArrayEquals(expected, r.params());
        }
    }

    @Test
    void trainingLowersTheDevLoss() {
        Trainer.Result r = spark(TrainFixtures.adam(0.02), TrainFixtures.train(20, 10, 32, Mode.AVERAGE, Sync.BARRIER));
        assertTrue(r.devLoss() < Math.log(MODEL.vocabSize()) - 0.5, "dev " + r.devLoss());
    }

    /**
     * One worker, one step per round on the concatenation of the two partitions' minibatches (drawn from the same
     * per-partition streams), i.e. minibatch SGD with the doubled batch.
     */
    static float[] combinedBatchRun(OptimConfig optim, TrainConfig train) {
        Mlp mlp = new Mlp(MODEL, DataType.FLOAT);
        Params p = Params.init(MODEL, train.seed(), DataType.FLOAT);
        Params grad = Params.zeros(MODEL, DataType.FLOAT);
        Optimizer opt = Optimizer.create(optim, train.totalSteps());
        long stateSize = opt.stateSize(p.flat().length());
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, stateSize);
        int b = train.batchSize();
        int bs = MODEL.blockSize();
        for (int round = 0; round < train.rounds(); round++) {
            int[] ctx = new int[2 * b * bs];
            int[] tgt = new int[2 * b];
            for (int part = 0; part < 2; part++) {
                PartitionTrainer.Batch batch = new PartitionTrainer.Batch(b, bs);
                batch.draw(BLOCKS.get(part), null, PartitionTrainer.rng(train.seed(), round, part));
                System.arraycopy(batch.contexts, 0, ctx, part * b * bs, b * bs);
                System.arraycopy(batch.targets, 0, tgt, part * b, b);
            }
            mlp.lossAndGradient(p, ctx, tgt, 2 * b, grad);
            opt.step(p.flat(), grad.flat(), state, round);
        }
        return p.flat().toFloatVector();
    }

    static void assertClose(float[] expected, float[] actual, double tol) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        assertTrue(worst <= tol, "max abs difference " + worst);
        assertTrue(expected.length == actual.length);
    }
}
