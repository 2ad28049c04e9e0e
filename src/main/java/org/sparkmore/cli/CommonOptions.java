package org.sparkmore.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.train.Settings;
import picocli.CommandLine.Option;

/**
 * Options every command shares (the Spark master, the config file, free-form overrides, --verbose) and what they
 * decide: the run's settings, resolved as defaults &lt; config file &lt; named flags &lt; --set; the Hadoop
 * configuration; and the Spark session, with sparkmore's own Spark defaults.
 */
final class CommonOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master; default: the one spark-submit set, else local[*]")
    String master;

    // Not --conf: spark-submit's --conf k=v sits on the same command line, before the jar, and means Spark's config
    @Option(names = "--config", paramLabel = "FILE",
            description = "sparkmore config file of key = value lines (see conf/sparkmore.conf)")
    String confFile;

    /** The old name, kept so scheduled jobs keep working; it says what to write instead. */
    @Option(names = "--conf", paramLabel = "FILE", hidden = true)
    void deprecatedConf(String file) {
        System.err.println("warning: --conf FILE is deprecated (spark-submit's --conf sets Spark's config): use "
                + "--config " + file);
        confFile = file;
    }

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one config key, e.g. --set "
            + "optim.learningRate=0.02; a spark.* key goes to the Spark session, as spark-submit's --conf does")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--verbose",
            description = "keep Spark's INFO logging, its task failure traces, and the stack trace of an error")
    boolean verbose;

    /** defaults &lt; conf file &lt; named flags &lt; --set. */
    Settings resolve(Configuration hadoop, Map<String, String> flags) throws java.io.IOException {
        Settings s = Settings.defaults();
        if (confFile != null) s.load(confFile, hadoop);
        flags.forEach((k, v) -> {
            if (v != null) s.set(k, v);
        });
        return s.apply(overrides.stream().filter(o -> !isSpark(o)).toList());
    }

    /** The --set pairs for Spark itself, checked here so a typo fails before Spark starts. */
    private Map<String, String> sparkOverrides() {
        Map<String, String> spark = new LinkedHashMap<>();
        for (String pair : overrides) {
            if (!isSpark(pair)) continue;
            int eq = pair.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("--set expects key=value, got: " + pair);
            spark.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return spark;
    }

    private static boolean isSpark(String pair) {
        return pair.strip().startsWith("spark.");
    }

    /** Loggers that repeat a local task's failure, which the error: line already reports. */
    private static final List<String> QUIET_LOCAL = List.of("org.apache.spark.executor.Executor",
            "org.apache.spark.scheduler.TaskSetManager");

    /**
     * The Hadoop configuration the session will have (core-site.xml, spark.hadoop.* keys from spark-submit and
     * --set), built without starting Spark, so config files, models and outputs are read and checked first.
     */
    Configuration hadoop() {
        return SparkHadoopUtil.get().newConfiguration(sparkConf(null));
    }

    SparkSession start(String appName) {
        Configurator.setRootLevel(verbose ? Level.INFO : Level.WARN);
        // A missing input path is reported once, as an error: line; without this Spark first logs it as a WARN with
        // a 90-line trace while probing for a streaming sink's metadata
        if (!verbose)
            Configurator.setLevel("org.apache.spark.sql.execution.streaming.sinks.FileStreamSink", Level.ERROR);
        SparkConf conf = sparkConf(appName);
        // In local[N] (no retries) a task that fails fails the job, and the error: line names the cause; without
        // this the same cause comes first as two 50-line traces (the executor's, then the scheduler's "Lost task").
        // Not with local[N,F] or local-cluster, where a failed attempt may be retried and its trace is the only word
        if (!verbose && conf.get("spark.master").matches("local(\\[[^,\\]]*\\])?"))
            for (String logger : QUIET_LOCAL) Configurator.setLevel(logger, Level.OFF);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        if (!verbose) spark.sparkContext().setLogLevel("WARN"); // Spark resets the level when it starts
        return spark;
    }

    /** spark-submit's settings (system properties), --set spark.* pairs, the master, and sparkmore's own defaults. */
    private SparkConf sparkConf(String appName) {
        SparkConf conf = new SparkConf();
        if (appName != null) conf.setAppName(appName);
        sparkOverrides().forEach(conf::set);
        if (master != null) conf.setMaster(master);
        else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        // On one machine everything stays on loopback, and Spark does not warn about the hostname
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // One ND4J thread per task: tasks already fill the cores (conf/spark-defaults.conf says why)
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        // Executors use the driver's pinned BLAS kernel, so where a task runs does not change a bit
        String kernel = System.getenv("OPENBLAS_CORETYPE");
        if (kernel != null && !kernel.isEmpty()) conf.setIfMissing("spark.executorEnv.OPENBLAS_CORETYPE", kernel);
        // Slots lost between barrier mode's own count and the stage's submission: Spark re-checks every 15 s, 40
        // times by default (10 minutes) before failing with SPARK-24819, after which the run goes on in rounds mode
        conf.setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "4");
        // A few large partitions, not Spark SQL's 200: windows are repartitioned explicitly anyway
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return conf;
    }
}
