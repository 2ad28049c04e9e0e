package org.sparkmore.train;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;

/**
 * Barrier mode's average at scale, old against new: P tasks on loopback, each with its own authenticated sockets, a
 * real DriverChannel for the address swap, and one state of params + Adam's two moments. For each state size and P
 * it runs the old all-to-all ({@link PeerMesh}, a benchmark-only copy) and the chain ({@link ChainAllReduce}) back to
 * back, alternating which goes first, and prints one tab-separated line per (size, P, algorithm): connections and
 * bytes sent per task in a round (from the counters), and the round's time (first task's start to last task's
 * return; all tasks start together at a barrier) for every measured round. It also checks that every task of both
 * algorithms ends with the same bits, since a faster average that sums differently would not be the same training.
 *
 * Two modes. {@code threads}: the tasks are threads of this JVM (as ChainAllReduceTest and PeerChainTest run them).
 * {@code jvms}: each task is a JVM of its own ({@link ScaleTask}, started by {@link ScaleJvms}) and this JVM is the
 * driver, as a barrier stage's executors and driver are. Either way the tasks share the machine's cores: P = 16 on
 * 2 cores measures bytes, connections and bits exactly, and times that are CPU-bound (hashing, copying, summing),
 * not a network's.
 *
 * Usage: CollectiveScale TASKS(2,4,8,16) NAME=PARAMS[:ROUNDS[:WARMUP]],... WARMUP [threads|jvms]
 */
public final class CollectiveScale {
    /** Generous timeouts: 16 oversubscribed tasks moving 13 MB states through one another take seconds a round. */
    static final BarrierConfig CONFIG = new BarrierConfig(0, 0, 16, 60, 600, 60, 3);
    private static final long EXAMPLES = 40L * 1024; // a task's examples a round: 40 steps x batch 1024

    /** One task's side of either algorithm. */
    interface Averager extends Closeable {
        WeightedSum sum(PartitionTrainer.LocalResult mine) throws IOException;

        long lastSumBytes();

        int connections();
    }

    public static void main(String[] args) throws Exception {
        int[] tasks = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int warmup = Integer.parseInt(args[2]);
        boolean jvms = args.length > 3 && args[3].equals("jvms");
        // A comment line, which bench/collective_report.py skips, so old and new TSVs read alike
        System.out.println(jvms ? "# mode\tjvms: every task a JVM of its own, this JVM the driver"
                : "# mode\tthreads: every task a thread of this JVM");
        System.out.println(
                "# size\tparams\tstate_bytes\ttasks\talgo\tconn_max\tbytes_max\tbytes_mean\tbits\tround_ms...");
        for (String spec : args[1].split(",")) {
            String name = spec.substring(0, spec.indexOf('='));
            String[] v = spec.substring(spec.indexOf('=') + 1).split(":");
            int params = Integer.parseInt(v[0]);
            int rounds = v.length > 1 ? Integer.parseInt(v[1]) : 9;
            int warm = v.length > 2 ? Integer.parseInt(v[2]) : warmup; // fresh JVMs warm up faster on bigger states
            for (int i = 0; i < tasks.length; i++) {
                int p = tasks[i];
                // Alternate the order, so neither algorithm always runs on a JIT-warmer, GC-cleaner JVM
                String[] order = i % 2 == 0 ? new String[] {"mesh", "chain"} : new String[] {"chain", "mesh"};
                int[] bits = new int[2];
                for (String algo : order) {
                    Result r = jvms ? ScaleJvms.run(algo, p, params, warm, rounds)
                            : run(algo, p, params, warm, rounds);
                    bits[algo.equals("mesh") ? 0 : 1] = r.bits;
                    System.out.printf("%s\t%d\t%d\t%d\t%s\t%d\t%d\t%d\t%08x\t%s%n", name, params,
                            (long) Float.BYTES * 3 * params, p, algo, r.connMax, r.bytesMax, r.bytesMean, r.bits,
                            r.roundsMs);
                    System.gc(); // one run's garbage (P states a task, P tasks) is not the next one's pause
                }
                if (bits[0] != bits[1]) throw new AssertionError(name + " P=" + p + ": mesh and chain sums differ");
            }
        }
    }

    record Result(int connMax, long bytesMax, long bytesMean, int bits, String roundsMs) {
    }

