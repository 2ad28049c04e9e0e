package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.SparkTestSession;
import org.sparkmore.train.RunConfig;
import org.sparkmore.train.Settings;

/**
 * conf/names-large.conf, the stronger MLP recipe: it resolves to the documented model, and a smaller version of it
 * (fewer rounds, a narrower layer) trained on makemore's names split on local[2] stays under the dev loss measured
 * for it. The full recipe's figures are in BENCHMARKS.md. The training part skips when ../shared is absent.
 */
class NamesLargeRecipeTest {
    private static final String RECIPE = "conf/names-large.conf";
    @TempDir Path dir;

    @Test
    void recipeResolvesToTheDocumentedModel() throws IOException {
        RunConfig c = Settings.defaults().load(RECIPE, new Configuration()).toConfig();
        assertEquals(8, c.model().blockSize());
        assertEquals(24, c.model().embeddingDim());
        assertEquals(List.of(512, 512), c.model().hiddenSizes());
        assertEquals(0.2, c.model().hiddenDropout());
        assertEquals(0.05, c.optim().weightDecay());
        assertEquals(0.0075, c.optim().learningRate());
        assertEquals(0.0, c.optim().minLrFraction());
        assertEquals(250, c.train().rounds());
    }

    @Test
    void aSmallerRecipeBeatsTheDefaultModelOnNamesSplit() {
        Path shared = SparkTestSession.shared();
        Assumptions.assumeTrue(shared != null, "../shared is absent");
        Path split = shared.resolve("data/names-split");
        CliTest.Run r = CliTest.run("train", "--config", RECIPE, "--master", "local[2]", "--partitions", "2",
                "--train", split.resolve("train.txt").toString(), "--dev", split.resolve("dev.txt").toString(),
                "--test", split.resolve("test.txt").toString(), "--hidden", "128,128", "--rounds", "40",
                "--output", dir.resolve("model").toString(), "--samples", "0");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("dev (\\d+\\.\\d+) \\| test").matcher(r.out());
        assertTrue(m.find(), r.out());
        double dev = Double.parseDouble(m.group(1));
        // Measured 2.0739 (this test, 2026-12-02); the default model reaches 2.1029 on the same split
        assertTrue(dev <= 2.08, "dev loss " + dev);
    }
}
