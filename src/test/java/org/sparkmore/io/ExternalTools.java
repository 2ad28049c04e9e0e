package org.sparkmore.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs external programs (sha256sum, python3 with NumPy) that check the files with tools other than ours. */
final class ExternalTools {

    record Result(int exitCode, String output) {
    }

    private ExternalTools() {
    }

    static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Result(p.exitValue(), output);
    }

    /** Skips the calling test unless the command runs and exits 0. */
    static void assumeCommand(String... command) {
        boolean ok;
        try {
            ok = run(Path.of("."), command).exitCode() == 0;
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        Assumptions.assumeTrue(ok, "needs " + String.join(" ", command));
    }
}
