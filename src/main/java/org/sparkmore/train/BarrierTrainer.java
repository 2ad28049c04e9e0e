package org.sparkmore.train;

import java.io.IOException;
import java.util.function.Consumer;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.model.ModelConfig;
import scala.Tuple2;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Barrier mode: one Spark barrier stage runs all rounds. Its tasks, all scheduled at once, average parameters and
 * optimizer state among themselves over TCP ({@link PeerMesh}) after every round, so a round costs a few
 * milliseconds instead of a Spark job. The arithmetic is the rounds mode's, so both give the same parameters.
 * Task 0 streams progress and checkpoints to the driver ({@link DriverChannel}); Spark does not retry a failed
 * barrier result stage, so the driver restarts it from the latest checkpoint.
 */
final class BarrierTrainer {
    /** Restarts of a failed stage before the run fails. */
    static final int MAX_RESTARTS = 3;

    private final SparkSession spark;
    private final PartitionTrainer worker;
    private final ModelConfig model;
    private final TrainConfig train;
    private final TaskHook hook;
    private final Consumer<String> log;
    private final Consumer<Checkpoint> checkpoints;
    private volatile Checkpoint latest;

    /** @param checkpoints receives, on the driver, the checkpoint of every round train.checkpointsAfter names */
    BarrierTrainer(SparkSession spark, PartitionTrainer worker, ModelConfig model, TrainConfig train, TaskHook hook,
                   Consumer<String> log, Consumer<Checkpoint> checkpoints) {
        this.spark = spark;
        this.worker = worker;
        this.model = model;
        this.train = train;
        this.hook = hook;
        this.log = log;
        this.checkpoints = checkpoints;
    }

    /** Why barrier mode cannot run in this Spark application, or null when it can. */
    static String whyNot(SparkContext sc, TrainConfig train, int partitions) {
        if (!train.sync().equals("barrier")) return "train.sync is " + train.sync();
        if (train.mode().equals("gradients")) return "gradients mode steps on the driver every round";
        if (sc.conf().getBoolean("spark.dynamicAllocation.enabled", false))
            return "barrier stages cannot run under dynamic allocation";
        int slots = sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
        if (slots < partitions) return partitions + " partitions need " + partitions + " task slots, there are " + slots;
        return null;
    }

    /** Runs all rounds from the given start; returns the final checkpoint (the last round's parameters). */
    Checkpoint run(TrainingData trainData, TrainingData devData, Checkpoint start,
                                 Progress progress) throws IOException {
        latest = start;
        int partitions = trainData.blocks().getNumPartitions();
        String host = spark.sparkContext().conf().get("spark.driver.host");
        for (int attempt = 0; ; attempt++) {
            try (DriverChannel channel = new DriverChannel(host, partitions, listener(progress))) {
                stage(trainData, devData, latest, channel.address(), partitions, attempt);
                return awaitFinal(channel);
            } catch (SparkException e) {
                if (attempt == MAX_RESTARTS) throw new IllegalStateException("barrier stage failed "
                        + (attempt + 1) + " times; last error: " + e.getMessage(), e);
                log.accept("barrier stage failed (" + firstLine(e) + "); restarting from round "
                        + (latest.round() + 2) + ", restart " + (attempt + 1) + " of " + MAX_RESTARTS);
            }
        }
    }

