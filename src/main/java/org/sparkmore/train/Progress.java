package org.sparkmore.train;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints one line per round, or every few seconds when rounds are fast: round, examples seen, epoch, train loss,
 * dev loss when evaluated, examples/s and the ETA.
 */
final class Progress {
    /** At most one line per this many milliseconds, unless the round was evaluated or is the last. */
    private static final long MIN_INTERVAL_MS = 2000;

    private final Consumer<String> out;
    private final int rounds;
    private final long trainWindows;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos;

    Progress(Consumer<String> out, int rounds, long trainWindows) {
        this.out = out;
        this.rounds = rounds;
        this.trainWindows = trainWindows;
    }

    /** round is 1-based; devLoss is NaN when not evaluated this round. */
    void round(int round, long examples, double trainLoss, double devLoss) {
        long now = System.nanoTime();
        boolean force = !Double.isNaN(devLoss) || round == rounds || round == 1;
        if (!force && now - lastPrintNanos < MIN_INTERVAL_MS * 1_000_000L) return;
        lastPrintNanos = now;
        double seconds = seconds();
        double eta = seconds / round * (rounds - round);
        out.accept(String.format(Locale.ROOT,
                "round %d/%d | examples %s | epoch %.2f | train %.4f | dev %s | %s ex/s | elapsed %s | ETA %s",
                round, rounds, human(examples), (double) examples / trainWindows, trainLoss,
                Double.isNaN(devLoss) ? "-" : String.format(Locale.ROOT, "%.4f", devLoss),
                human((long) (examples / Math.max(seconds, 1e-9))), clock(seconds), clock(eta)));
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
