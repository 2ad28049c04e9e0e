package org.sparkmore.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.data.DefaultDataset;
import org.sparkmore.data.NameRow;
import org.sparkmore.io.Npy;

/**
 * A real standalone cluster: a Master and two Workers (1 core each) in their own JVMs on 127.0.0.1, started from
 * Spark's jars as Maven resolved them (no Spark distribution needed, and none of the job's jars), and the job jar
 * of this build submitted to it with SparkSubmit, spark-submit's own entry point, in its own JVM, with
 * conf/spark-defaults.conf. The training must end with parameters bit-identical to a local[2] run of the same jar
 * with the same seed and 2 partitions: the windows are sorted within their partitions, every task runs the same
 * single-threaded float arithmetic, and barrier mode sums the partitions in partition order, so where a task runs
 * must not change a bit.
 *
 * <p>Run by maven-failsafe-plugin after {@code package} has built target/sparkmore-job.jar; alone with
 * {@code mvn verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=StandaloneClusterIT}.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class StandaloneClusterIT {

    private static final Path TARGET = Path.of(System.getProperty("sparkmore.target", "target")).toAbsolutePath();
    private static final Path CONF = Path.of("conf").toAbsolutePath();
    private static final String LOOPBACK = "127.0.0.1";
    private static final Pattern LOSSES = Pattern.compile("done: train (\\S+) \\| dev (\\S+) \\| test (\\S+)");

    @TempDir Path dir;

    /** What the test watched of the executors while the cluster job ran. */
    private final Map<Long, Map<String, String>> executorEnv = new HashMap<>();
    private final Map<Long, Long> executorWorker = new HashMap<>();
    private final Set<String> wideListeners = new TreeSet<>();

    @Test
    void trainingOnTwoWorkersEqualsLocal2() throws Exception {
        // The job jar carries ND4J's natives for linux-x86_64 only; /proc is how the test sees the executors
        assumeTrue(System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"), "ND4J natives in the job jar: linux-x86_64");
        assumeTrue(Procfs.available(), "needs a readable /proc");
        Path jobJar = TARGET.resolve("sparkmore-job.jar");
        List<Path> sparkCp = List.of(TARGET.resolve("spark-classpath.txt"),
                TARGET.resolve("spark-shared-classpath.txt"));
        for (Path f : List.of(jobJar, sparkCp.get(0), sparkCp.get(1)))
            assertTrue(Files.isRegularFile(f), "no " + f + ": `mvn package` builds it (run this test with mvn verify)");

        // Spark's own jars, as a Spark installation holds them: its dependencies, and those it shares with ND4J
        String sparkClassPath = Files.readString(sparkCp.get(0)).strip() + java.io.File.pathSeparator
                + Files.readString(sparkCp.get(1)).strip();
        Path sparkHome = fakeSparkHome(sparkClassPath);
        Path names = namesTable();
        Path javacppCache = Files.createDirectories(TARGET.resolve("javacpp-it"));

        long t0 = System.nanoTime();
        try (JvmProcesses jvms = new JvmProcesses(dir.resolve("logs"), environment(sparkHome))) {
            int masterPort = freePort();
            int masterUi = freePort();
            List<String> daemonJvm = List.of("-Xmx512m", "@" + CONF.resolve("jvm.options"));
            JvmProcesses.Jvm master = jvms.start("master", Map.of(), daemonJvm, sparkClassPath,
                    "org.apache.spark.deploy.master.Master",
                    List.of("--host", LOOPBACK, "--port", "" + masterPort, "--webui-port", "" + masterUi));
            String masterUrl = "spark://" + LOOPBACK + ":" + masterPort;
            List<JvmProcesses.Jvm> workers = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                workers.add(jvms.start("worker-" + i, Map.of(), daemonJvm, sparkClassPath,
                        "org.apache.spark.deploy.worker.Worker",
                        List.of("--host", LOOPBACK, "--webui-port", "" + freePort(), "--cores", "1", "--memory", "1g",
                                "--work-dir", dir.resolve("work-" + i).toString(), masterUrl)));
            }

            // The reference run, through the same jar and SparkSubmit, while the cluster starts
            Path localModel = dir.resolve("local-model");
            JvmProcesses.Jvm local = submit(jvms, "submit-local", "local[2]", sparkClassPath, jobJar, javacppCache,
                    names, localModel);
            awaitWorkers(masterUi, 2, master, workers);
            log(t0, "Master and 2 Workers up");
            String localOut = finish(local, jvms, Duration.ofMinutes(3));
            log(t0, "local[2] run done");

            Path clusterModel = dir.resolve("cluster-model");
            JvmProcesses.Jvm cluster = submit(jvms, "submit-cluster", masterUrl, sparkClassPath, jobJar, javacppCache,
                    names, clusterModel);
            watchExecutors(cluster, workers, jvms, Duration.ofMinutes(3));
            String clusterOut = finish(cluster, jvms, Duration.ofSeconds(30));
            log(t0, "cluster run done; executors (pid=worker pid) " + executorWorker);

            // Both trained the same rounds, in barrier mode, on the master they were given
            for (String[] run : new String[][] {{localOut, "local[2]"}, {clusterOut, masterUrl}}) {
                assertTrue(run[0].contains("spark: " + run[1] + ","), run[0]);
                assertTrue(run[0].contains("round 4/4 |"), run[0]);
                assertFalse(run[0].contains("barrier mode unavailable"), run[0]);
            }

            // Two executors, one on each Worker, each with the environment conf/spark-defaults.conf gives them
            assertEquals(2, executorWorker.size(), "executors seen: " + executorWorker);
            assertEquals(2, new TreeSet<>(executorWorker.values()).size(),
                    "one executor per Worker: " + executorWorker);
            for (Map<String, String> env : executorEnv.values()) {
                assertEquals("1", env.get("OMP_NUM_THREADS"), "executor environment: " + env);
                assertEquals("1", env.get("OPENBLAS_NUM_THREADS"), "executor environment: " + env);
            }
            assertTrue(wideListeners.isEmpty(), "listening beyond loopback: " + wideListeners);

            // The result: bit-identical parameters, and so the same losses
            float[] expected = params(localModel);
            float[] actual = params(clusterModel);
            assertEquals(expected.length, actual.length);
            assertArrayEquals(expected, actual, "cluster parameters differ from local[2]");
            assertEquals(losses(localOut), losses(clusterOut));
            log(t0, expected.length + " parameters bit-identical; " + losses(clusterOut));

            jvms.close();
            assertEquals(List.of(), jvms.survivors(), "processes left running");
            log(t0, "all " + jvms.started().size() + " JVMs stopped");
        }
    }

    /**
     * A SPARK_HOME holding only jars/, links to Spark's jars: the Workers build executor class paths from it. It
     * lives in target/, remade each run, since JUnit's temporary directories warn about every link they delete.
     */
    private static Path fakeSparkHome(String sparkClassPath) throws IOException {
        Path jars = TARGET.resolve("it-spark-home/jars");
        if (Files.isDirectory(jars)) {
            try (Stream<Path> old = Files.list(jars)) {
                for (Path link : old.collect(Collectors.toList())) Files.delete(link);
            }
        }
        Files.createDirectories(jars);
        for (String entry : sparkClassPath.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName());
            if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                link = jars.resolve(jar.getParent().getFileName() + "-" + jar.getFileName());
            Files.createSymbolicLink(link, jar);
        }
        return jars.getParent();
    }

    /**
     * Every JVM's whole environment: Spark on loopback from a SPARK_HOME of Maven's jars, and none of this JVM's
     * SPARK_* or thread settings, so the executors' OMP/OPENBLAS_NUM_THREADS can only come from the conf file.
     */
    private static Map<String, String> environment(Path sparkHome) {
        Map<String, String> env = new HashMap<>();
        for (String key : new String[] {"PATH", "HOME", "USER", "LANG", "TMPDIR"}) {
            String v = System.getenv(key);
            if (v != null) env.put(key, v);
        }
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", LOOPBACK);
        env.put("SPARK_LOCAL_HOSTNAME", LOOPBACK);
        return env;
    }

    /** Real names, a few thousand English and Russian first names of the embedded dataset, as a CSV table. */
    private Path namesTable() throws IOException {
        StringBuilder csv = new StringBuilder("name,lang\n");
        for (NameRow r : DefaultDataset.load())
            if (r.language().equals("en") || r.language().equals("ru"))
                csv.append(r.name()).append(',').append(r.language()).append('\n');
        return Files.writeString(dir.resolve("names.csv"), csv, StandardCharsets.UTF_8);
    }

    /** spark-submit, as its script would run it: SparkSubmit in its own JVM, the job jar and the conf file. */
    private JvmProcesses.Jvm submit(JvmProcesses jvms, String name, String master, String sparkClassPath,
                                    Path jobJar, Path javacppCache, Path names, Path model) throws IOException {
        String cache = "-Dorg.bytedeco.javacpp.cachedir=" + javacppCache;
        // The driver JVM is this one; spark-submit's script would add Spark's --add-opens (conf/jvm.options) and
        // spark.driver.extraJavaOptions to it. The executors get the cache under target/ instead of the conf
        // file's /tmp one, so a test run leaves nothing outside the build directory.
        List<String> jvm = List.of("-Xmx1g", "@" + CONF.resolve("jvm.options"), cache,
                "-Dlog4j2.configurationFile=" + CONF.resolve("log4j2.properties"));
        List<String> args = List.of("--master", master, "--deploy-mode", "client",
                "--class", "org.sparkmore.cli.Main", "--name", "sparkmore-" + name,
                "--properties-file", CONF.resolve("spark-defaults.conf").toString(),
                "--conf", "spark.executor.extraJavaOptions=" + cache,
                "--conf", "spark.driver.host=" + LOOPBACK, "--conf", "spark.driver.bindAddress=" + LOOPBACK,
                "--conf", "spark.ui.enabled=false",
                // Both executors before training starts (minRegisteredResourcesRatio in the conf file counts these)
                "--conf", "spark.cores.max=2", "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g",
                jobJar.toString(),
                "train", "--input", names.toString(), "--language-column", "lang", "--output", model.toString(),
                "--partitions", "2", "--seed", "11", "--rounds", "4", "--steps-per-round", "5", "--batch-size", "64",
                "--hidden", "32", "--samples", "0", "--set", "train.evalEvery=2");
        // As the submit/ scripts export them: in local mode the tasks run inside this JVM
        Map<String, String> threads = Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1");
        return jvms.start(name, threads, jvm, sparkClassPath, "org.apache.spark.deploy.SparkSubmit", args);
    }

    /** Waits until the Master's JSON status counts {@code n} alive Workers. */
    private static void awaitWorkers(int masterUi, int n, JvmProcesses.Jvm master, List<JvmProcesses.Jvm> workers)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + masterUi + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            for (JvmProcesses.Jvm d : concat(master, workers))
                if (!d.process().isAlive()) fail(d.name() + " exited " + d.process().exitValue() + ":\n" + d.tail(40));
            try {
                Matcher m = alive.matcher(http.send(status, HttpResponse.BodyHandlers.ofString()).body());
                if (m.find() && Integer.parseInt(m.group(1)) >= n) return;
            } catch (IOException e) {
                // the Master's UI is not up yet
            }
            Thread.sleep(500);
        }
        fail("the Workers did not register within 2 minutes:\n" + master.tail(30) + "\n" + workers.get(0).tail(30));
    }

    /**
     * While the cluster job runs, records each executor JVM (a descendant of a Worker): its environment and which
     * Worker started it; and checks that no process of the test listens beyond loopback.
     */
    private void watchExecutors(JvmProcesses.Jvm submit, List<JvmProcesses.Jvm> workers, JvmProcesses jvms,
                                Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (submit.process().isAlive() && System.nanoTime() < deadline) {
            List<Long> pids = new ArrayList<>();
            for (JvmProcesses.Jvm j : jvms.started()) pids.add(j.pid());
            for (JvmProcesses.Jvm w : workers) {
                for (ProcessHandle h : w.process().descendants().collect(Collectors.toList())) {
                    pids.add(h.pid());
                    boolean executor = Procfs.cmdline(h.pid()).map(c -> c.contains("CoarseGrainedExecutorBackend"))
                            .orElse(false);
                    if (executor && !executorEnv.containsKey(h.pid())) {
                        Procfs.environ(h.pid()).ifPresent(env -> executorEnv.put(h.pid(), env));
                        executorWorker.put(h.pid(), w.pid());
                    }
                }
            }
            wideListeners.addAll(Procfs.nonLoopbackListeners(pids));
            Thread.sleep(300);
        }
    }

    /** Waits for a spark-submit JVM and returns its output; a failure shows the output and the executors' logs. */
    private String finish(JvmProcesses.Jvm submit, JvmProcesses jvms, Duration limit) throws Exception {
        boolean done = submit.process().waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        String out = Files.readString(submit.log(), StandardCharsets.UTF_8);
        if (done && submit.process().exitValue() == 0) return out;
        StringBuilder why = new StringBuilder(submit.name()).append(done
                ? " exited " + submit.process().exitValue() : " did not finish in " + limit).append(":\n")
                .append(submit.tail(60));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).collect(Collectors.toList()))
                why.append("\n--- ").append(dir.relativize(f)).append(":\n").append(JvmProcesses.tail(f, 30));
        }
        for (JvmProcesses.Jvm j : jvms.started())
            if (!j.name().startsWith("submit")) why.append("\n--- ").append(j.name()).append(":\n").append(j.tail(15));
        fail(why.toString());
        return out;
    }

    /** The saved parameters: the one params.npy under the model's output directory. */
    private static float[] params(Path model) throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.walk(model)) {
            found = files.filter(f -> f.getFileName().toString().equals("params.npy")).collect(Collectors.toList());
        }
        assertEquals(1, found.size(), "params.npy files under " + model + ": " + found);
        try (InputStream in = Files.newInputStream(found.get(0))) {
            return Npy.readFloats(in, found.get(0).toString());
        }
    }

    private static String losses(String out) {
        Matcher m = LOSSES.matcher(out);
        assertTrue(m.find(), out);
        return String.format(Locale.ROOT, "train %s, dev %s, test %s", m.group(1), m.group(2), m.group(3));
    }

    /** Progress in the failsafe report (target/failsafe-reports/*-output.txt). */
    private static void log(long t0, String what) {
        System.out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }

    private static List<JvmProcesses.Jvm> concat(JvmProcesses.Jvm first, List<JvmProcesses.Jvm> rest) {
        List<JvmProcesses.Jvm> all = new ArrayList<>(rest);
        all.add(0, first);
        return all;
    }
}