    private DriverChannel.Listener listener(Progress progress) {
        return new DriverChannel.Listener() {
            @Override
            public void round(DriverChannel.RoundReport r) {
                progress.trained(r.roundNanos(), r.computeNanos());
                if (!Double.isNaN(r.devLoss())) progress.evaluated(r.evalNanos(), r.round() + 1, r.examples(), r.devLoss());
                progress.round(r.round() + 1, r.examples(), r.trainLoss(), r.devLoss());
            }

            @Override
            public void checkpoint(Checkpoint c) {
                synchronized (BarrierTrainer.this) {
                    latest = c;
                    BarrierTrainer.this.notifyAll();
                }
                if (train.checkpointsAfter(c.round())) checkpoints.accept(c);
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
    private synchronized Checkpoint awaitFinal(DriverChannel channel) {
        long deadline = System.currentTimeMillis() + Wire.TIMEOUT_MS;
        try {
            while (latest.round() < train.rounds() - 1) {
                if (channel.failure() != null) throw new IllegalStateException("the driver's barrier channel failed: "
                        + channel.failure(), channel.failure());
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) throw new IllegalStateException("the barrier stage ended but its final parameters "
                        + "never reached the driver (last checkpoint: round " + (latest.round() + 1) + ")");
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the final parameters", e);
        }
        return latest;
    }

    private void stage(TrainingData trainData, TrainingData devData, Checkpoint from, String driver,
                       int partitions, int attempt) throws SparkException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        jsc.setJobDescription("barrier stage: rounds " + (from.round() + 2) + "-" + train.rounds());
        Broadcast<Checkpoint> start = jsc.broadcast(from);
        RDD<Tuple2<WindowBlock, WindowBlock>> pairs = trainData.blocks().zip(devData.blocks()).rdd();
        TaskLoop loop = new TaskLoop(worker, model, train, hook, start, driver, partitions, attempt);
        try {
            pairs.barrier().mapPartitions(loop, false, ClassTag$.MODULE$.apply(Integer.class)).count();
        } finally {
            start.destroy();
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** What every barrier task runs: local steps, then average with the peers, round after round. */
    static final class TaskLoop extends AbstractFunction1<scala.collection.Iterator<Tuple2<WindowBlock, WindowBlock>>,
            scala.collection.Iterator<Integer>> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final PartitionTrainer worker;
        private final ModelConfig model;
        private final TrainConfig train;
        private final TaskHook hook;
        private final Broadcast<Checkpoint> start;
        private final String driver;
        private final int tasks;
        private final int attempt;

        TaskLoop(PartitionTrainer worker, ModelConfig model, TrainConfig train, TaskHook hook,
                 Broadcast<Checkpoint> start, String driver, int tasks, int attempt) {
            this.worker = worker;
            this.model = model;
            this.train = train;
            this.hook = hook;
            this.start = start;
            this.driver = driver;
            this.tasks = tasks;
            this.attempt = attempt;
        }

        @Override
        public scala.collection.Iterator<Integer> apply(scala.collection.Iterator<Tuple2<WindowBlock, WindowBlock>> it) {
            Tuple2<WindowBlock, WindowBlock> blocks = it.next();
            int me = BarrierTaskContext.get().partitionId();
            SingleThreaded.ensure();
            String host = SparkEnv.get().blockManager().blockManagerId().host();
            try (DriverChannel.Link link = new DriverChannel.Link(driver, tasks);
                 PeerMesh mesh = PeerMesh.open(me, tasks, host, link)) {
                rounds(blocks._1(), blocks._2(), me, mesh, link);
            } catch (IOException e) {
                throw new IllegalStateException("barrier task " + me + ": " + e.getMessage(), e);
            }
            return scala.collection.Iterator$.MODULE$.empty();
        }

        private void rounds(WindowBlock trainBlock, WindowBlock devBlock, int me, PeerMesh mesh,
                            DriverChannel.Link link) throws IOException {
            Checkpoint c = start.value();
            PartitionTrainer.Worker local = worker.new Worker();
            float[] params = c.params();
            float[] state = c.state();
            long examples = c.examples();
            for (int round = c.round() + 1; round < train.rounds(); round++) {
                BarrierTaskContext.get().killTaskIfInterrupted(); // a cancelled job stops between rounds
                hook.beforeTask(round, me, attempt);
                // 1. Local steps on this partition's windows
                long t0 = System.nanoTime();
                PartitionTrainer.Update mine = local.localSteps(trainBlock, params, state, round, me);
                long compute = System.nanoTime() - t0;
                // 2. Every task sums every task's result in partition order, then takes the mean: all identical
                Contribution sum = mesh.sum(mine, compute);
                params = sum.meanVector();
                state = sum.meanState();
                examples += sum.examples();
                long roundNanos = System.nanoTime() - t0;
                // 3. Dev loss on every task's dev windows, summed the same way
                boolean evaluate = (round + 1) % train.evalEvery() == 0 || round + 1 == train.rounds();
                long e0 = System.nanoTime();
                double dev = evaluate ? devLoss(mesh, devBlock, params) : Double.NaN;
                // 4. Task 0 reports, and checkpoints whenever it evaluates or the caller asked for this round's
                if (me == 0) {
                    link.round(new DriverChannel.RoundReport(round, examples, sum.meanLoss(), dev, roundNanos,
                            sum.computeNanos(), System.nanoTime() - e0));
                    if (evaluate || train.checkpointsAfter(round))
                        link.checkpoint(new Checkpoint(round, examples, params, state));
                }
            }
        }

        private double devLoss(PeerMesh mesh, WindowBlock dev, float[] params) throws IOException {
            double[] sum = mesh.sum(dev.size() == 0 ? new double[2] : PartitionTrainer.lossSum(model, dev, params));
            return sum[1] == 0 ? Double.NaN : sum[0] / sum[1];
        }
    }
}
