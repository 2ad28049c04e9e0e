package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chain all-reduce of P tasks, as threads over loopback, against rounds mode's arithmetic (Contributions added
 * in partition order on the driver): the same bits on every task, in every round, and as rounds mode's; at most
 * 2.5 states' bytes sent per task per round and at most 2 connections, whatever P. The state spans 3 chunks, and
 * some partitions train on nothing, as an empty partition does.
 */
class ChainAllReduceTest {
    static final int PARAMS = 50_000;
    static final int STATE = 100_000;
    /** A state's bytes, as the tasks sent it to every peer before (4 bytes a value). */
    static final long S = (long) Float.BYTES * (PARAMS + STATE);

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 8})
    void everyTaskGetsRoundsModesBitsWithinTwoAndAHalfStatesOverTwoConnections(int tasks) throws Exception {
        List<PartitionTrainer.LocalResult> updates = updates(tasks);
        WeightedSum rounds = WeightedSum.empty();
        for (int p = 0; p < tasks; p++) rounds.add(WeightedSum.of(updates.get(p)).timed(1000L * p));
        ChannelKey key = ChannelKey.fresh();
        ExecutorService threads = Executors.newFixedThreadPool(tasks);
        try (DriverChannel driver = PeerChainTest.channel(key, tasks)) {
            List<Future<ChainAllReduce>> opening = new ArrayList<>();
            for (int p = 0; p < tasks; p++) {
                int me = p;
                opening.add(threads.submit(() -> ChainAllReduce.open(me, tasks, "127.0.0.1", "exec-" + me,
                        new DriverLink(driver.address(), key, me, PeerChainTest.CONFIG, tasks), key,
                        PeerChainTest.CONFIG, PARAMS, STATE)));
            }
            List<ChainAllReduce> chain = new ArrayList<>();
            for (Future<ChainAllReduce> f : opening) chain.add(f.get(60, TimeUnit.SECONDS));
            try {
                for (int round = 0; round < 2; round++) {
                    List<Future<WeightedSum>> sums = new ArrayList<>();
                    for (int p = 0; p < tasks; p++) {
                        ChainAllReduce c = chain.get(p);
                        PartitionTrainer.LocalResult u = updates.get(p);
                        long nanos = 1000L * p;
                        sums.add(threads.submit(() -> c.sum(u, nanos)));
                    }
                    for (Future<WeightedSum> f : sums) assertSame(rounds, f.get(60, TimeUnit.SECONDS));
                    for (int p = 0; p < tasks; p++) assertTraffic(chain.get(p), p, tasks);
                }
            } finally {
                for (ChainAllReduce c : chain) c.close();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * The order is what fixes the bits: summing these updates in reverse gives other bits, so the test above can
     * fail (with 2 non-empty partitions, as 3 tasks have here, any order gives the same bits).
     */
    @ParameterizedTest
    @ValueSource(ints = {5, 8})
    void anotherOrderGivesOtherBits(int tasks) {
        List<PartitionTrainer.LocalResult> updates = updates(tasks);
        WeightedSum forward = WeightedSum.empty();
        WeightedSum reverse = WeightedSum.empty();
        for (int p = 0; p < tasks; p++) forward.add(WeightedSum.of(updates.get(p)));
        for (int p = tasks - 1; p >= 0; p--) reverse.add(WeightedSum.of(updates.get(p)));
        assertNotEquals(java.util.Arrays.hashCode(forward.meanVector()),
                java.util.Arrays.hashCode(reverse.meanVector()));
    }

    static void assertSame(WeightedSum expected, WeightedSum actual) {
        assertArrayEquals(expected.meanVector(), actual.meanVector());
        assertArrayEquals(expected.meanState(), actual.meanState());
        assertEquals(expected.examples(), actual.examples());
        assertEquals(expected.meanLoss(), actual.meanLoss());
        assertEquals(expected.steps(), actual.steps());
        assertEquals(expected.computeNanos(), actual.computeNanos());
    }

    static void assertTraffic(ChainAllReduce c, int p, int tasks) {
        long bytes = c.lastSumBytes();
        assertTrue(bytes <= 2.5 * S, "partition " + p + " of " + tasks + " sent " + bytes + " bytes, S = " + S);
        // The ends send the state once, the middle twice (up, then the sums back down)
        long sends = p == 0 || p == tasks - 1 ? 1 : 2;
        assertTrue(bytes >= sends * S && bytes <= sends * S + 1024, "partition " + p + " sent " + bytes);
        assertEquals(p == 0 || p == tasks - 1 ? 1 : 2, c.connections());
    }

    /**
     * Random parameters and moments of very different magnitudes, so that the order of addition shows in the bits;
     * some partitions have no windows.
     */
    static List<PartitionTrainer.LocalResult> updates(int tasks) {
        Set<Integer> empty = tasks == 3 ? Set.of(0) : tasks == 5 ? Set.of(2) : tasks == 8 ? Set.of(0, 5) : Set.of();
        List<PartitionTrainer.LocalResult> updates = new ArrayList<>();
        for (int p = 0; p < tasks; p++) {
            SplittableRandom rng = new SplittableRandom(31L * tasks + p);
            if (empty.contains(p)) {
                updates.add(PartitionTrainer.LocalResult.NONE);
                continue;
            }
            updates.add(new PartitionTrainer.LocalResult(values(rng, PARAMS), values(rng, STATE), 1 + rng.nextInt(5000),
                    rng.nextDouble() * 1000, 4));
        }
        return updates;
    }

    static float[] values(SplittableRandom rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-4, 3)));
        return v;
    }
}
