package org.sparkmore.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a real standalone cluster ({@link StandaloneCluster}: a Master and 1-core Workers) must end with
 * parameters bit-identical to a local[N] run of the same jar with the same seed and N partitions: the windows are
 * sorted within their partitions, every task runs the same single-threaded float arithmetic with the same OpenBLAS
 * kernel, and barrier mode sums the partitions in partition order, so where a task runs must not change a bit. So
 * it must with 4 Workers, where the chain all-reduce has tasks between its ends, which by their own counters send
 * at most 2.5 states a round over at most 2 connections. With 2 Workers it must hold too when an executor is killed
 * mid-run (the driver restarts the barrier stage from its latest checkpoint), and when a whole Worker is lost for
 * good (the run continues in rounds mode, one Spark job per round).
 *
 * <p>Run by maven-failsafe-plugin after {@code package} has built target/sparkmore-job.jar; alone with
 * {@code mvn verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=StandaloneClusterIT}.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {

    /** A few rounds, evaluated twice: enough to see the executors, compare the parameters and count the traffic. */
    private static final List<String> SHORT_RUN = List.of("--rounds", "4", "--steps-per-round", "5",
            "--batch-size", "64", "--hidden", "32", "--samples", "0", "--set", "train.evalEvery=2");
    private static final int ROUNDS = 40;
    /** The round after which a fault strikes: after a few checkpoints, with most of the run still to go. */
    private static final int STRIKE_AT = 12;
    /** Long enough (15-20 s of training on the cluster) to strike mid-run; a checkpoint every 4 rounds. */
    private static final List<String> LONG_RUN = List.of("--rounds", "" + ROUNDS, "--steps-per-round", "120",
            "--batch-size", "64", "--hidden", "32", "--samples", "0", "--set", "train.evalEvery=4");
    /** The driver's line with what the tasks' collective counted (SyncTraffic.describe). */
    private static final Pattern SYNC = Pattern.compile("sync: chain all-reduce over (\\d+) tasks, at most ([\\d,]+) "
            + "bytes \\(.*?, S = ([\\d,]+) bytes .*?; at most (\\d+) connections per task");

    @TempDir Path dir;

    @BeforeEach
    void runnable() {
        StandaloneCluster.assumeRunnable();
    }

    /** Eleven JVMs share the cores here, most of them starting Spark: allow it longer than the others. */
    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void trainingOnFourWorkersEqualsLocal4() throws Exception {
        try (StandaloneCluster cluster = new StandaloneCluster(dir)) {
            Runs runs = start(cluster, 4, SHORT_RUN, List.of());
            ExecutorWatch watch = ExecutorWatch.until(cluster, runs.cluster(), Duration.ofMinutes(7));
            String clusterOut = cluster.finish(runs.cluster(), Duration.ofSeconds(30));
            cluster.log("cluster run done; executors (pid=worker pid) " + watch.worker());
            String localOut = cluster.finish(runs.local(), Duration.ofMinutes(2));

            // Both trained the same rounds, all in barrier mode, on the master they were given
            for (String[] r : new String[][] {{localOut, "local[4]"}, {clusterOut, cluster.masterUrl()}}) {
                assertTrue(r[0].contains("spark: " + r[1] + ","), r[0]);
                assertTrue(r[0].contains("round 4/4 |"), r[0]);
                assertFalse(r[0].contains("barrier mode unavailable"), r[0]);
                assertFalse(r[0].contains("continuing in rounds mode"), r[0]);
                cluster.log(r[1] + ": " + assertChainTraffic(r[0], 4));
            }

            // Four executors, one on each Worker, each with the environment conf/spark-defaults.conf gives them
            assertEquals(4, watch.worker().size(), "executors seen: " + watch.worker());
            assertEquals(4, new TreeSet<>(watch.worker().values()).size(),
                    "one executor per Worker: " + watch.worker());
            for (Map<String, String> env : watch.env().values()) {
                assertEquals("1", env.get("OMP_NUM_THREADS"), "executor environment: " + env);
                assertEquals("1", env.get("OPENBLAS_NUM_THREADS"), "executor environment: " + env);
                assertEquals(cluster.blasKernel(), env.get("OPENBLAS_CORETYPE"), "executor environment: " + env);
            }
            assertEquals("Haswell", cluster.blasKernel(), "the kernel conf/spark-defaults.conf pins");
            assertTrue(watch.wideListeners().isEmpty(), "listening beyond loopback: " + watch.wideListeners());

            assertSameTraining(localOut, clusterOut);
            stopAll(cluster);
        }
    }

    @Test
    void executorKilledMidRunRestartsTheBarrierStageAndEqualsLocal2() throws Exception {
        try (StandaloneCluster cluster = new StandaloneCluster(dir)) {
            Runs runs = start(cluster, 2, LONG_RUN, List.of());
            int round = RoundWatch.awaitRound(runs.cluster(), STRIKE_AT, Duration.ofMinutes(3));
            Map<Long, Long> executors = cluster.executors();
            assertEquals(2, executors.size(), "executors at round " + round + ": " + executors);
            long pid = executors.keySet().iterator().next();
            List<ProcessHandle> killed = kill9(List.of(pid));
            cluster.log("killed executor " + pid + " (of Worker " + executors.get(pid) + ") at round " + round + "/"
                    + ROUNDS);

            // The Worker starts a new executor, and the driver restarts the barrier stage from its checkpoint
            String out = cluster.finish(runs.cluster(), Duration.ofMinutes(2));
            cluster.log("cluster run done");
            String localOut = cluster.finish(runs.local(), Duration.ofMinutes(1));
            assertTrue(out.contains("barrier stage failed"), out);
            Matcher restart = Pattern.compile("restarting from round (\\d+)").matcher(out);
            // From a checkpoint, not from the start: the strike came after an evaluated round
            assertTrue(restart.find() && Integer.parseInt(restart.group(1)) > 1, out);
            cluster.log("the driver restarted the barrier stage from round " + restart.group(1));
            assertTrue(out.contains("round " + ROUNDS + "/" + ROUNDS + " |"), out);
            assertFalse(killed.get(0).isAlive(), "executor " + pid + " survived kill -9");
            showRecovery(cluster, out);
            assertChainTraffic(out, 2); // the counters of the stage that finished the run
            assertSameTraining(localOut, out);
            stopAll(cluster);
        }
    }

    @Test
    void workerLostForGoodContinuesInRoundsModeAndEqualsLocal2() throws Exception {
        try (StandaloneCluster cluster = new StandaloneCluster(dir)) {
            // A bounded wait for the lost slot; the local run needs none, and the arithmetic does not depend on it
            Runs runs = start(cluster, 2, LONG_RUN, List.of("--set", "barrier.slotWaitSeconds=10"));
            int round = RoundWatch.awaitRound(runs.cluster(), STRIKE_AT, Duration.ofMinutes(3));
            JvmProcesses.Jvm worker = cluster.workers().get(1);
            // Collected before the Worker dies: afterwards its executor is re-parented and no longer its descendant
            List<Long> pids = new ArrayList<>(List.of(worker.pid()));
            cluster.executors().forEach((executor, parent) -> {
                if (parent == worker.pid()) pids.add(executor);
            });
            assertEquals(2, pids.size(), "the Worker and its executor at round " + round + ": " + pids);
            List<ProcessHandle> killed = kill9(pids);
            cluster.log("killed Worker " + pids.get(0) + " and its executor " + pids.get(1) + " at round " + round
                    + "/" + ROUNDS);

            // One 1-core Worker is left: too few slots for a 2-task barrier stage, so the rest runs in rounds mode
            String out = cluster.finish(runs.cluster(), Duration.ofMinutes(2));
            cluster.log("cluster run done");
            String localOut = cluster.finish(runs.local(), Duration.ofMinutes(1));
            assertTrue(out.contains("continuing in rounds mode"), out);
            assertTrue(out.contains("round " + ROUNDS + "/" + ROUNDS + " |"), out);
            for (ProcessHandle h : killed) assertFalse(h.isAlive(), "pid " + h.pid() + " survived kill -9");
            showRecovery(cluster, out);
            assertSameTraining(localOut, out);
            stopAll(cluster);
        }
    }

    /** The local[N] reference run and the cluster run of the same training, both still running. */
    private record Runs(JvmProcesses.Jvm local, JvmProcesses.Jvm cluster) {
    }

    /**
     * Starts the Master and {@code n} Workers and, meanwhile, the local[n] reference run with n partitions; then,
     * with the reference still training (the two share the CPUs but nothing else), the run on the cluster, with
     * {@code extra} options too.
     */
    private Runs start(StandaloneCluster cluster, int n, List<String> options, List<String> extra) throws Exception {
        cluster.start(n);
        JvmProcesses.Jvm local = cluster.submit("submit-local", "local[" + n + "]", dir.resolve("local-model"), n,
                options);
        cluster.awaitWorkers();
        cluster.log("Master and " + n + " Workers up");
        List<String> all = new ArrayList<>(options);
        all.addAll(extra);
        return new Runs(local, cluster.submit("submit-cluster", cluster.masterUrl(), dir.resolve("cluster-model"), n,
                all));
    }

    /**
     * The collective's own counters, as the driver printed them after barrier training: every one of the
     * {@code tasks} tasks reported, and none sent more than 2.5 states (S) in a round or held more than 2
     * connections. Returns the line.
     */
    private static String assertChainTraffic(String out, int tasks) {
        Matcher m = SYNC.matcher(out);
        assertTrue(m.find(), "no sync: line in\n" + out);
        long bytes = Long.parseLong(m.group(2).replace(",", ""));
        long state = Long.parseLong(m.group(3).replace(",", ""));
        assertEquals(tasks, Integer.parseInt(m.group(1)), m.group());
        // At least one state: the counters count what the chain sent, not nothing
        assertTrue(bytes >= state && bytes <= 2.5 * state, m.group());
        assertTrue(Integer.parseInt(m.group(4)) <= 2, m.group());
        return m.group();
    }

    /**
     * The cluster run ended as the local[N] one: bit-identical parameters and the same printed losses. Rounds mode
     * sums the dev loss in another order than barrier mode, but with the 2 partitions of the run that falls back to
     * it the order cannot change a bit.
     */
    private void assertSameTraining(String localOut, String clusterOut) throws Exception {
        TrainedModel local = TrainedModel.of(dir.resolve("local-model"), localOut);
        TrainedModel cluster = TrainedModel.of(dir.resolve("cluster-model"), clusterOut);
        assertEquals(local.params().length, cluster.params().length);
        assertArrayEquals(local.params(), cluster.params(), "cluster parameters differ from the local run's");
        assertEquals(local.losses(), cluster.losses(), clusterOut);
        System.out.println(local.params().length + " parameters bit-identical; losses: local " + local.losses()
                + "; cluster " + cluster.losses());
    }

    /** The driver's lines about the failure and the recovery, and the timing summary, into the failsafe report. */
    private static void showRecovery(StandaloneCluster cluster, String out) {
        out.lines().filter(l -> l.startsWith("barrier ") || l.startsWith("time: ")).forEach(cluster::log);
    }

    /** kill -9 of each process, as a crashed machine would die; returns them once all have exited. */
    private static List<ProcessHandle> kill9(List<Long> pids) throws Exception {
        List<ProcessHandle> handles = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle h = ProcessHandle.of(pid)
                    .orElseThrow(() -> new AssertionError(pid + " exited before the kill"));
            assertTrue(h.destroyForcibly(), "kill -9 " + pid);
            handles.add(h);
        }
        for (ProcessHandle h : handles) h.onExit().get(10, TimeUnit.SECONDS);
        return handles;
    }

    /** Stops every process the test started, by PID, and checks that none survived. */
    private static void stopAll(StandaloneCluster cluster) {
        assertEquals(List.of(), cluster.stop(), "processes left running");
    }
}
