package org.sparkmore.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a test saw of a cluster's executors while a job ran: each executor JVM's environment (the one Spark built for
 * it) and which Worker started it, and any socket a process of the cluster listened on beyond loopback.
 *
 * @param env           executor PID to its environment
 * @param worker        executor PID to its Worker's PID
 * @param wideListeners "pid PID listens on ADDR:PORT" for each non-loopback listener seen
 */
record ExecutorWatch(Map<Long, Map<String, String>> env, Map<Long, Long> worker, Set<String> wideListeners) {

    /** Watches, every 300 ms, until the spark-submit JVM {@code run} exits or {@code limit} has passed. */
    static ExecutorWatch until(StandaloneCluster cluster, JvmProcesses.Jvm run, Duration limit)
            throws IOException, InterruptedException {
        ExecutorWatch watch = new ExecutorWatch(new HashMap<>(), new HashMap<>(), new TreeSet<>());
        long deadline = System.nanoTime() + limit.toNanos();
        while (run.process().isAlive() && System.nanoTime() < deadline) {
            for (Map.Entry<Long, Long> e : cluster.executors().entrySet()) {
                long pid = e.getKey();
                if (!watch.env.containsKey(pid)) Procfs.environ(pid).ifPresent(env -> watch.env.put(pid, env));
                watch.worker.put(pid, e.getValue());
            }
            watch.wideListeners.addAll(Procfs.nonLoopbackListeners(cluster.pids()));
            Thread.sleep(300);
        }
        return watch;
    }
}
