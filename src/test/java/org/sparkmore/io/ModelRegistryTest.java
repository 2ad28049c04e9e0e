package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's protocol on a real local directory: versions, the gate, LATEST, retention and the lock. */
class ModelRegistryTest {
    static final Clock SAME_SECOND = Clock.fixed(Instant.parse("2026-11-27T10:15:00Z"), ZoneOffset.UTC);
    static final RegistryConfig GATE = new RegistryConfig(1.0, 0);

    @TempDir Path tmp;
    final Configuration conf = new Configuration();

    /** A model whose dev loss and split seed the gate reads. */
    static SavedModel model(long seed, double devLoss, String splitSeed) {
        SavedModel base = ModelStoreTest.model(seed);
        Map<String, Object> config = new LinkedHashMap<>(base.config());
        config.put("data.splitSeed", splitSeed);
        return new SavedModel(base.model(), base.vocabulary(), base.languages(), config,
                Map.of("devLoss", devLoss), base.params());
    }

    private String dir() {
        return tmp.resolve("models").toString();
    }

    private ModelRegistry registry(long lockWaitMs) throws IOException {
        return new ModelRegistry(dir(), conf, SAME_SECOND, lockWaitMs);
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("models"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String latestFile() throws IOException {
        return Files.readString(tmp.resolve("models/LATEST")).strip();
    }

    @Test
    void theGatePromotesFirstAndBetterVersionsAndLatestMovesOnlyThen() throws IOException {
        ModelRegistry r = registry(0);
        ModelRegistry.Commit v1 = r.commit(model(1, 2.0, "42"), Map.of(ModelRegistry.METRICS, "{}".getBytes()), GATE);
        assertEquals("20261127T101500Z", v1.version());
        assertTrue(v1.decision().promoted() && v1.decision().reason().contains("first version"),
                v1.decision().reason());
        assertEquals(v1.version(), latestFile());

        ModelRegistry.Commit v2 = r.commit(model(2, 2.019, "42"), Map.of(), GATE); // within 1%
        assertEquals("20261127T101500Z-2", v2.version()); // the same second: still a new name
        assertTrue(v2.decision().promoted(), v2.decision().reason());
        assertEquals(v2.version(), latestFile());

        ModelRegistry.Commit v3 = r.commit(model(3, 2.05, "42"), Map.of(), GATE); // 1.5% worse than v2
        assertFalse(v3.decision().promoted());
        assertEquals("dev loss 2.0500 > 2.0392, 20261127T101500Z-2's 2.0190 +1.00%", v3.decision().reason());
        assertEquals(v2.version(), latestFile());
        assertEquals(List.of(v1.version(), v2.version(), v3.version()), r.versions());

        // Readers resolve the registry to LATEST; a version holds its metrics and the gate's decision
        assertArrayEquals(model(2, 0, "").params(), ModelStore.load(dir(), conf).params());
        assertEquals(List.of(v1.version(), v2.version(), v3.version(), ModelRegistry.LATEST), entries());
        try (Stream<Path> files = Files.list(tmp.resolve("models").resolve(v1.version()))) {
            assertEquals(List.of("checksums.sha256", "metrics.json", "model.json", "params.npy", "promotion.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String promotion = Files.readString(tmp.resolve("models").resolve(v3.version()).resolve("promotion.json"));
        assertTrue(promotion.contains("\"promoted\" : false")
                && promotion.contains("\"latest\" : \"20261127T101500Z-2\""), promotion);
        assertTrue(Files.readString(tmp.resolve("models").resolve(v1.version()).resolve("checksums.sha256"))
                .contains("  promotion.json"));
    }

    @Test
    void aDifferentDevSplitFailsTheGateWithTheKeyThatDiffers() throws IOException {
        ModelRegistry r = registry(0);
        r.commit(model(1, 2.0, "42"), Map.of(), GATE);
        ModelRegistry.Commit other = r.commit(model(2, 1.5, "7"), Map.of(), GATE);
        assertFalse(other.decision().promoted());
        assertTrue(other.decision().reason().contains("data.splitSeed 42 vs 7"), other.decision().reason());
        assertNotEquals(other.version(), latestFile());
    }

    @Test
    void retentionKeepsTheNewestAndLatestWhateverItsAge() throws IOException {
        ModelRegistry r = registry(0);
        RegistryConfig keepOne = new RegistryConfig(1.0, 1);
        String v1 = r.commit(model(1, 2.0, "42"), Map.of(), keepOne).version();
        ModelRegistry.Commit v2 = r.commit(model(2, 3.0, "42"), Map.of(), keepOne);
        assertEquals(List.of(), v2.deleted()); // v2 is the newest, v1 is LATEST
        ModelRegistry.Commit v3 = r.commit(model(3, 3.0, "42"), Map.of(), keepOne);
        assertEquals(List.of(v2.version()), v3.deleted());
        assertEquals(List.of(v1, v3.version()), r.versions());
        assertEquals(v1, latestFile());
    }

    @Test
    void aHeldLockFailsNamingItsHolderAndLeavesTheRegistryAsItWas() throws IOException {
        ModelRegistry r = registry(600);
        String v1 = r.commit(model(1, 2.0, "42"), Map.of(), GATE).version();
        Files.writeString(tmp.resolve("models/LOCK"), "{\"user\": \"ann\", \"host\": \"h1\", \"pid\": 4242, "
                + "\"since\": \"2026-11-27T10:00:00Z\", \"token\": \"t\"}");
        for (Runnable attempt : List.<Runnable>of(r::checkUnlocked,
                () -> r.commit(model(2, 1.0, "42"), Map.of(), GATE))) {
            String message = assertThrows(ModelFileException.class, attempt::run).getMessage();
            assertTrue(message.contains("is locked by user ann, pid 4242 on host h1, since 2026-11-27T10:00:00Z"),
                    message);
            assertTrue(message.contains("models/LOCK and run again"), message);
        }
        assertEquals(List.of(v1, ModelRegistry.LATEST, ModelRegistry.LOCK), entries());
        assertEquals(v1, latestFile());
    }

    @Test
    void concurrentCommitsBothLandAndLeaveNoLockOrTemporaryFiles() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ModelRegistry.Commit> a =
                    pool.submit(() -> registry(60_000).commit(model(1, 2.0, "42"), Map.of(), GATE));
            Future<ModelRegistry.Commit> b =
                    pool.submit(() -> registry(60_000).commit(model(2, 2.0, "42"), Map.of(), GATE));
            List<String> names = Stream.of(a.get().version(), b.get().version()).sorted().toList();
            assertEquals(List.of("20261127T101500Z", "20261127T101500Z-2"), names);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("20261127T101500Z", "20261127T101500Z-2", ModelRegistry.LATEST), entries());
        assertTrue(registry(0).versions().contains(latestFile()));
    }

    @Test
    void aPlainModelDirectoryIsNotARegistryAndLoadsAsItself() {
        ModelStore.save(ModelStoreTest.model(1), dir(), conf);
        assertEquals(dir(), ModelRegistry.resolve(dir(), conf));
        String message = assertThrows(ModelFileException.class, () -> ModelRegistry.open(dir(), conf)).getMessage();
        assertTrue(message.contains("holds a single model"), message);
    }

    @Test
    void aLatestWithoutAFiniteDevLossIsReplacedAndNeverReplacesAFiniteOne() {
        SavedModel nan = model(1, Double.NaN, "42");
        SavedModel good = model(2, 2.9158, "42");
        PromotionGate.Decision d = PromotionGate.decide(good, "v1", nan, null, 1.0);
        assertTrue(d.promoted(), d.reason());
        assertTrue(d.reason().contains("a finite one replaces it"), d.reason());
        assertFalse(PromotionGate.decide(nan, "v1", good, null, 1.0).promoted(), "a NaN never replaces a finite one");
    }

    @Test
    void aModelWithNonFiniteParametersIsNeverBuilt() {
        SavedModel good = model(1, 2.0, "42");
        float[] params = good.params().clone();
        params[3] = Float.POSITIVE_INFINITY;
        String message = assertThrows(IllegalArgumentException.class, () -> new SavedModel(good.model(),
                good.vocabulary(), good.languages(), good.config(), good.metrics(), params)).getMessage();
        assertTrue(message.contains("1 NaN, infinite or larger than"), message);
    }

    @Test
    void aRegistryWithoutAUsableLatestIsRefusedNamingLatest() throws Exception {
        String v1 = registry(0).commit(model(1, 2.0, "42"), Map.of(), GATE).version();
        Path latest = tmp.resolve("models/LATEST");
        Files.delete(latest);
        String message = assertThrows(ModelFileException.class, () -> ModelStore.load(dir(), conf)).getMessage();
        assertEquals(dir() + " is a model registry with versions but no LATEST file, so no version is current; load "
                + "a version directly (the newest is " + tmp.resolve("models").resolve(v1) + ") or write a version's "
                + "name into " + latest, message);
        for (String content : List.of("..", ".", "", "a/b")) {
            Files.writeString(latest, content + "\n");
            message = assertThrows(ModelFileException.class, () -> ModelStore.load(dir(), conf)).getMessage();
            assertEquals("LATEST in " + dir() + " must hold one version's name, got '" + content + "'", message);
        }
        Files.writeString(latest, "20991231T235959Z\n");
        message = assertThrows(ModelFileException.class, () -> ModelStore.load(dir(), conf)).getMessage();
        assertTrue(message.contains("(named by LATEST in " + dir() + "): the directory does not exist"), message);
        Files.delete(latest);
        PlainFilesTest.mkfifo(latest);
        message = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(ModelFileException.class, () -> ModelStore.load(dir(), conf)).getMessage());
        assertEquals("LATEST in " + dir() + " is not a regular file: it is a FIFO (named pipe); it was not opened",
                message);
    }
}
