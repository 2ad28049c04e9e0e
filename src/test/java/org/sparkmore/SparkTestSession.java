package org.sparkmore;

import org.apache.spark.sql.SparkSession;

/**
 * A real Spark session for tests, quiet and small. A {@link LocalSpark} class gets one per class from
 * {@link SparkSessionExtension}; a test that needs a session of its own (another master for one test, extra Spark
 * settings) starts it here and stops it itself.
 */
public final class SparkTestSession {

    private SparkTestSession() {
    }

    public static SparkSession start(String master) {
        SparkSession active = SparkSession.getActiveSession().isDefined() ? SparkSession.active() : null;
        if (active != null) active.stop();
        SparkSession spark = SparkSession.builder()
                .master(master)
                .appName("sparkmore-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.showConsoleProgress", "false")
                // a catalog table's first use creates the warehouse, by default in the working directory: the repo
                .config("spark.sql.warehouse.dir", java.nio.file.Path.of("target", "spark-warehouse").toUri()
                        .toString())
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /** The shared data directory beside the project, or null when it is absent (tests then skip). */
    public static java.nio.file.Path shared() {
        String env = System.getenv("SPARKMORE_SHARED");
        java.nio.file.Path p = java.nio.file.Path.of(env != null ? env : "../shared");
        return java.nio.file.Files.isDirectory(p.resolve("data")) ? p : null;
    }
}
