package org.sparkmore.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The JVMs a test starts (Spark daemons, spark-submit), each logging to its own file. {@link #close} stops every
 * one of them by PID, with the processes they started in turn (the executors a Worker launches), even when the
 * test failed; a shutdown hook does the same if the test JVM exits first.
 */
final class JvmProcesses implements AutoCloseable {

    /** Every process any instance started and has not yet seen die: what the shutdown hook kills. */
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(JvmProcesses::killTree),
                "sparkmore-it-reaper"));
    }

    /** A started JVM and the file its stdout and stderr go to. */
    record Jvm(String name, Process process, Path log) {
        long pid() {
            return process.pid();
        }

        String tail(int lines) {
            return JvmProcesses.tail(log, lines);
        }
    }

    private final Path logs;
    private final Map<String, String> env;
    private final List<Jvm> started = new ArrayList<>();

    /** @param env the whole environment of every JVM started here (nothing is inherited) */
    JvmProcesses(Path logs, Map<String, String> env) throws IOException {
        this.logs = Files.createDirectories(logs);
        this.env = new LinkedHashMap<>(env);
    }

    /**
     * Starts {@code java <jvmArgs> -cp classPath mainClass <args>} with the same JDK as this JVM, in the common
     * environment plus {@code moreEnv}.
     */
    Jvm start(String name, Map<String, String> moreEnv, List<String> jvmArgs, String classPath, String mainClass,
              List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        Path log = logs.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().putAll(moreEnv);
        Process p = pb.start();
        LIVE.add(p.toHandle());
        Jvm jvm = new Jvm(name, p, log);
        started.add(jvm);
        return jvm;
    }

    List<Jvm> started() {
        return List.copyOf(started);
    }

    /** Processes started here, and their descendants, that are still alive. */
    List<ProcessHandle> survivors() {
        List<ProcessHandle> alive = new ArrayList<>();
        for (Jvm j : started) {
            if (j.process.isAlive()) alive.add(j.process.toHandle());
            j.process.descendants().filter(ProcessHandle::isAlive).forEach(alive::add);
        }
        return alive;
    }

    /**
     * Stops the JVMs in reverse start order: SIGTERM first, so a Worker's shutdown hook stops its executors and a
     * Master its Workers' registrations, then SIGKILL for whatever is left, descendants included.
     */
    @Override
    public void close() {
        // A test stopped by its timeout arrives here interrupted; the waits below must still wait
        boolean interrupted = Thread.interrupted();
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i).process;
            // Collected before the parent dies: afterwards they are re-parented and no longer its descendants
            List<ProcessHandle> tree = p.descendants().collect(Collectors.toList());
            p.destroy();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            tree.add(p.toHandle());
            for (ProcessHandle h : tree) kill(h);
            LIVE.remove(p.toHandle());
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static void killTree(ProcessHandle h) {
        List<ProcessHandle> tree = h.descendants().collect(Collectors.toList());
        tree.add(h);
        tree.forEach(JvmProcesses::kill);
    }

    private static void kill(ProcessHandle h) {
        if (!h.isAlive()) return;
        h.destroyForcibly();
        try {
            h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // reported by survivors()
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + file + ": " + e.getMessage() + ")";
        }
    }
}
