package org.sparkmore.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.train.RoundsProbe;

/**
 * Rounds mode's cost per round on the integration test's real standalone cluster (a Master and 1-core Workers in
 * their own JVMs on loopback, {@link StandaloneCluster}), for each Worker count:
 * <ol>
 *   <li>the job itself: spark-submit of {@code train} in rounds mode and in barrier mode (short steps, so the
 *       synchronisation shows), the training time split as the job reports it (--metrics);</li>
 *   <li>{@link org.sparkmore.train.RoundsProbe}: the broadcast and aggregation alone, in this JVM as the driver,
 *       for each state size, with Spark's torrent broadcast compressed (its default) and not.</li>
 * </ol>
 * Prints TSV rows (see bench/rounds.sh). Benchmark code: it ships in no jar.
 *
 * <p>Usage: {@code RoundsBench WORKERS(2,4) STATES(names=35691,...) WARMUP ROUNDS BENCH_JAR OUT_DIR CLI_RUNS}
 */
public final class RoundsBench {

    private RoundsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[5]));
        int cliRuns = Integer.parseInt(args[6]);
        for (String w : args[0].split(",")) {
            int workers = Integer.parseInt(w);
            try (StandaloneCluster cluster = new StandaloneCluster(Files.createDirectories(out.resolve("w" + w)))) {
                cluster.start(workers);
                cluster.awaitWorkers();
                for (int run = 0; run < cliRuns; run++)
                    for (String sync : List.of("rounds", "barrier"))
                        for (int rounds : new int[] {SHORT, LONG}) cli(cluster, out, workers, sync, rounds, run);
                for (boolean compress : new boolean[] {true, false})
                    probe(cluster, workers, compress, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                            Path.of(args[4]));
                cluster.stop();
            }
        }
    }

    /**
     * Runs of SHORT and LONG rounds: their difference, divided by LONG - SHORT, is what one more round costs, free of
     * the first round's start (the executors load ND4J, barrier tasks connect), which a single run would spread.
     */
    private static final int SHORT = 10;
    private static final int LONG = 40;

    /** One spark-submit of train: rounds of 5 steps of 64 windows, the dev loss only after the last. */
    private static void cli(StandaloneCluster cluster, Path out, int workers, String sync, int rounds, int run)
            throws Exception {
        String name = workers + "-" + sync + "-" + rounds + "-" + run;
        Path metrics = out.resolve("metrics-" + name + ".json");
        JvmProcesses.Jvm job = cluster.submit("train-" + name, cluster.masterUrl(), out.resolve("model-" + name),
                workers, List.of("--set", "train.sync=" + sync, "--rounds", "" + rounds, "--steps-per-round", "5",
                        "--batch-size", "64", "--samples", "0", "--set", "train.evalEvery=" + rounds,
                        "--metrics", metrics.toString()));
        String log = cluster.finish(job, Duration.ofMinutes(5));
        if (sync.equals("barrier") && log.contains("barrier mode unavailable"))
            throw new IllegalStateException("barrier mode did not run:\n" + log);
        String json = Files.readString(metrics, StandardCharsets.UTF_8);
        double training = number(json, "trainingSeconds");
        double share = number(json, "syncShare");
        System.out.printf(Locale.ROOT, "cli\t%d\t%s\t%d\t%d\t%.3f\t%.3f\t%s%n", workers, sync, run, rounds,
                training, training * share, line(log, "time:"));
    }

    /** The probe in this JVM, as the driver of an application on the cluster, one state size after another. */
    private static void probe(StandaloneCluster cluster, int workers, boolean compress, String states, int warmup,
                              int rounds, Path benchJar) {
        SparkConf conf = new SparkConf().setMaster(cluster.masterUrl()).setAppName("rounds-probe")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.cores.max", "" + workers)
                .set("spark.executor.cores", "1").set("spark.executor.memory", "1g")
                .set("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .set("spark.serializer", "org.apache.spark.serializer.JavaSerializer") // as conf/spark-defaults.conf
                .set("spark.broadcast.compress", "" + compress)
                .set("spark.jars", Path.of("target/sparkmore-job.jar").toAbsolutePath() + ","
                        + benchJar.toAbsolutePath());
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            for (String s : states.split(",")) {
                String[] kv = s.split("=");
                RoundsProbe.run(jsc, workers, Integer.parseInt(kv[1]), warmup, rounds,
                        "probe\t" + workers + "\t" + (compress ? "lz4" : "none") + "\t" + kv[0], System.out::println);
            }
        } finally {
            spark.stop();
        }
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE]+)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static String line(String log, String prefix) {
        return log.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }
}
