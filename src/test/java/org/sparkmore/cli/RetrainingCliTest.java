package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparkmore.cli.CliTest.run;
import static org.sparkmore.cli.CliTest.with;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.Params;

/**
 * Periodic retraining end to end on a real local[2] Spark: a registry of versions, a table that grows new symbols,
 * warm starts, the promotion gate, retention and the lock (issue 5's retraining scenario).
 */
class RetrainingCliTest {
    @TempDir Path dir;
    final Configuration conf = new Configuration();

    static final List<String> NAMES = List.of("emma", "olivia", "ava", "isabella", "sophia", "charlotte", "mia",
            "amelia", "harper", "evelyn", "abigail", "emily", "elizabeth", "mila", "ella", "avery", "sofia", "camila",
            "aria", "scarlett", "victoria", "madison", "luna", "grace", "chloe", "penelope", "layla", "riley", "zoey",
            "nora", "lily", "eleanor", "hannah", "lillian", "addison", "aubrey", "ellie", "stella", "natalie", "zoe",
            "leah", "hazel", "violet", "aurora", "savannah", "audrey", "brooklyn", "bella", "claire", "skylar", "liam",
            "noah", "william", "james", "oliver", "benjamin", "elijah", "lucas", "mason", "logan", "alexander", "ethan",
            "jacob", "michael", "daniel", "henry", "jackson", "sebastian", "aiden", "matthew", "samuel", "david",
            "joseph", "carter", "owen", "wyatt", "john", "jack", "luke", "jayden", "dylan", "grayson", "levi", "isaac",
            "gabriel", "julian", "mateo", "anthony", "jaxon", "lincoln", "joshua", "christopher", "andrew", "theodore");
    /** The growth: more names, a few written with symbols the first table lacks (ñ and ж). */
    static final List<String> GROWTH = List.of("iñigo", "begoña", "peña", "muñoz", "toño", "жанна",
            "жора", "женя", "caleb", "ryan", "nathan", "adrian", "christian", "maverick", "colton", "elias",
            "aaron", "eli", "landon", "hudson", "ezra", "nolan", "asher", "leo", "miles");
    static final int CP_N_TILDE = 0xF1;
    static final int CP_ZHE = 0x436;

    /** A small, quick run; a few hundred optimizer steps so that continuing one clearly lowers the dev loss. */
    static final String[] RUN = {"--master", "local[2]", "--rounds", "10", "--steps-per-round", "10",
            "--batch-size", "32", "--hidden", "16", "--partitions", "2", "--samples", "0",
            "--set", "data.minCount=1", "--set", "train.evalEvery=5", "--set", "optim.warmupSteps=10"};

    static Path table(Path dir, String file, List<String> names) throws IOException {
        return Files.writeString(dir.resolve(file), String.join("\n", names) + "\n", StandardCharsets.UTF_8);
    }

    static String[] train(String... more) {
        return with(with(new String[] {"train"}, RUN), more);
    }

