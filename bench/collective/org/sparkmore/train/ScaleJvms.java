package org.sparkmore.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link CollectiveScale}'s jvms mode: one (algorithm, P) run with every task a JVM of its own ({@link ScaleTask}),
 * started here on this JVM's classpath with the options in -Dcollective.childOpts, all on loopback. This JVM is the
 * driver: it hosts the DriverChannel where the tasks swap addresses, as a barrier stage's driver does, hands each
 * task its setup and the stage's key over the task's stdin, releases each round once every task has finished the one
 * before (the thread mode's barrier), and reads back the tasks' times, counts and result bits.
 */
final class ScaleJvms {
    /** Serial GC: P JVMs share 2 cores, and a parallel collector's threads in each would fight over them. */
    private static final String CHILD_OPTS = System.getProperty("collective.childOpts", "-Xmx1g -XX:+UseSerialGC");
    /** A task has sent its last numbers when it is waited for; it only has to close its sockets. */
    private static final long EXIT_WAIT_SECONDS = 60;

    private ScaleJvms() {
    }

    static CollectiveScale.Result run(String algo, int tasks, int params, int warmup, int rounds) throws Exception {
        ChannelKey key = ChannelKey.fresh();
        int total = warmup + rounds;
        try (Children c = new Children(); DriverChannel driver = CollectiveScale.driver(key, tasks, params)) {
            for (int me = 0; me < tasks; me++) c.start(algo, me, tasks);
            try {
                for (int me = 0; me < tasks; me++)
                    ScaleTask.writeSetup(c.out(me), new ScaleTask.Setup(algo, me, tasks, params, total,
                            driver.address(), key));
                return rounds(c, algo, tasks, warmup, total);
            } catch (IOException e) {
                throw c.failure(e); // a task that ended early broke our pipe to it or its output: say which
            }
        }
    }

    /** Every round released at once, after the last; then each task's counters and bits, and its clean exit. */
    private static CollectiveScale.Result rounds(Children c, String algo, int tasks, int warmup, int total)
            throws IOException, InterruptedException {
        for (int me = 0; me < tasks; me++)
            if (c.in(me).readInt() != ScaleTask.READY) throw new IOException("task " + me + " is not ready");
        long[][] starts = new long[total][tasks];
        long[][] ends = new long[total][tasks];
        for (int r = 0; r < total; r++) {
            for (int me = 0; me < tasks; me++) {
                c.out(me).write(ScaleTask.GO);
                c.out(me).flush();
            }
            for (int me = 0; me < tasks; me++) {
                starts[r][me] = c.in(me).readLong();
                ends[r][me] = c.in(me).readLong();
            }
        }
        long[] bytes = new long[tasks];
        int[] conns = new int[tasks];
        int[] bits = new int[tasks];
        for (int me = 0; me < tasks; me++) {
            bytes[me] = c.in(me).readLong();
            conns[me] = c.in(me).readInt();
            bits[me] = c.in(me).readInt();
        }
        c.awaitExits();
        return CollectiveScale.result(algo, warmup, starts, ends, bytes, conns, bits);
    }

    /**
     * The task JVMs of one run. None outlives it: closing destroys any still running; the first to fail destroys
     * the rest at once, so nobody waits out a read timeout on a dead peer; and a shutdown hook destroys them if this
     * JVM is stopped. Were this JVM killed outright, each task sees its parent exit and halts ({@link ScaleTask}).
     */
    private static final class Children implements AutoCloseable {
        private final List<Process> processes = new ArrayList<>();
        private final List<DataInputStream> ins = new ArrayList<>();
        private final List<DataOutputStream> outs = new ArrayList<>();
        private final Set<Process> killed = ConcurrentHashMap.newKeySet(); // by us, so not the failures to report
        private final Thread hook = new Thread(this::destroyAll, "bench-kill-tasks");

        Children() {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void start(String algo, int me, int tasks) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(Arrays.asList(CHILD_OPTS.trim().split("\\s+")));
            String log4j = System.getProperty("log4j2.configurationFile");
            if (log4j != null) cmd.add("-Dlog4j2.configurationFile=" + log4j);
            cmd.add(ScaleTask.class.getName());
            cmd.add(algo + "-" + me + "/" + tasks); // unread: names the task in ps
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            // In the environment rather than on the command line: 20 KB of jars would bury ps's view of the tasks
            pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            Process p = pb.start();
            synchronized (processes) {
                processes.add(p);
            }
            ins.add(new DataInputStream(new BufferedInputStream(p.getInputStream())));
            outs.add(new DataOutputStream(new BufferedOutputStream(p.getOutputStream())));
            p.onExit().thenAccept(q -> {
                if (q.exitValue() != 0) destroyAll();
            });
        }

        DataInputStream in(int me) {
            return ins.get(me);
        }

        DataOutputStream out(int me) {
            return outs.get(me);
        }

        /** Why the run broke off: the tasks that failed of themselves, if any did, else what we noticed. */
        IOException failure(IOException noticed) throws InterruptedException {
            destroyAll();
            List<String> failed = new ArrayList<>();
            for (int me = 0; me < processes.size(); me++) {
                Process p = processes.get(me);
                // A task that fails exits 1 (ScaleTask); 137 here is someone else's SIGKILL, e.g. the OOM killer's
                if (p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS) && p.exitValue() != 0 && !killed.contains(p))
                    failed.add(me + " (exit " + p.exitValue() + ")");
            }
            return failed.isEmpty() ? noticed
                    : new IOException("tasks " + failed + " failed; their stderr is above", noticed);
        }

        void awaitExits() throws InterruptedException, IOException {
            for (int me = 0; me < processes.size(); me++) {
                Process p = processes.get(me);
                if (!p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS))
                    throw new IOException("task " + me + " did not exit after its last round");
                if (p.exitValue() != 0) throw new IOException("task " + me + " exited with " + p.exitValue());
            }
        }

        private void destroyAll() {
            synchronized (processes) {
                for (Process p : processes) {
                    if (!p.isAlive()) continue; // exited, and reaped: whatever its exit value says is its own
                    killed.add(p);
                    p.destroyForcibly();
                }
            }
        }

        @Override
        public void close() {
            destroyAll(); // a no-op for tasks that exited
            try {
                for (Process p : processes) p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // they are killed already; only their reaping is left undone
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it destroys them too
            }
        }
    }
}
