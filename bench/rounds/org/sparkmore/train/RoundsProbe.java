package org.sparkmore.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Rounds mode's synchronisation alone, without the training: each round broadcasts a state (parameters and Adam's
 * two moments, random floats), every partition returns a contribution of the same size made from it, as a training
 * task would after its local steps, and the driver sums them. The aggregations compared, in the same session and
 * round by round in rotating order: "collect" (every result to the driver, then a sum in partition order: rounds
 * mode before issue 13's streaming sum), "inorder" (Trainer.sumInOrder, rounds mode now), and "tree2" / "reduce"
 * (RDD.treeAggregate at depth 2 and RDD.reduce, which add in the order tasks finish, so their bits can differ from
 * run to run; measured to see what that freedom would buy). Benchmark code: it ships in no jar.
 */
public final class RoundsProbe {
    static final List<String> AGGREGATIONS = List.of("collect", "inorder", "tree2", "reduce");

    private RoundsProbe() {
    }

    /**
     * Warm-up then measured rounds for one state size; prints a TSV row per measured round: prefix, aggregation,
     * round, round ms, slowest task ms, whether the sum's bits equal the partition-order sum's.
     */
    public static void run(JavaSparkContext jsc, int partitions, int floats, int warmup, int rounds, String prefix,
                           Consumer<String> out) {
        float[][] state = randomState(floats);
        JavaRDD<Integer> slots = jsc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions);
        float[] ordered = null;
        for (int r = 0; r < warmup + rounds; r++) {
            List<String> order = new ArrayList<>(AGGREGATIONS);
            java.util.Collections.rotate(order, r); // no aggregation always runs first, after another's garbage
            for (String how : order) {
                jsc.setJobDescription("rounds probe: " + how + " round " + r);
                long start = System.nanoTime();
                WeightedSum sum = round(jsc, slots, state, how);
                double ms = (System.nanoTime() - start) / 1e6;
                if (how.equals("collect")) ordered = sum.vectorSum();
                if (r >= warmup) out.accept(String.format(Locale.ROOT, "%s\t%s\t%d\t%.2f\t%.2f\t%s", prefix, how,
                        r - warmup, ms, sum.computeNanos() / 1e6, how.equals("collect") ? "-"
                                : ordered == null ? "?" : Arrays.equals(ordered, sum.vectorSum()) ? "yes" : "no"));
            }
        }
    }

    private static WeightedSum round(JavaSparkContext jsc, JavaRDD<Integer> slots, float[][] state, String how) {
        Broadcast<float[][]> shared = jsc.broadcast(state);
        try {
            JavaRDD<WeightedSum> parts = slots.map(p -> {
                long start = System.nanoTime();
                float[][] s = shared.value();
                float[] v = s[0].clone();
                for (int i = 0; i < v.length; i += 97) v[i] += p; // partitions differ, so their order can show
                return WeightedSum.ofSums(v, s[1].clone(), 1, p, 1, 0).timed(System.nanoTime() - start);
            });
            return switch (how) {
                case "collect" -> {
                    WeightedSum sum = WeightedSum.empty();
                    for (WeightedSum c : parts.collect()) sum.add(c);
                    yield sum;
                }
                case "inorder" -> Trainer.sumInOrder(parts);
                case "tree2" -> parts.treeAggregate(WeightedSum.empty(), (a, c) -> a.add(c), (a, b) -> a.add(b), 2);
                case "reduce" -> parts.reduce((a, b) -> a.add(b));
                default -> throw new IllegalArgumentException(how);
            };
        } finally {
            shared.destroy();
        }
    }

    /** {parameters, Adam's two moments}, floats / 3 each. */
    private static float[][] randomState(int floats) {
        SplittableRandom rng = new SplittableRandom(7);
        float[] params = new float[floats / 3];
        float[] moments = new float[floats - params.length];
        for (int i = 0; i < params.length; i++) params[i] = (float) rng.nextGaussian();
        for (int i = 0; i < moments.length; i++) moments[i] = (float) rng.nextDouble();
        return new float[][] {params, moments};
    }
}