    private static Result run(String algo, int tasks, int params, int warmup, int rounds) throws Exception {
        int state = 2 * params; // Adam's first and second moments, as Adam.stateSize
        ChannelKey key = ChannelKey.fresh();
        try (DriverChannel driver = driver(key, tasks, params)) {
            int total = warmup + rounds;
            long[][] starts = new long[total][tasks];
            long[][] ends = new long[total][tasks];
            long[] bytes = new long[tasks];
            int[] conns = new int[tasks];
            int[] bits = new int[tasks];
            Exception[] failures = new Exception[tasks];
            CyclicBarrier together = new CyclicBarrier(tasks);
            List<Thread> threads = new ArrayList<>();
            for (int me = 0; me < tasks; me++) {
                int task = me;
                // A thread per task: they block on one another, which a small pool would not survive
                Thread t = new Thread(() -> {
                    try (DriverLink link = new DriverLink(driver.address(), key, task, CONFIG, tasks);
                         Averager a = open(algo, task, tasks, link, key, params, state)) {
                        PartitionTrainer.LocalResult mine = update(task, params, state);
                        for (int r = 0; r < total; r++) {
                            together.await();
                            starts[r][task] = System.nanoTime();
                            WeightedSum sum = a.sum(mine);
                            ends[r][task] = System.nanoTime();
                            if (r == total - 1) bits[task] = bits(sum);
                        }
                        bytes[task] = a.lastSumBytes();
                        conns[task] = a.connections();
                    } catch (Exception e) {
                        failures[task] = e;
                        together.reset(); // the others fail fast instead of waiting for a task that is gone
                    }
                }, "bench-task-" + me);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) t.join();
            for (Exception e : failures) if (e != null) throw e;
            return result(algo, warmup, starts, ends, bytes, conns, bits);
        }
    }

    /** The driver's endpoint of one (algorithm, P) run, where its tasks swap addresses; it hears no reports. */
    static DriverChannel driver(ChannelKey key, int tasks, int params) throws IOException {
        Checkpoint start = new Checkpoint(-1, 0, new float[params], new float[2 * params]);
        return new DriverChannel(InetAddress.getLoopbackAddress(), "127.0.0.1", key, CONFIG, tasks, start,
                new DriverChannel.Listener() {
                    public void round(DriverChannel.RoundReport r) {
                    }

                    public void checkpoint(Checkpoint c) {
                    }

                    public void failed(Exception e) {
                    }
                }, line -> { });
    }

    /** Checks every task ended with the same bits; a round's time is first start to last return, in ms. */
    static Result result(String algo, int warmup, long[][] starts, long[][] ends, long[] bytes, int[] conns,
                         int[] bits) {
        int tasks = bits.length;
        for (int b : bits) if (b != bits[0]) throw new AssertionError(algo + " P=" + tasks + ": tasks differ");
        StringBuilder ms = new StringBuilder();
        for (int r = warmup; r < starts.length; r++) {
            long first = Arrays.stream(starts[r]).min().getAsLong();
            long last = Arrays.stream(ends[r]).max().getAsLong();
            ms.append(ms.length() == 0 ? "" : "\t").append(String.format("%.3f", (last - first) / 1e6));
        }
        return new Result(Arrays.stream(conns).max().getAsInt(), Arrays.stream(bytes).max().getAsLong(),
                Arrays.stream(bytes).sum() / tasks, bits[0], ms.toString());
    }

    /** A hash of the sums' bits, compared across tasks and algorithms. */
    static int bits(WeightedSum sum) {
        return 31 * Arrays.hashCode(sum.vectorSum()) + Arrays.hashCode(sum.stateSum());
    }

    static Averager open(String algo, int me, int tasks, DriverLink link, ChannelKey key, int params,
                                 int state) throws IOException {
        if (algo.equals("mesh")) {
            PeerMesh m = PeerMesh.open(me, tasks, "127.0.0.1", "exec-" + me, link, key, CONFIG, params, state);
            return new Averager() {
                public WeightedSum sum(PartitionTrainer.LocalResult mine) throws IOException {
                    return m.sum(mine, 0);
                }

                public long lastSumBytes() {
                    return m.lastSumBytes();
                }

                public int connections() {
                    return m.connections();
                }

                public void close() throws IOException {
                    m.close();
                }
            };
        }
        ChainAllReduce c = ChainAllReduce.open(me, tasks, "127.0.0.1", "exec-" + me, link, key, CONFIG, params, state);
        return new Averager() {
            public WeightedSum sum(PartitionTrainer.LocalResult mine) throws IOException {
                return c.sum(mine, 0);
            }

            public long lastSumBytes() {
                return c.lastSumBytes();
            }

            public int connections() {
                return c.connections();
            }

            public void close() throws IOException {
                c.close();
            }
        };
    }

    /** A task's round result: parameters near a common point, positive second moments, seeded by the task. */
    static PartitionTrainer.LocalResult update(int task, int params, int state) {
        SplittableRandom rng = new SplittableRandom(task);
        float[] vector = new float[params];
        float[] moments = new float[state];
        for (int i = 0; i < params; i++) vector[i] = (float) (0.1 * rng.nextGaussian());
        for (int i = 0; i < state; i++) moments[i] = (float) (i < params ? 1e-3 * rng.nextGaussian()
                : 1e-6 * rng.nextDouble());
        return new PartitionTrainer.LocalResult(vector, moments, EXAMPLES, 2.1 * EXAMPLES, 40);
    }
}
