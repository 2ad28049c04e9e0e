package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small table prepared on the driver trains to the same bits as one prepared by Spark jobs. */
class DriverPreparationCliTest {
    @TempDir Path dir;

    private static final Pattern DONE = Pattern.compile("done: (train \\S+ \\| dev \\S+ \\| test \\S+)");

    @Test
    void driverAndSparkPreparationTrainTheSameModel() throws Exception {
        StringBuilder csv = new StringBuilder("name,lang\n");
        for (String n : List.of("emma", "olivia", "ava", "isabella", "sophia", "mia", "amelia", "harper", "evelyn",
                "abigail", "emily", "ella", "zoë", "chloé", "noah", "liam", "oliver", "elijah"))
            csv.append(n).append(",en\n");
        for (String n : List.of("άννα", "ελένη", "μαρία", "σοφία", "ειρήνη", "κατερίνα", "δήμητρα", "γιώργος"))
            csv.append(n).append(",el\n");
        Path input = Files.writeString(dir.resolve("names.csv"), csv, StandardCharsets.UTF_8);
        String[] base = CliTest.with(CliTest.SMALL, "--input", input.toString(), "--language-column", "lang",
                "--samples", "0");
        CliTest.Run driver = CliTest.run(CliTest.with(CliTest.with(new String[] {"train"}, base), "--output",
                dir.resolve("a").toString(), "--metrics", dir.resolve("a.json").toString()));
        CliTest.Run spark = CliTest.run(CliTest.with(CliTest.with(new String[] {"train"}, base), "--output",
                dir.resolve("b").toString(), "--metrics", dir.resolve("b.json").toString(),
                "--set", "data.driverMaxNames=0"));
        assertEquals(0, driver.code(), driver.err());
        assertEquals(0, spark.code(), spark.err());
        assertTrue(driver.out().contains("packed on the driver (data.driverMaxNames)"), driver.out());
        assertFalse(spark.out().contains("packed on the driver"), spark.out());
        assertEquals(losses(spark.out()), losses(driver.out()));
        JsonNode a = new ObjectMapper().readTree(dir.resolve("a.json").toFile());
        JsonNode b = new ObjectMapper().readTree(dir.resolve("b.json").toFile());
        for (String key : List.of("trainLoss", "devLoss", "testLoss", "examples")) // bit for bit
            assertEquals(b.get(key).doubleValue(), a.get(key).doubleValue(), 0.0, key);
        assertEquals(line(spark.out(), "vocabulary: "), line(driver.out(), "vocabulary: "));
    }

    private static String losses(String out) {
        Matcher m = DONE.matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.replaceAll(" \\[.*\\]$", ""))
                .findFirst().orElseThrow();
    }
}
