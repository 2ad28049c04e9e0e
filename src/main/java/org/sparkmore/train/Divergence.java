package org.sparkmore.train;

import java.util.Locale;
import java.util.function.Consumer;
import org.sparkmore.optim.OptimConfig;

/**
 * Watches a run's losses round by round for divergence. The first non-finite train or dev loss fails the run: its
 * parameters have overflowed and every later round stays NaN, so nothing of it may be saved. So does a train loss
 * {@value #EXPLODED} times the uniform model's, ln(vocabulary): a run whose learning rate is too high for Adam can
 * stay finite at 1e10, a model worse than guessing. A train loss {@value #RISE} times the first round's is a
 * warning, once.
 */
final class Divergence {

    /**
     * A warning when the train loss exceeds the first round's this many times. The first round's loss is near
     * ln(vocabulary), the worst a barely trained model does; a healthy run only falls below it after the warm-up.
     */
    static final double RISE = 2.0;
    /**
     * A train loss this many times the uniform model's fails the run. A fresh model starts near the uniform loss and
     * a trained one is below it; ten times it means confident, wrong predictions everywhere.
     */
    static final double EXPLODED = 10.0;

    private final Consumer<String> log;
    private final double uniform;  // ln(vocabSize): the loss of predicting every symbol alike
    private double first = Double.NaN;
    private int diverged;          // 1-based round of the first non-finite loss; 0 while none
    private String what;           // which loss, and its value
    private boolean warned;

    Divergence(Consumer<String> log, double uniform) {
        this.log = log;
        this.uniform = uniform;
    }

    /** One round's losses; devLoss is NaN when the round was not evaluated, evaluated says whether it was. */
    synchronized void observe(int round, double trainLoss, double devLoss, boolean evaluated) {
        if (diverged == 0 && !Double.isFinite(trainLoss)) fail(round, "train loss " + trainLoss);
        else if (diverged == 0 && evaluated && !Double.isFinite(devLoss)) fail(round, "dev loss " + devLoss);
        if (Double.isNaN(first) && Double.isFinite(trainLoss)) first = trainLoss;
        if (diverged == 0 && trainLoss > EXPLODED * uniform) fail(round, String.format(Locale.ROOT,
                "train loss %.4g, %.0fx that of guessing every symbol alike (%.4f),", trainLoss, trainLoss / uniform,
                uniform));
        if (!warned && Double.isFinite(trainLoss) && trainLoss > RISE * first) {
            warned = true;
            log.accept(String.format(Locale.ROOT, "warning: the train loss %.4g at round %d is %.1fx round one's "
                    + "(%.4f): the run is diverging; a lower optim.learningRate (--lr) or optim.clipNorm may help",
                    trainLoss, round, trainLoss / first, first));
        }
    }

    private void fail(int round, String loss) {
        diverged = round;
        what = loss;
    }

    /** Whether a loss has diverged: the run must stop. */
    synchronized boolean diverged() {
        return diverged != 0;
    }

    /** Why the run must stop, naming the round and the likely cause; null while it is healthy. */
    synchronized String failure(OptimConfig.Algorithm optimizer, double learningRate) {
        if (diverged == 0) return null;
        return String.format(Locale.ROOT, "training diverged: the %s at round %d; most likely because the learning "
                + "rate %s is too high for %s: lower optim.learningRate (--lr) or set "
                + "optim.clipNorm. Nothing was saved", what, diverged, learningRate, optimizer);
    }

    /** How many of the parameters are NaN or infinite. */
    static int nonFinite(float[] params) {
        int n = 0;
        for (float p : params) if (!Float.isFinite(p)) n++;
        return n;
    }
}
