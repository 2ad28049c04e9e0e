package org.sparkmore.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows a training run's progress lines ({@code round 12/40 | ... | dev 2.1234 | ...}, {@code dev -} where the
 * round was not evaluated) in its spark-submit JVM's log, so that a test can strike while training is under way.
 */
final class RoundWatch {

    private static final Pattern ROUND = Pattern.compile("round (\\d+)/(\\d+) \\| .*? \\| dev (\\S+) \\|");

    private RoundWatch() {
    }

    /**
     * Waits until the run has printed an evaluated round (so the driver holds a checkpoint to restart from) and a
     * round of at least {@code round}, and returns the latest round printed. Fails, showing the output, if the run
     * ends, reaches its last round or takes longer than {@code limit} first: a fault injected then would test
     * nothing.
     */
    static int awaitRound(JvmProcesses.Jvm run, int round, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            boolean alive = run.process().isAlive();
            // Bytes, not Files.readString: the last line may end mid-character while the JVM writes it
            String out = new String(readLog(run), StandardCharsets.UTF_8);
            int last = 0;
            int rounds = 0;
            boolean evaluated = false;
            for (Matcher m = ROUND.matcher(out); m.find(); ) {
                last = Math.max(last, Integer.parseInt(m.group(1)));
                rounds = Integer.parseInt(m.group(2));
                evaluated |= !m.group(3).equals("-");
            }
            if (rounds > 0 && last >= rounds)
                fail("the run reached its last round (" + last + ") before round " + round + " could be struck:\n"
                        + out);
            if (evaluated && last >= round) return last;
            if (!alive)
                fail("the run exited " + run.process().exitValue() + " before round " + round + ":\n" + out);
            if (System.nanoTime() > deadline)
                fail("the run did not reach round " + round + " within " + limit + ":\n" + out);
            Thread.sleep(100);
        }
    }

    private static byte[] readLog(JvmProcesses.Jvm run) {
        try {
            return Files.readAllBytes(run.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
