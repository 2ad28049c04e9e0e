package org.sparkmore.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sparkmore.data.DefaultDataset;
import org.sparkmore.data.NameRow;

/**
 * A real standalone Spark cluster for one test: a Master and 1-core Workers in their own JVMs on 127.0.0.1, started
 * from Spark's jars as Maven resolved them (no Spark distribution needed, and none of the job's jars), and
 * spark-submit runs of this build's job jar (SparkSubmit, spark-submit's own entry point, in its own JVM, with
 * conf/spark-defaults.conf) on it or on local[N]. {@link #close} stops every JVM it started, by PID.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final Path TARGET = Path.of(System.getProperty("sparkmore.target", "target")).toAbsolutePath();
    private static final Path CONF = Path.of("conf").toAbsolutePath();
    private static final String LOOPBACK = "127.0.0.1";
    private static final Path JOB_JAR = TARGET.resolve("sparkmore-job.jar");
    private static final List<Path> SPARK_CLASS_PATH = List.of(TARGET.resolve("spark-classpath.txt"),
            TARGET.resolve("spark-shared-classpath.txt"));

    private final Path dir;
    private final long t0 = System.nanoTime();
    private final String sparkClassPath;
    private final String blasKernel;
    private final Path names;
    private final Path javacppCache;
    private final JvmProcesses jvms;
    private final List<JvmProcesses.Jvm> workers = new ArrayList<>();
    private JvmProcesses.Jvm master;
    private int masterUi;
    private String masterUrl;

    /** Skips a test where the cluster cannot run; fails it where the build has not made the jars. */
    static void assumeRunnable() {
        // The job jar carries ND4J's natives for linux-x86_64 only; /proc is how the tests see the executors
        assumeTrue(System.getProperty("os.name").equals("Linux")
                && System.getProperty("os.arch").matches("amd64|x86_64"), "ND4J natives in the job jar: linux-x86_64");
        assumeTrue(Procfs.available(), "needs a readable /proc");
        for (Path f : List.of(JOB_JAR, SPARK_CLASS_PATH.get(0), SPARK_CLASS_PATH.get(1)))
            assertTrue(Files.isRegularFile(f), "no " + f + ": `mvn package` builds it (run this test with mvn verify)");
    }

    /** Prepares a cluster whose JVMs log to dir/logs and work in dir; starts nothing yet. */
    StandaloneCluster(Path dir) throws IOException {
        this.dir = dir;
        // Spark's own jars, as a Spark installation holds them: its dependencies, and those it shares with ND4J
        sparkClassPath = Files.readString(SPARK_CLASS_PATH.get(0)).strip() + File.pathSeparator
                + Files.readString(SPARK_CLASS_PATH.get(1)).strip();
        blasKernel = confValue("spark.executorEnv.OPENBLAS_CORETYPE");
        names = namesTable(dir);
        javacppCache = Files.createDirectories(TARGET.resolve("javacpp-it"));
        jvms = new JvmProcesses(dir.resolve("logs"), environment(fakeSparkHome(sparkClassPath)));
    }

    /** Starts the Master and {@code n} Workers of 1 core each; {@link #awaitWorkers} waits until they registered. */
    void start(int n) throws IOException {
        int masterPort = freePort();
        masterUi = freePort();
        masterUrl = "spark://" + LOOPBACK + ":" + masterPort;
        List<String> daemonJvm = List.of("-Xmx512m", "@" + CONF.resolve("jvm.options"));
        master = jvms.start("master", Map.of(), daemonJvm, sparkClassPath, "org.apache.spark.deploy.master.Master",
                List.of("--host", LOOPBACK, "--port", "" + masterPort, "--webui-port", "" + masterUi));
        for (int i = 1; i <= n; i++) {
            workers.add(jvms.start("worker-" + i, Map.of(), daemonJvm, sparkClassPath,
                    "org.apache.spark.deploy.worker.Worker",
                    List.of("--host", LOOPBACK, "--webui-port", "" + freePort(), "--cores", "1", "--memory", "1g",
                            "--work-dir", dir.resolve("work-" + i).toString(), masterUrl)));
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    List<JvmProcesses.Jvm> workers() {
        return List.copyOf(workers);
    }

    /** The OpenBLAS kernel conf/spark-defaults.conf pins for executors, which the driver JVMs get too. */
    String blasKernel() {
        return blasKernel;
    }

    /** Waits until the Master's JSON status counts all Workers alive. */
    void awaitWorkers() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + masterUi + "/json/"))
                .timeout(Duration.ofSeconds(5)).build();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            List<JvmProcesses.Jvm> daemons = new ArrayList<>(workers);
            daemons.add(master);
            for (JvmProcesses.Jvm d : daemons)
                if (!d.process().isAlive()) fail(d.name() + " exited " + d.process().exitValue() + ":\n" + d.tail(40));
            try {
                Matcher m = alive.matcher(http.send(status, HttpResponse.BodyHandlers.ofString()).body());
                if (m.find() && Integer.parseInt(m.group(1)) >= workers.size()) return;
            } catch (IOException e) {
                // the Master's UI is not up yet
            }
            Thread.sleep(500);
        }
        fail("the Workers did not register within 2 minutes:\n" + master.tail(30) + "\n" + workers.get(0).tail(30));
    }

    /**
     * spark-submit, as its script would run it: SparkSubmit in its own JVM, the job jar and the conf file, training
     * on the names table into {@code model} with {@code partitions} partitions (and as many 1-core executors on a
     * cluster) and seed 11, plus {@code trainOptions}.
     */
    JvmProcesses.Jvm submit(String name, String sparkMaster, Path model, int partitions, List<String> trainOptions)
            throws IOException {
        String cache = "-Dorg.bytedeco.javacpp.cachedir=" + javacppCache;
        // The driver JVM is this one; spark-submit's script would add Spark's --add-opens (conf/jvm.options) and
        // spark.driver.extraJavaOptions to it. The executors get the cache under target/ instead of the conf
        // file's /tmp one, so a test run leaves nothing outside the build directory.
        List<String> jvm = List.of("-Xmx1g", "@" + CONF.resolve("jvm.options"), cache,
                "-Dlog4j2.configurationFile=" + CONF.resolve("log4j2.properties"));
        List<String> args = new ArrayList<>(List.of("--master", sparkMaster, "--deploy-mode", "client",
                "--class", "org.sparkmore.cli.Main", "--name", "sparkmore-" + name,
                "--properties-file", CONF.resolve("spark-defaults.conf").toString(),
                "--conf", "spark.executor.extraJavaOptions=" + cache,
                "--conf", "spark.driver.host=" + LOOPBACK, "--conf", "spark.driver.bindAddress=" + LOOPBACK,
                "--conf", "spark.ui.enabled=false",
                // All executors before training starts (minRegisteredResourcesRatio in the conf file counts these)
                "--conf", "spark.cores.max=" + partitions, "--conf", "spark.executor.cores=1",
                "--conf", "spark.executor.memory=1g",
                JOB_JAR.toString(),
                "train", "--input", names.toString(), "--language-column", "lang", "--output", model.toString(),
                "--partitions", "" + partitions, "--seed", "11"));
        args.addAll(trainOptions);
        // As the submit/ scripts export them: in local mode the tasks run inside this JVM
        Map<String, String> env = Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1",
                "OPENBLAS_CORETYPE", blasKernel);
        return jvms.start(name, env, jvm, sparkClassPath, "org.apache.spark.deploy.SparkSubmit", args);
    }

    /** The executor JVMs alive now (CoarseGrainedExecutorBackend descendants of a Worker): PID to its Worker's. */
    Map<Long, Long> executors() {
        Map<Long, Long> found = new TreeMap<>();
        for (JvmProcesses.Jvm w : workers) {
            for (ProcessHandle h : w.process().descendants().collect(Collectors.toList())) {
                if (Procfs.cmdline(h.pid()).map(c -> c.contains("CoarseGrainedExecutorBackend")).orElse(false))
                    found.put(h.pid(), w.pid());
            }
        }
        return found;
    }

    /** Every process of the cluster alive now: the JVMs started here and what the Workers started. */
    List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        for (JvmProcesses.Jvm j : jvms.started()) pids.add(j.pid());
        for (JvmProcesses.Jvm w : workers) w.process().descendants().forEach(h -> pids.add(h.pid()));
        return pids;
    }

    /** Waits for a spark-submit JVM and returns its output; a failure shows the output and the executors' logs. */
    String finish(JvmProcesses.Jvm submit, Duration limit) throws Exception {
        boolean done = submit.process().waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        // Bytes, not Files.readString: a JVM still running may be mid-character
        String out = new String(Files.readAllBytes(submit.log()), StandardCharsets.UTF_8);
        if (done && submit.process().exitValue() == 0) return out;
        fail(submit.name() + (done ? " exited " + submit.process().exitValue() : " did not finish in " + limit)
                + ":\n" + out + clusterLogs());
        return out;
    }

    /** The tails of the executors' stderr files and of the daemons' logs, for a failure message. */
    private String clusterLogs() throws IOException {
        StringBuilder logs = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).collect(Collectors.toList()))
                logs.append("\n--- ").append(dir.relativize(f)).append(":\n").append(JvmProcesses.tail(f, 30));
        }
        for (JvmProcesses.Jvm j : jvms.started())
            if (!j.name().startsWith("submit")) logs.append("\n--- ").append(j.name()).append(":\n").append(j.tail(15));
        return logs.toString();
    }

    /** Stops every JVM started here, by PID, with the processes they started; returns those still alive after. */
    List<ProcessHandle> stop() {
        jvms.close();
        log("stopped the " + jvms.started().size() + " JVMs started here");
        return jvms.survivors();
    }

    @Override
    public void close() {
        jvms.close();
    }

    /** Progress in the failsafe report (target/failsafe-reports/*-output.txt), timed from the cluster's creation. */
    void log(String what) {
        System.out.printf(Locale.ROOT, "[%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    /** A key's value in conf/spark-defaults.conf (whitespace-separated, as Spark reads it); fails where unset. */
    private static String confValue(String key) throws IOException {
        for (String line : Files.readAllLines(CONF.resolve("spark-defaults.conf"), StandardCharsets.UTF_8)) {
            String[] kv = line.strip().split("\\s+", 2);
            if (kv.length == 2 && kv[0].equals(key)) return kv[1].strip();
        }
        return fail("conf/spark-defaults.conf sets no " + key);
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
        for (String entry : sparkClassPath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName());
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS))
                link = jars.resolve(jar.getParent().getFileName() + "-" + jar.getFileName());
            Files.createSymbolicLink(link, jar);
        }
        return jars.getParent();
    }

    /**
     * Every JVM's whole environment: Spark on loopback from a SPARK_HOME of Maven's jars, and none of this JVM's
     * SPARK_* or thread and BLAS settings, so the executors' can only come from the conf file.
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
    private static Path namesTable(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("name,lang\n");
        for (NameRow r : DefaultDataset.load())
            if (r.language().equals("en") || r.language().equals("ru"))
                csv.append(r.name()).append(',').append(r.language()).append('\n');
        return Files.writeString(dir.resolve("names.csv"), csv, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }
}
