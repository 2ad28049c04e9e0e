package org.sparkmore.train;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.sparkmore.io.LossCurves;

/**
 * A run's progress and timing. Prints one line per round, or every few seconds when rounds are fast: round,
 * examples seen, epoch, train loss, dev loss when evaluated, examples/s and the ETA. Splits the wall time into
 * compute (the slowest partition's steps), synchronisation (the rest of a round: scheduling, broadcast, aggregation),
 * evaluation, and restarts: the time from the last checkpoint before a failed barrier stage to the first round done
 * after it, in which the lost rounds' work is discarded. Methods are synchronized: barrier mode reports from the
 * driver channel's thread, while the driver's own thread handles failures.
 */
public final class Progress {
    /** At most one line per this many milliseconds, unless the round was evaluated, or is the first or last. */
    private static final long MIN_INTERVAL_MS = 2000;

    /** Seconds spent in each part of the run; startup is from JVM start to the first training step. */
    public record Timings(double startupSeconds, double trainingSeconds, double computeSeconds, double syncSeconds,
                          double evalSeconds, double restartSeconds, int restarts) {
        public double syncShare() {
            return syncSeconds / trainingSeconds;
        }
    }

    /** One dev evaluation: trainSeconds leaves out the time spent evaluating, so curves compare across tools. */
    public record DevPoint(int round, long examples, double seconds, double trainSeconds, double devLoss) {
    }

    private final Consumer<String> out;
    private final int rounds;
    private final long trainWindows;
    private final List<DevPoint> devCurve = new ArrayList<>();
    private final List<LossCurves.Point> trainCurve = new ArrayList<>(); // every round's mean training loss
    private final Divergence divergence;
    private long startNanos;
    private double startupSeconds;
    private long lastPrintNanos;
    private long computeNanos;
    private long syncNanos;
    private long evalNanos;
    private double trainLoss = Double.NaN;
    private double devLoss = Double.NaN;
    private int firstRound;     // 0-based round this run started at: 0, or after a checkpoint when resumed
    private long firstExamples; // windows trained on before that round
    private long[] atCheckpoint = new long[5]; // compute, sync, eval nanos, dev and train points at the last one
    private long checkpointNanos;              // when it arrived
    private long restartFrom;                  // when the work now being redone began; 0 when nothing is lost
    private boolean launching;                 // no round has started yet: the wait for one is synchronisation
    private long restartNanos;
    private int restarts;

    /** @param vocabSize the model's outputs, whose uniform loss ln(vocabSize) {@link Divergence} measures against */
    Progress(Consumer<String> out, int rounds, long trainWindows, int vocabSize) {
        this.out = out;
        this.rounds = rounds;
        this.trainWindows = trainWindows;
        this.divergence = new Divergence(out, Math.log(vocabSize));
    }

    /** Whether the run diverged, and why; see {@link Divergence}. */
    Divergence divergence() {
        return divergence;
    }

    /** The run resumes at this 0-based round with this many windows already trained on; rates count from there. */
    void from(int round, long examples) {
        firstRound = round;
        firstExamples = examples;
    }

    /** The first training step is about to run. */
    synchronized void started() {
        startNanos = System.nanoTime();
        checkpointNanos = startNanos;
        launching = true;
        startupSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
        out.accept(String.format(Locale.ROOT, "start-up: %.1f s from JVM start to the first training step",
                startupSeconds));
    }

    /** A checkpoint arrived: a restart goes back to here. */
    synchronized void checkpointed() {
        atCheckpoint = new long[] {computeNanos, syncNanos, evalNanos, devCurve.size(), trainCurve.size()};
        checkpointNanos = System.nanoTime();
    }

    /**
     * The stage failed: the rounds since the last checkpoint are lost. Their time moves from compute, sync and eval
     * to restarts, which grow until {@link #resumed} says work goes on.
     */
    synchronized void restarting() {
        restarts++;
        launching = false; // from here on, the wait is the restart's
        if (restartFrom != 0) return; // a second failure before any round was redone
        restartFrom = checkpointNanos;
        computeNanos = atCheckpoint[0];
        syncNanos = atCheckpoint[1];
        evalNanos = atCheckpoint[2];
        devCurve.subList((int) atCheckpoint[3], devCurve.size()).clear();
        trainCurve.subList((int) atCheckpoint[4], trainCurve.size()).clear();
    }

