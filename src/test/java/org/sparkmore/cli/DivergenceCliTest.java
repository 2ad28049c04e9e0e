package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.cli.CliTest.run;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that diverges stops with a clear error, naming the round, and leaves nothing behind. */
class DivergenceCliTest {
    @TempDir Path dir;

    private CliTest.Run train(String output, String... more) {
        String[] base = {"train", "--master", "local[2]", "--rounds", "40", "--steps-per-round", "5", "--hidden", "16",
                "--batch-size", "64", "--samples", "0", "--output", output, "--versioned"};
        return run(CliTest.with(base, more));
    }

    @Test
    void aDivergedRunFailsNamingTheRoundAndSavesNothing() {
        for (String[] flags : new String[][] {{"--optimizer", "sgd", "--lr", "1e9"},
                {"--optimizer", "sgd", "--lr", "1e9", "--set", "train.sync=rounds"},
                {"--optimizer", "adam", "--lr", "1e9"}}) {
            Path registry = dir.resolve("registry-" + String.join("", flags).hashCode());
            CliTest.Run r = train(registry.toString(), flags);
            assertEquals(2, r.code(), String.join(" ", flags) + ": " + r.out() + r.err());
            assertTrue(r.err().matches("(?s)error: training diverged: the (train|dev) loss .* at round \\d+; most "
                    + "likely because the learning rate 1\\.0E9 is too high.*Nothing was saved.*"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertFalse(Files.exists(registry.resolve("LATEST")), "nothing promoted");
            assertFalse(r.out().contains("round 40/40"), "stopped at the diverged round: " + r.out());
        }
        CliTest.Run inf = train(dir.resolve("inf").toString(), "--lr", "Infinity");
        assertEquals(2, inf.code());
        assertTrue(inf.err().contains("optim.learningRate must be finite and > 0, got Infinity"), inf.err());
    }
}
