package org.sparkmore.train;

import java.io.IOException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.model.ModelConfig;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * What every task of a barrier stage runs: local steps, then average with the peers, round after round. Task 0
 * reports each round to the driver and sends a checkpoint whenever it evaluates or the caller asked for the round.
 * At the end every task adds its collective's counters to the stage's {@link SyncTraffic} accumulator.
 */
final class BarrierTask extends AbstractFunction1<scala.collection.Iterator<Tuple2<WindowBlock, WindowBlock>>,
        scala.collection.Iterator<Integer>> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** In the message of a task that failed only because another task of the stage, or the driver, went away. */
    static final String PEER_LOST = "lost a peer:";
    private final PartitionTrainer worker;
    private final ModelConfig model;
    private final TrainConfig train;
    private final BarrierConfig barrier;
    private final TaskHook hook;
    private final Broadcast<Checkpoint> start;
    private final String driver;
    private final ChannelKey key;
    private final int tasks;
    private final int attempt;
    private final CollectionAccumulator<SyncTraffic.Task> traffic;

    BarrierTask(PartitionTrainer worker, ModelConfig model, TrainConfig train, BarrierConfig barrier, TaskHook hook,
                Broadcast<Checkpoint> start, String driver, ChannelKey key, int tasks, int attempt,
                CollectionAccumulator<SyncTraffic.Task> traffic) {
        this.worker = worker;
        this.model = model;
        this.train = train;
        this.barrier = barrier;
        this.hook = hook;
        this.start = start;
        this.driver = driver;
        this.key = key;
        this.tasks = tasks;
        this.attempt = attempt;
        this.traffic = traffic;
    }

    @Override
    public scala.collection.Iterator<Integer> apply(scala.collection.Iterator<Tuple2<WindowBlock, WindowBlock>> it) {
        Tuple2<WindowBlock, WindowBlock> blocks = it.next();
        int me = BarrierTaskContext.get().partitionId();
        SingleThreaded.ensure();
        String host = SparkEnv.get().blockManager().blockManagerId().host();
        String executor = SparkEnv.get().executorId();
        Checkpoint c = start.value();
        try (DriverLink link = new DriverLink(driver, key, me, barrier, tasks);
             ChainAllReduce peers = ChainAllReduce.open(me, tasks, host, executor, link, key, barrier,
                     c.params().length, c.state() == null ? 0 : c.state().length)) {
            long maxRoundBytes = rounds(c, blocks._1(), blocks._2(), me, peers, link);
            traffic.add(new SyncTraffic.Task(me, maxRoundBytes, peers.connections()));
        } catch (IOException e) {
            String why = e instanceof java.io.EOFException || e instanceof java.net.SocketException
                    ? PEER_LOST + " " + e.getMessage() : e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.toString();
            throw new IllegalStateException("barrier task " + me + " (executor " + executor + " on " + host
                    + ", stage attempt " + attempt + "): " + why, e);
        }
        return scala.collection.Iterator$.MODULE$.empty();
    }

    /** Runs the rounds; returns the most bytes this task sent in one round's averaging. */
    private long rounds(Checkpoint c, WindowBlock trainBlock, WindowBlock devBlock, int me, ChainAllReduce peers,
                        DriverLink link) throws IOException {
        PartitionTrainer.Worker local = worker.new Worker();
        float[] params = c.params();
        float[] state = c.state();
        long examples = c.examples();
        long maxRoundBytes = 0;
        for (int round = c.round() + 1; round < train.rounds(); round++) {
            BarrierTaskContext.get().killTaskIfInterrupted(); // a cancelled job stops between rounds
            hook.beforeTask(round, me, attempt);
            // 1. Local steps on this partition's windows
            long t0 = System.nanoTime();
            PartitionTrainer.Update mine = local.localSteps(trainBlock, params, state, round, me);
            long compute = System.nanoTime() - t0;
            // 2. The tasks sum their results in partition order along their chain, then take the mean: all identical
            Contribution sum = peers.sum(mine, compute);
            maxRoundBytes = Math.max(maxRoundBytes, peers.lastSumBytes());
            params = sum.meanVector();
            state = sum.meanState();
            examples += sum.examples();
            long roundNanos = System.nanoTime() - t0;
            // 3. Dev loss on every task's dev windows, summed the same way
            boolean evaluate = (round + 1) % train.evalEvery() == 0 || round + 1 == train.rounds();
            long e0 = System.nanoTime();
            double dev = evaluate ? devLoss(peers, devBlock, params) : Double.NaN;
            // 4. Task 0 reports, and checkpoints whenever it evaluates or the caller asked for this round's
            if (me == 0) {
                link.round(new DriverChannel.RoundReport(round, examples, sum.meanLoss(), dev, roundNanos,
                        sum.computeNanos(), System.nanoTime() - e0));
                if (evaluate || train.checkpointsAfter(round))
                    link.checkpoint(new Checkpoint(round, examples, params, state));
            }
        }
        return maxRoundBytes;
    }

    private double devLoss(ChainAllReduce peers, WindowBlock dev, float[] params) throws IOException {
        double[] sum = peers.sum(dev.size() == 0 ? new double[2] : PartitionTrainer.lossSum(model, dev, params));
        return sum[1] == 0 ? Double.NaN : sum[0] / sum[1];
    }
}
