package org.sparkmore.train;

import java.io.IOException;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.sparkmore.data.WindowBlock;
import scala.Tuple2;
import scala.runtime.AbstractFunction1;

/**
 * The training loop of barrier mode, the default: what every task of a barrier stage runs, round after round, in
 * {@link #rounds}, which reads top to bottom. Each round a task runs its local steps, sums its result with its peers'
 * along their chain and takes the mean, measures the dev loss when the run evaluates, and task 0 reports the round to
 * the driver, with a checkpoint whenever it evaluated or the caller asked for the round. At the end every task adds
 * its collective's counters to the stage's {@link SyncTraffic} accumulator. The driver's side is
 * {@link BarrierTrainer}; rounds mode's copy of the loop is {@link Trainer}'s.
 */
final class BarrierTask extends AbstractFunction1<scala.collection.Iterator<Tuple2<WindowBlock, WindowBlock>>,
        scala.collection.Iterator<Integer>> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** In the message of a task that failed only because another task of the stage, or the driver, went away. */
    static final String PEER_LOST = "lost a peer:";

    /**
     * What the tasks of one attempt of the stage share besides the spec.
     *
     * @param number  the stage attempt, for the hook and the messages of a failure
     * @param start   the checkpoint the attempt starts from
     * @param driver  the address of the driver's channel
     * @param key     what every connection of the attempt proves it holds
     * @param tasks   the tasks of the stage: one per partition
     * @param traffic where the tasks add what they sent to each other
     */
    record Attempt(int number, Broadcast<Checkpoint> start, String driver, ChannelKey key, int tasks,
                   CollectionAccumulator<SyncTraffic.Task> traffic) implements java.io.Serializable {
    }

    private final TrainingSpec spec;
    private final Attempt attempt;

    BarrierTask(TrainingSpec spec, Attempt attempt) {
        this.spec = spec;
        this.attempt = attempt;
    }

    @Override
    public scala.collection.Iterator<Integer> apply(scala.collection.Iterator<Tuple2<WindowBlock, WindowBlock>> it) {
        Tuple2<WindowBlock, WindowBlock> blocks = it.next();
        int me = BarrierTaskContext.get().partitionId();
        SingleThreaded.ensure();
        String host = SparkEnv.get().blockManager().blockManagerId().host();
        String executor = SparkEnv.get().executorId();
        Checkpoint c = attempt.start().value();
        BarrierConfig barrier = spec.barrier();
        try (DriverLink link = new DriverLink(attempt.driver(), attempt.key(), me, barrier, attempt.tasks());
             ChainAllReduce peers = ChainAllReduce.open(me, attempt.tasks(), host, executor, link, attempt.key(),
                     barrier, c.params().length, c.state() == null ? 0 : c.state().length)) {
            long maxRoundBytes = rounds(c, blocks._1(), blocks._2(), me, peers, link);
            attempt.traffic().add(new SyncTraffic.Task(me, maxRoundBytes, peers.connections()));
        } catch (IOException e) {
            String why = e instanceof java.io.EOFException || e instanceof java.net.SocketException
                    ? PEER_LOST + " " + e.getMessage() : e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.toString();
            throw new IllegalStateException("barrier task " + me + " (executor " + executor + " on " + host
                    + ", stage attempt " + attempt.number() + "): " + why, e);
        }
        return scala.collection.Iterator$.MODULE$.empty();
    }

    /**
     * Runs the rounds from the checkpoint; returns the most bytes this task sent in one round's averaging. P is the
     * parameter count, S the optimizer state's (2P for Adam, 0 for plain SGD).
     */
    private long rounds(Checkpoint c, WindowBlock trainBlock, WindowBlock devBlock, int me, ChainAllReduce peers,
                        DriverLink link) throws IOException {
        TrainConfig train = spec.train();
        PartitionTrainer.LocalStepper stepper = spec.partitionTrainer().localStepper();
        float[] params = c.params(); // (P): the same on every task at the start of a round
        float[] state = c.state();   // (S)
        long examples = c.examples();
        long maxRoundBytes = 0;
        for (int round = c.round() + 1; round < train.rounds(); round++) {
            BarrierTaskContext.get().killTaskIfInterrupted(); // a cancelled job stops between rounds
            spec.hook().beforeTask(round, me, attempt.number());
            // 1. stepsPerRound minibatch steps (batchSize windows each) on this partition's windows, from the mean
            long t0 = System.nanoTime();
            PartitionTrainer.LocalResult mine = stepper.localSteps(trainBlock, params, state, round, me);
            long compute = System.nanoTime() - t0;
            // 2. The tasks sum their (P) and (S) in partition order along their chain, then take the example-weighted
            // mean: every task holds the same bits, as rounds mode's driver would
            WeightedSum sum = peers.sum(mine, compute);
            maxRoundBytes = Math.max(maxRoundBytes, peers.lastSumBytes());
            params = sum.meanVector();
            state = sum.meanState();
            examples += sum.examples();
            long roundNanos = System.nanoTime() - t0;
            // 3. When the run evaluates: the dev loss of every task's dev windows, its {sum, count} summed the same way
            boolean evaluate = train.evaluatesAfter(round);
            long e0 = System.nanoTime();
            double dev = evaluate ? devLoss(peers, devBlock, params) : Double.NaN;
            // 4. Task 0 reports the round, and sends a checkpoint whenever it evaluated (the driver restarts a failed
            // stage from the latest) or the caller asked for this round's
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
        double[] sum = peers.sum(dev.size() == 0 ? new double[2] : PartitionTrainer.lossSum(spec.model(), dev, params));
        return sum[1] == 0 ? Double.NaN : sum[0] / sum[1];
    }
}
