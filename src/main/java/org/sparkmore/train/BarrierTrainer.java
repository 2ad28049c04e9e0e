package org.sparkmore.train;

import java.io.IOException;
import java.net.InetAddress;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.sparkmore.data.WindowBlock;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Barrier mode's driver: one Spark barrier stage runs all rounds, each task the loop of {@link BarrierTask}. The
 * tasks, all scheduled at once, average parameters and optimizer state among themselves over authenticated TCP
 * ({@link ChainAllReduce}) after every round, so a round costs a few milliseconds instead of a Spark job. The
 * arithmetic and summation order are the rounds mode's, so both give the same parameters. Task 0 streams progress and
 * checkpoints to the driver ({@link DriverChannel}). Spark does not retry a failed barrier result stage, so the driver
 * restarts it from the latest checkpoint; when the cluster no longer has a slot per partition, it hands the latest
 * checkpoint back for rounds mode to finish the run.
 */
final class BarrierTrainer {
    /** Lets Spark notice a lost executor before the slots are counted: its tasks' peers may fail first. */
    private static final long SETTLE_MS = 1000;

    private final SparkSession spark;
    private final TrainingSpec spec;
    private final TrainConfig train;
    private final BarrierConfig barrier;
    private final Consumer<String> log;
    private final Consumer<Checkpoint> checkpoints;
    /**
     * Tags this trainer's stages, so that a diverged run cancels them and nobody else's job in a shared session: a
     * tag rather than a job group of their own, which would take them out of the command's group.
     */
    private final String jobTag = "sparkmore-barrier-" + java.util.UUID.randomUUID();
    /** A cancelled task stops between rounds, and a round takes well under a second. */
    private static final long CANCEL_WAIT_MS = 30_000;
    /** Saves the caller's checkpoints one at a time, in round order, off the channel's thread. */
    private final java.util.concurrent.ExecutorService saver = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "sparkmore-checkpoint-save");
                t.setDaemon(true);
                return t;
            });
    private volatile Checkpoint latest;
    private SyncTraffic traffic;

    /** @param checkpoints receives, on the driver, the checkpoint of every round train.checkpointsAfter names */
    BarrierTrainer(SparkSession spark, TrainingSpec spec, Consumer<String> log, Consumer<Checkpoint> checkpoints) {
        this.spark = spark;
        this.spec = spec;
        this.train = spec.train();
        this.barrier = spec.barrier();
        this.log = log;
        this.checkpoints = checkpoints;
    }

    /** Why barrier mode cannot run in this Spark application, or null when it can. */
    static String whyNot(SparkContext sc, TrainConfig train, int partitions) {
        if (train.sync() != TrainConfig.Sync.BARRIER) return "train.sync is " + train.sync();
        if (train.mode() == TrainConfig.Mode.GRADIENTS) return "gradients mode steps on the driver every round";
        SparkConf conf = sc.conf();
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false))
            return "barrier stages cannot run under dynamic allocation";
        for (String encrypted : new String[] {"spark.network.crypto.enabled", "spark.ssl.enabled"})
            if (conf.getBoolean(encrypted, false)) return encrypted + " is on, and barrier mode's channels "
                    + "authenticate every message but do not encrypt; rounds mode travels over Spark's own channels";
        int slots = slots(sc);
        if (slots < partitions)
            return partitions + " partitions need " + partitions + " task slots, there are " + slots;
        return null;
    }

    /**
     * Runs the rounds from the given start; returns the last round's checkpoint, or an earlier one when the barrier
     * stage can no longer run and rounds mode must finish from there.
     */
    Checkpoint run(TrainingData trainData, TrainingData devData, Checkpoint start, Progress progress)
            throws IOException, InterruptedException {
        latest = start;
        int partitions = trainData.blocks().getNumPartitions();
        SparkConf conf = spark.sparkContext().conf();
        String host = conf.get("spark.driver.host");
        InetAddress bind = InetAddress.getByName(conf.get("spark.driver.bindAddress", host));
        int restarts = 0;
        int streakFrom = start.round();
        try (StageFailures failures = StageFailures.watch(spark.sparkContext());
             Saves saves = this::finishSaves) {
            for (int attempt = 0; ; attempt++) {
                String noSlots = attempt == 0 ? null : awaitSlots(partitions);
                if (noSlots != null) return fallBack(noSlots);
                ChannelKey key = ChannelKey.create(conf);
                try (DriverChannel channel = new DriverChannel(bind, host, key, barrier, partitions, latest,
                        listener(progress, devData.windows() > 0), log)) {
                    if (attempt == 0) announce(channel, key);
                    failures.clear(); // late events of an earlier attempt are not this one's causes
                    traffic = stage(trainData, devData, latest, channel.address(), key, partitions, attempt);
                    Checkpoint last = awaitFinal(channel);
                    log.accept(traffic.describe());
                    return last;
                } catch (SparkException e) {
                    if (progress.divergence().diverged()) return cancelled(); // by the listener: the caller says why
                    progress.restarting();
                    String what = failures.describe(e);
                    if (lacksSlots(e)) return fallBack("the cluster has fewer task slots than partitions: " + what);
                    if (latest.round() > streakFrom) restarts = 0; // a new checkpoint ended the last streak
                    streakFrom = latest.round();
                    if (++restarts > barrier.maxRestarts()) throw new IllegalStateException("the barrier stage failed "
                            + restarts + " times in a row with no new checkpoint; last failure: " + what, e);
                    log.accept("barrier stage failed: " + what + "; restarting from round " + (latest.round() + 2)
                            + ", restart " + restarts + " of " + barrier.maxRestarts() + " since the last checkpoint");
                }
            }
        }
    }

    /** What the tasks of the stage that finished the run sent to each other; null until one has. */
    SyncTraffic traffic() {
        return traffic;
    }

    /** What run() does last, however it ends. */
    private interface Saves extends AutoCloseable {
        @Override
        void close() throws InterruptedException;
    }

    /** Waits for the checkpoints still being saved: the caller's next save, or the model's, comes after them. */
    private void finishSaves() throws InterruptedException {
        saver.shutdown();
        while (!saver.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS))
            log.accept("waiting for a checkpoint to be saved");
    }

    private void announce(DriverChannel channel, ChannelKey key) {
        log.accept("barrier channel: listening on " + channel.boundAddress() + ", tasks connect to "
                + channel.address() + "; every connection proves a key "
                + (key.fromSparkSecret() ? "derived from Spark's secret (spark.authenticate)" : "made for this stage"));
    }

    /**
     * Waits (a bounded while) for the tasks of the stage the listener cancelled to end: the caller stops the session
     * next, and tasks still unwinding then make Spark's own futures print stack traces.
     */
    private Checkpoint cancelled() throws InterruptedException {
        long deadline = System.currentTimeMillis() + CANCEL_WAIT_MS;
        while (running() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        return latest;
    }

    /** Whether a job of this trainer's barrier stages still runs. */
    private boolean running() {
        org.apache.spark.SparkStatusTracker tracker = spark.sparkContext().statusTracker();
        for (int job : tracker.getJobIdsForTag(jobTag)) {
            scala.Option<org.apache.spark.SparkJobInfo> info = tracker.getJobInfo(job);
            if (info.isDefined() && info.get().status() == org.apache.spark.JobExecutionStatus.RUNNING) return true;
        }
        return false;
    }

    /** Says why barrier mode stops and returns the checkpoint rounds mode continues from. */
    private Checkpoint fallBack(String why) {
        log.accept("barrier mode cannot go on (" + why + "); continuing in rounds mode from round "
                + (latest.round() + 2));
        return latest;
    }

    /** Null once the cluster has a slot per partition; why not, if it still lacks them after the bounded wait. */
    private String awaitSlots(int partitions) throws InterruptedException {
        Thread.sleep(SETTLE_MS);
        long deadline = System.currentTimeMillis() + barrier.slotWaitSeconds() * 1000L;
        for (int slots = slots(spark.sparkContext()); slots < partitions; slots = slots(spark.sparkContext())) {
            if (System.currentTimeMillis() >= deadline) return partitions + " partitions need " + partitions
                    + " task slots at once, and after " + barrier.slotWaitSeconds() + " s there are " + slots;
            Thread.sleep(500);
        }
        return null;
    }

    private static int slots(SparkContext sc) {
        return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    }

    /** Spark refused the stage for want of slots (SPARK-24819): it lost executors since the last count. */
    private static boolean lacksSlots(SparkException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("SPARK-24819") || m.contains("more slots than the total number of slots");
    }

    /** @param hasDev whether the dev split has windows: a NaN dev loss of an empty one is no divergence */
    private DriverChannel.Listener listener(Progress progress, boolean hasDev) {
        return new DriverChannel.Listener() {
            @Override
            public void round(DriverChannel.RoundReport r) {
                progress.resumed(System.nanoTime() - r.roundNanos() - r.evalNanos());
                progress.trained(r.roundNanos(), r.computeNanos());
                if (!Double.isNaN(r.devLoss()))
                    progress.evaluated(r.evalNanos(), r.round() + 1, r.examples(), r.devLoss());
                boolean evaluated = hasDev && train.evaluatesAfter(r.round());
                progress.round(r.round() + 1, r.examples(), r.trainLoss(), r.devLoss(), evaluated);
                // Every later round of a diverged run is wasted, and NaN stays NaN: tasks stop between rounds
                if (progress.divergence().diverged()) spark.sparkContext().cancelJobsWithTag(jobTag);
            }

            @Override
            public void checkpoint(Checkpoint c) {
                synchronized (BarrierTrainer.this) {
                    latest = c;
                    BarrierTrainer.this.notifyAll();
                }
                progress.checkpointed();
                if (train.checkpointsAfter(c.round())) saver.execute(() -> checkpoints.accept(c));
            }

            @Override
            public void failed(Exception e) {
                synchronized (BarrierTrainer.this) {
                    BarrierTrainer.this.notifyAll();
                }
            }
        };
    }

    /**
     * The tasks end as soon as task 0 has written its last checkpoint, which the driver's channel may still be
     * reading: wait for it rather than race it.
     */
    private synchronized Checkpoint awaitFinal(DriverChannel channel) throws InterruptedException {
        long deadline = System.currentTimeMillis() + barrier.readTimeoutMs();
        while (latest.round() < train.rounds() - 1) {
            if (channel.failure() != null) throw new IllegalStateException("the driver's barrier channel failed: "
                    + channel.failure(), channel.failure());
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) throw new IllegalStateException("the barrier stage ended but its final parameters "
                    + "never reached the driver (last checkpoint: round " + (latest.round() + 1) + ")");
            wait(left);
        }
        return latest;
    }

    /** Runs one barrier stage from {@code from} to the last round; returns what its tasks counted. */
    private SyncTraffic stage(TrainingData trainData, TrainingData devData, Checkpoint from, String driver,
                              ChannelKey key, int partitions, int attempt) throws SparkException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Checkpoint> start = jsc.broadcast(from);
        RDD<Tuple2<WindowBlock, WindowBlock>> pairs = trainData.blocks().zip(devData.blocks()).rdd();
        // One per stage: the counters of an attempt that failed are not the run's
        CollectionAccumulator<SyncTraffic.Task> counted = spark.sparkContext().collectionAccumulator("barrier traffic");
        BarrierTask task = new BarrierTask(spec,
                new BarrierTask.Attempt(attempt, start, driver, key, partitions, counted));
        jsc.addJobTag(jobTag);
        try (JobLabel label = JobLabel.describe(spark, "barrier stage: rounds " + (from.round() + 2) + "-"
                + train.rounds())) {
            pairs.barrier().mapPartitions(task, false, ClassTag$.MODULE$.apply(Integer.class)).count();
            int state = from.state() == null ? 0 : from.state().length;
            return new SyncTraffic((long) Float.BYTES * (from.params().length + state), counted.value());
        } finally {
            start.destroy();
            jsc.removeJobTag(jobTag); // later jobs of this thread are not the barrier stage's
        }
    }
}