    private List<String> versions(Path registry) throws IOException {
        try (Stream<Path> files = Files.list(registry)) {
            return files.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String latest(Path registry) throws IOException {
        return Files.readString(registry.resolve("LATEST")).strip();
    }

    @Test
    void trainGrowWarmStartGateAndKeep() throws Exception {
        Path registry = dir.resolve("models");
        // 1. A short v1 into an empty registry: the first version is always promoted
        Path first = table(dir, "names-v1.txt", NAMES);
        CliTest.Run v1 = run(train("--input", first.toString(), "--output", registry.toString(), "--versioned",
                "--warm-start", "latest", "--set", "train.rounds=2"));
        assertEquals(0, v1.code(), v1.err());
        assertTrue(v1.out().contains("warm start: no model in " + registry + " yet"), v1.out());
        assertTrue(v1.out().contains("promotion: passed (the registry's first version); LATEST -> "), v1.out());
        String v1Name = latest(registry);
        SavedModel v1Model = ModelStore.load(registry.toString(), conf);
        assertFalse(v1Model.vocabulary().codePoints().contains(CP_ZHE));

        // 2-3. The table grows, with new symbols; v2 warm-starts from LATEST, trains on, passes the gate and LATEST
        // moves
        List<String> grown = new ArrayList<>(NAMES);
        grown.addAll(GROWTH);
        Path second = table(dir, "names-v2.txt", grown);
        CliTest.Run v2 = run(train("--input", second.toString(), "--output", registry.toString(), "--versioned",
                "--warm-start", "latest"));
        assertEquals(0, v2.code(), v2.err());
        assertTrue(v2.out().contains("warm start: from " + registry.resolve(v1Name)), v2.out());
        assertTrue(v2.out().matches("(?s).*languages carried over; new: [^\n]*ñ[^\n]*ж.*"), v2.out());
        assertTrue(v2.out().contains("promotion: passed (dev loss "), v2.out());
        String v2Name = latest(registry);
        assertTrue(v2Name.compareTo(v1Name) > 0, v2Name);
        SavedModel v2Model = ModelStore.load(registry.toString(), conf);
        assertTrue(v2Model.vocabulary().codePoints().containsAll(List.of(CP_N_TILDE, CP_ZHE)));
        assertTrue(v2Model.metrics().get("devLoss") <= v1Model.metrics().get("devLoss") * 1.01);
        assertOldRowsCarriedAndNewRowsFresh(v1Model, v2Model);

        // 4-5. v3 must beat LATEST by half, so it fails the gate; LATEST stays; --keep 2 deletes v1 only
        CliTest.Run v3 = run(train("--input", second.toString(), "--output", registry.toString(), "--versioned",
                "--warm-start", "latest", "--keep", "2", "--set", "registry.maxDevLossIncreasePercent=-50"));
        assertEquals(0, v3.code(), v3.err());
        assertTrue(v3.out().matches("(?s).*promotion: failed \\(dev loss [0-9.]+ > [0-9.]+, " + v2Name
                + "'s [0-9.]+ -50\\.00%\\); LATEST stays " + v2Name + "\\n.*"), v3.out());
        assertTrue(v3.out().contains("deleted " + v1Name), v3.out());
        assertEquals(v2Name, latest(registry));
        List<String> left = versions(registry);
        assertEquals(2, left.size(), left.toString());
        assertEquals(v2Name, left.get(0));
        assertTrue(Files.readString(registry.resolve(left.get(1)).resolve("promotion.json"))
                .contains("\"promoted\" : false"));

        // Readers take the registry for its LATEST
        CliTest.Run sample = run("sample", "--model", registry.toString(), "--no-label", "-n", "3");
        assertEquals(0, sample.code(), sample.err());
        assertEquals(3, sample.out().strip().split("\n").length);
    }

    /**
     * v2's initial parameters: v1's embedding row and output column for every old symbol, a fresh init's for ñ and ж.
     */
    private static void assertOldRowsCarriedAndNewRowsFresh(SavedModel v1, SavedModel v2) {
        long seed = Long.parseLong(String.valueOf(v2.config().get("train.seed")));
        float[] init = WarmStart.start(v1, v2.model(), v2.vocabulary(), v2.languages(), seed).params();
        Params carried = Params.wrap(v2.model(), org.nd4j.linalg.factory.Nd4j.createFromArray(init));
        Params old = Params.wrap(v1.model(), org.nd4j.linalg.factory.Nd4j.createFromArray(v1.params()));
        Params fresh = Params.init(v2.model(), seed, DataType.FLOAT);
        int out = v2.model().hiddenSizes().size();
        for (int cp : v1.vocabulary().codePoints()) {
            int was = v1.vocabulary().id(cp);
            int now = v2.vocabulary().id(cp);
            assertArrayEquals(old.embedding().getRow(was).toFloatVector(),
                    carried.embedding().getRow(now).toFloatVector());
            assertArrayEquals(old.weight(out).getColumn(was).toFloatVector(),
                    carried.weight(out).getColumn(now).toFloatVector());
        }
        for (int cp : new int[] {CP_N_TILDE, CP_ZHE}) {
            int now = v2.vocabulary().id(cp);
            assertArrayEquals(fresh.embedding().getRow(now).toFloatVector(),
                    carried.embedding().getRow(now).toFloatVector());
            assertArrayEquals(fresh.weight(out).getColumn(now).toFloatVector(),
                    carried.weight(out).getColumn(now).toFloatVector());
        }
        assertArrayEquals(old.weight(0).toFloatMatrix(), carried.weight(0).toFloatMatrix());
    }

    @Test
    void aHeldLockFailsTheRunNamingItsHolderAndLeavesTheRegistryAlone() throws Exception {
        Path registry = Files.createDirectories(dir.resolve("models"));
        String lock = "{\"user\": \"ann\", \"host\": \"h1\", \"pid\": 4242, \"since\": \"2026-11-27T10:00:00Z\"}";
        Files.writeString(registry.resolve("LOCK"), lock);
        Path names = table(dir, "names.txt", NAMES);
        CliTest.Run r = run(train("--input", names.toString(), "--output", registry.toString(), "--versioned"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("is locked by user ann, pid 4242 on host h1, since 2026-11-27T10:00:00Z"), r.err());
        assertTrue(r.err().contains("If no such run is alive (a crash leaves the lock behind), delete "), r.err());
        assertEquals(List.of("LOCK"), Arrays.stream(registry.toFile().list()).toList());
        assertEquals(lock, Files.readString(registry.resolve("LOCK")));

        CliTest.Run keep = run(train("--input", names.toString(), "--output", registry.toString(), "--keep", "2"));
        assertEquals(2, keep.code());
        assertTrue(keep.err().contains("--keep applies to a registry of versions: add --versioned"), keep.err());
    }
}
