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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on a real standalone cluster ({@link StandaloneCluster}: a Master and two 1-core Workers) must end with
 * parameters bit-identical to a local[2] run of the same jar with the same seed and 2 partitions: the windows are
 * sorted within their partitions, every task runs the same single-threaded float arithmetic with the same OpenBLAS
 * kernel, and barrier mode sums the partitions in partition order, so where a task runs must not change a bit.
 *
 * <p>Run by maven-failsafe-plugin after {@code package} has built target/sparkmore-job.jar; alone with
 * {@code mvn verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=StandaloneClusterIT}.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {

    /** A few rounds, evaluated twice: enough to see the executors and compare the parameters. */
    private static final List<String> SHORT_RUN = List.of("--rounds", "4", "--steps-per-round", "5",
            "--batch-size", "64", "--hidden", "32", "--samples", "0", "--set", "train.evalEvery=2");

    @TempDir Path dir;

    @BeforeEach
    void runnable() {
        StandaloneCluster.assumeRunnable();
    }

    @Test
    void trainingOnTwoWorkersEqualsLocal2() throws Exception {
        try (StandaloneCluster cluster = new StandaloneCluster(dir)) {
            Runs runs = start(cluster, SHORT_RUN, List.of());
            ExecutorWatch watch = ExecutorWatch.until(cluster, runs.cluster(), Duration.ofMinutes(4));
            String clusterOut = cluster.finish(runs.cluster(), Duration.ofSeconds(30));
            cluster.log("cluster run done; executors (pid=worker pid) " + watch.worker());
            String localOut = cluster.finish(runs.local(), Duration.ofMinutes(1));

            // Both trained the same rounds, in barrier mode, on the master they were given
            for (String[] r : new String[][] {{localOut, "local[2]"}, {clusterOut, cluster.masterUrl()}}) {
                assertTrue(r[0].contains("spark: " + r[1] + ","), r[0]);
                assertTrue(r[0].contains("round 4/4 |"), r[0]);
                assertFalse(r[0].contains("barrier mode unavailable"), r[0]);
            }

            // Two executors, one on each Worker, each with the environment conf/spark-defaults.conf gives them
            assertEquals(2, watch.worker().size(), "executors seen: " + watch.worker());
            assertEquals(2, new TreeSet<>(watch.worker().values()).size(), "one executor per Worker: " + watch.worker());
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

    /** The local[2] reference run and the cluster run of the same training, both still running. */
    private record Runs(JvmProcesses.Jvm local, JvmProcesses.Jvm cluster) {
    }

    /**
     * Starts the Master and 2 Workers and, meanwhile, the local[2] reference run; then, with the reference still
     * training (the two share the CPUs but nothing else), the run on the cluster with {@code extra} options too.
     */
    private Runs start(StandaloneCluster cluster, List<String> options, List<String> extra) throws Exception {
        cluster.start(2);
        JvmProcesses.Jvm local = cluster.submit("submit-local", "local[2]", dir.resolve("local-model"), options);
        cluster.awaitWorkers();
        cluster.log("Master and 2 Workers up");
        List<String> all = new ArrayList<>(options);
        all.addAll(extra);
        return new Runs(local, cluster.submit("submit-cluster", cluster.masterUrl(), dir.resolve("cluster-model"), all));
    }

    /** The cluster run ended as the local[2] one: bit-identical parameters and the same printed losses. */
    private void assertSameTraining(String localOut, String clusterOut) throws Exception {
        TrainedModel local = TrainedModel.of(dir.resolve("local-model"), localOut);
        TrainedModel cluster = TrainedModel.of(dir.resolve("cluster-model"), clusterOut);
        assertEquals(local.params().length, cluster.params().length);
        assertArrayEquals(local.params(), cluster.params(), "cluster parameters differ from local[2]");
        assertEquals(local.losses(), cluster.losses(), clusterOut);
        System.out.println(local.params().length + " parameters bit-identical; losses: local[2] " + local.losses()
                + "; cluster " + cluster.losses());
    }

    /** Stops every process the test started, by PID, and checks that none survived. */
    private static void stopAll(StandaloneCluster cluster) {
        assertEquals(List.of(), cluster.stop(), "processes left running");
    }
}
