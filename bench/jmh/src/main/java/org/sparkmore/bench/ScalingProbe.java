package org.sparkmore.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.NameBlock;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.train.PartitionTrainer;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;
import org.sparkmore.train.TrainConfig;

/**
 * How the training step scales from one thread to two in one JVM without Spark: each thread runs the same
 * Worker.localSteps rounds a barrier task runs (defaults: 40 steps of 1024, Adam), on its own random windows, from a
 * cold JVM unless warm-up steps are asked for. Separates Spark's share of the local[1] to local[2] scaling from the
 * step's own.
 *
 * <p>Usage: {@code java -cp bench/jmh/target/benchmarks.jar org.sparkmore.bench.ScalingProbe THREADS ROUNDS [WARMUP]}
 */
public final class ScalingProbe {

    private ScalingProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        int threads = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        ModelConfig model = ModelConfig.DEFAULTS.forData(27, 0);
        TrainConfig train = new TrainConfig(rounds, 40, 1024, Mode.AVERAGE, Sync.BARRIER, threads, 10, 1337L, 1.0);
        int n = Math.toIntExact(Params.count(model));
        if (warmup > 0) {
            TrainConfig w = new TrainConfig(1, warmup, 1024, Mode.AVERAGE, Sync.BARRIER, 1, 1, 1L, 1.0);
            new PartitionTrainer(model, OptimConfig.DEFAULTS, w).localStepper()
                    .localSteps(windows(4096, -1), new float[n], new float[2 * n], 0, 0);
        }
        PartitionTrainer trainer = new PartitionTrainer(model, OptimConfig.DEFAULTS, train);
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int k = 0; k < threads; k++) {
            int id = k;
            workers[k] = new Thread(() -> {
                WindowBlock block = windows(91_000, id); // about one partition of names-split
                PartitionTrainer.LocalStepper stepper = trainer.localStepper();
                float[] params = new float[n];
                float[] state = new float[2 * n];
                for (int round = 0; round < rounds; round++) {
                    PartitionTrainer.LocalResult u = stepper.localSteps(block, params, state, round, id);
                    params = u.vector();
                    state = u.state();
                }
            });
            workers[k].start();
        }
        for (Thread t : workers) t.join();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "threads %d, rounds %d, warm-up %d steps: %.2f s, %,.0f examples/s%n",
                threads, rounds, warmup, seconds, threads * rounds * 40 * 1024 / seconds);
    }

    /** Random names of 2-9 letters of a-z (ids 1-26) up to about count windows, cached as training caches them. */
    private static WindowBlock windows(int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        NameBlock.Builder names = new NameBlock.Builder(new ContextLayout(3, 27, 0), false);
        for (int windows = 0; windows < count; ) {
            int[] name = rng.ints(2 + rng.nextInt(8), 1, 27).toArray();
            names.add(name, -1);
            windows += name.length + 1;
        }
        return names.build();
    }
}