    /**
     * A round starts now; returns now (nanoTime). The wait before the first round (scheduling the tasks, a barrier
     * stage's connections) counts as synchronisation; the wait since a failure's checkpoint counts as restarts.
     */
    synchronized long resumed() {
        long now = System.nanoTime();
        resumed(now);
        return now;
    }

    /** As {@link #resumed()}, for a round that started at nanoTime {@code at}. */
    synchronized void resumed(long at) {
        if (launching) syncNanos += Math.max(0, at - startNanos);
        launching = false;
        if (restartFrom == 0) return;
        restartNanos += Math.max(0, at - restartFrom);
        restartFrom = 0;
    }

    /** A round's training part took roundNanos on the driver, of which computeNanos in the slowest task. */
    synchronized void trained(long roundNanos, long computeNanos) {
        this.computeNanos += Math.min(computeNanos, roundNanos);
        this.syncNanos += Math.max(0, roundNanos - computeNanos);
    }

    synchronized void evaluated(long nanos, int round, long examples, double devLoss) {
        evalNanos += nanos;
        devCurve.add(new DevPoint(round, examples, seconds(), seconds() - evalNanos / 1e9, devLoss));
    }

    /** round is 1-based; devLoss is NaN when not evaluated this round. */
    synchronized void round(int round, long examples, double trainLoss, double devLoss, boolean evaluated) {
        divergence.observe(round, trainLoss, devLoss, evaluated);
        this.trainLoss = trainLoss;
        if (Double.isFinite(trainLoss)) trainCurve.add(new LossCurves.Point(round, trainLoss));
        if (!Double.isNaN(devLoss)) this.devLoss = devLoss;
        long now = System.nanoTime();
        boolean force = !Double.isNaN(devLoss) || round == rounds || round == firstRound + 1;
        if (!force && now - lastPrintNanos < MIN_INTERVAL_MS * 1_000_000L) return;
        lastPrintNanos = now;
        double seconds = seconds();
        double eta = seconds / (round - firstRound) * (rounds - round);
        out.accept(String.format(Locale.ROOT,
                "round %d/%d | examples %s | epoch %.2f | train %.4f | dev %s | %s ex/s | elapsed %s | ETA %s",
                round, rounds, human(examples), (double) examples / trainWindows, trainLoss,
                Double.isNaN(devLoss) ? "-" : String.format(Locale.ROOT, "%.4f", devLoss),
                human((long) ((examples - firstExamples) / Math.max(seconds, 1e-9))), clock(seconds), clock(eta)));
        if (round == rounds) out.accept(summary());
    }

    synchronized Timings timings() {
        return new Timings(startupSeconds, seconds(), computeNanos / 1e9, syncNanos / 1e9, evalNanos / 1e9,
                restartNanos / 1e9, restarts);
    }

    /** The last round's mean training loss. */
    synchronized double trainLoss() {
        return trainLoss;
    }

    /** The last evaluated dev loss. */
    synchronized double devLoss() {
        return devLoss;
    }

    synchronized List<DevPoint> devCurve() {
        return List.copyOf(devCurve);
    }

    /** The train loss of every round and the dev loss of every evaluation, as the model keeps them. */
    synchronized LossCurves curves() {
        return new LossCurves(trainCurve, devCurve.stream().map(p -> new LossCurves.Point(p.round(), p.devLoss()))
                .toList());
    }

    private String summary() {
        Timings t = timings();
        return String.format(Locale.ROOT, "time: %.1f s training = compute %.1f s (%.0f%%) + sync %.1f s (%.0f%%) "
                        + "+ eval %.1f s (%.0f%%)", t.trainingSeconds(), t.computeSeconds(),
                100 * t.computeSeconds() / t.trainingSeconds(), t.syncSeconds(), 100 * t.syncShare(),
                t.evalSeconds(), 100 * t.evalSeconds() / t.trainingSeconds())
                + (restarts == 0 ? "" : String.format(Locale.ROOT, " + %d restart%s %.1f s (%.0f%%)", restarts,
                restarts == 1 ? "" : "s", t.restartSeconds(), 100 * t.restartSeconds() / t.trainingSeconds()));
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String human(long n) {
        if (n >= 1_000_000) return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        if (n >= 10_000) return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        return Long.toString(n);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
