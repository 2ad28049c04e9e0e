package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.cli.CliTest.run;
import static org.sparkmore.cli.CliTest.with;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.data.DefaultDataset;
import org.sparkmore.data.NameRow;

/** {@code score} and {@code sample --output} end to end: tables in, tables out, through a real local[2] Spark. */
class ScoreCliTest {
    @TempDir Path dir;

    @Test
    void scoresMeanIsEvaluatesDevLossAndSampleWritesATable() throws Exception {
        Path train = names("train.txt", 0);
        Path dev = names("dev.txt", 1);
        Path test = names("test.txt", 2);
        String model = dir.resolve("model").toString();
        CliTest.Run t = run(with(new String[] {"train"}, "--master", "local[2]", "--rounds", "3", "--steps-per-round",
                "5", "--hidden", "16", "--train", train.toString(), "--dev", dev.toString(), "--test", test.toString(),
                "--output", model, "--samples", "0"));
        assertEquals(0, t.code(), t.err());
        Path report = dir.resolve("report.json");
        CliTest.Run e = run("evaluate", "--master", "local[2]", "--model", model, "--samples", "0", "--report",
                report.toString());
        assertEquals(0, e.code(), e.err());
        double devLoss = new ObjectMapper().readTree(report.toFile()).get("devLoss").asDouble();

        // score writes the table and prints the mean of what it wrote
        Path scored = dir.resolve("scored");
        CliTest.Run s = run("score", "--master", "local[2]", "--model", model, "--input", dev.toString(),
                "--output", scored.toString(), "--format", "csv");
        assertEquals(0, s.code(), s.err());
        Matcher m = Pattern.compile("mean NLL per symbol ([0-9.]+)").matcher(s.out());
        assertTrue(m.find(), s.out());
        assertEquals(devLoss, Double.parseDouble(m.group(1)), 1e-6 * devLoss);
        assertEquals(Files.readAllLines(dev).size(), csvRows(scored).size(), "every row is written");
        assertTrue(csvRows(scored).get(0).split(",").length >= 6, "name and the score columns");
        assertEquals(2, run("score", "--master", "local[2]", "--model", model, "--input", dev.toString(),
                "--output", scored.toString()).code(), "an existing output is not replaced without --overwrite");

        // sample --output generates on the executors
        Path sampled = dir.resolve("sampled");
        CliTest.Run g = run("sample", "--master", "local[2]", "--model", model, "-n", "3000", "--partitions", "3",
                "--output", sampled.toString(), "--output-format", "csv");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.out().contains("wrote 3,000 names in 3 partitions"), g.out());
        assertEquals(3000, csvRows(sampled).size());
    }

    /** Every third embedded name from offset on: three disjoint tables. */
    private Path names(String file, int offset) throws IOException {
        List<String> lines = new ArrayList<>();
        List<NameRow> all = DefaultDataset.load();
        for (int i = offset; i < all.size() && lines.size() < 3000; i += 3) lines.add(all.get(i).name());
        return Files.write(dir.resolve(file), lines, StandardCharsets.UTF_8);
    }

    /** The data rows of a CSV table Spark wrote, headers left out. */
    private static List<String> csvRows(Path table) throws IOException {
        List<String> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(table)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                rows.addAll(lines.subList(Math.min(1, lines.size()), lines.size()));
            }
        }
        return rows;
    }
}
