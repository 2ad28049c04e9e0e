package org.sparkmore.train;

import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.data.WindowArrays;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.optim.OptimConfig.Algorithm;
import org.sparkmore.optim.OptimConfig.Schedule;
import org.sparkmore.optim.OptimConfig;

/** Small, real training inputs: random windows over a small vocabulary, split into equal partitions. */
final class TrainFixtures {
    static final ModelConfig MODEL = new ModelConfig(12, 3, 6, List.of(16), Activation.TANH);

    private TrainFixtures() {
    }

    static WindowBlock block(int windows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int bs = MODEL.blockSize();
        int[] ctx = new int[windows * bs];
        int[] tgt = new int[windows];
        for (int i = 0; i < windows; i++) {
            for (int k = 0; k < bs; k++) ctx[i * bs + k] = rng.nextInt(MODEL.vocabSize());
            // a learnable rule plus noise: the next symbol follows the last one
            tgt[i] = rng.nextInt(4) == 0 ? rng.nextInt(MODEL.vocabSize())
                    : (ctx[i * bs + bs - 1] + 1) % MODEL.vocabSize();
        }
        return new WindowArrays(bs, ctx, tgt);
    }

    static List<WindowBlock> blocks() {
        return List.of(block(300, 1), block(300, 2));
    }

    /** One partition per block, cached, as TrainingData.of builds them. */
    static TrainingData data(SparkSession spark, List<WindowBlock> blocks) {
        JavaRDD<WindowBlock> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(blocks, blocks.size()).cache();
        return new TrainingData(rdd, blocks.stream().mapToLong(WindowBlock::size).sum());
    }

    static OptimConfig sgd(double lr) {
        OptimConfig d = OptimConfig.DEFAULTS;
        return new OptimConfig(Algorithm.SGD, lr, 0, d.beta1(), d.beta2(), d.epsilon(), 0, 0, Schedule.CONSTANT, 0,
                d.decaySteps(), d.decayFactor(), d.minLrFraction());
    }

    static OptimConfig adam(double lr) {
        OptimConfig d = OptimConfig.DEFAULTS;
        return new OptimConfig(Algorithm.ADAM, lr, 0, d.beta1(), d.beta2(), d.epsilon(), 0, 0, Schedule.COSINE, 5,
                d.decaySteps(), d.decayFactor(), d.minLrFraction());
    }

    static TrainConfig train(int rounds, int steps, int batch, TrainConfig.Mode mode, TrainConfig.Sync sync) {
        return new TrainConfig(rounds, steps, batch, mode, sync, 2, 3, 7L, 1.0);
    }

    /** A spec with barrier mode's default channels. */
    static TrainingSpec spec(ModelConfig model, OptimConfig optim, TrainConfig train, TaskHook hook) {
        return new TrainingSpec(model, optim, train, BarrierConfig.DEFAULTS, hook);
    }
}
