package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.SparkTestSession;

/**
 * The acceptance bar on makemore's benchmark: names-split with block 3, embedding 10, hidden 200 on local[2]
 * reaches dev loss 2.20 (single-process PyTorch: 2.171). Skips when ../shared is absent.
 */
class NamesSplitQualityTest {
    @TempDir Path dir;

    @Test
    void devLossOnNamesSplitIsAtMost2_20() {
        Path shared = SparkTestSession.shared();
        Assumptions.assumeTrue(shared != null, "../shared is absent");
        Path split = shared.resolve("data/names-split");
        CliTest.Run r = CliTest.run("train", "--master", "local[2]", "--partitions", "2",
                "--train", split.resolve("train.txt").toString(), "--dev", split.resolve("dev.txt").toString(),
                "--test", split.resolve("test.txt").toString(), "--block-size", "3", "--embedding-dim", "10",
                "--hidden", "200", "--output", dir.resolve("model").toString(), "--samples", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vocabulary: 27 symbols"), r.out());
        Matcher m = Pattern.compile("dev (\\d+\\.\\d+) \\| test").matcher(r.out());
        assertTrue(m.find(), r.out());
        double dev = Double.parseDouble(m.group(1));
        assertTrue(dev <= 2.20, "dev loss " + dev);
    }
}
