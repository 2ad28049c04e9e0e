package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry cleans up after crashed commits: their temporary entries, their stale lock; and a version's
 * promotion.json says promoted only once LATEST names it, whatever fails in between.
 */
class RegistryHygieneTest {
    static final RegistryConfig GATE = ModelRegistryTest.GATE;

    @TempDir Path tmp;
    final Configuration conf = new Configuration();

    private Path root() {
        return tmp.resolve("models");
    }

    private ModelRegistry registry(String dir, long lockWaitMs) throws IOException {
        return new ModelRegistry(dir, conf, ModelRegistryTest.SAME_SECOND, lockWaitMs);
    }

    private ModelRegistry.Commit commit(long seed, double devLoss) throws IOException {
        return registry(root().toString(), 0).commit(ModelRegistryTest.model(seed, devLoss, "42"), Map.of(), GATE);
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(root())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void writeLock(String host, long pid) throws IOException {
        writeLock(host, pid, thisNamespace());
    }

    private void writeLock(String host, long pid, String namespace) throws IOException {
        Files.writeString(root().resolve(ModelRegistry.LOCK), "{\"user\": \"ann\", \"host\": \"" + host
                + "\", \"pid\": " + pid + ", \"pidNamespace\": \"" + namespace
                + "\", \"since\": \"2026-11-27T10:00:00Z\", \"token\": \"t\"}");
    }

    private static String thisNamespace() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    }

    private static String thisHost() throws IOException {
        return InetAddress.getLocalHost().getHostName();
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void theLeftoversOfCrashedCommitsAreDeletedAndReportedAndNothingElse() throws Exception {
        String v1 = commit(1, 2.0).version();
        String tmpVersion = "20261127T101500Z-2.tmp-" + UUID.randomUUID();
        String oldVersion = v1 + ".old-" + UUID.randomUUID();
        String latestTmp = "LATEST.tmp-" + UUID.randomUUID();
        List<String> kept = List.of("20261127T101459Z.old-" + UUID.randomUUID(), // its version is gone: the only copy
                v1 + ".tmp-not-a-uuid", "names.tmp-" + UUID.randomUUID(), "notes.txt");
        for (String dir : List.of(tmpVersion, oldVersion, kept.get(0), kept.get(1), kept.get(2))) {
            Files.createDirectories(root().resolve(dir));
            Files.writeString(root().resolve(dir).resolve("model.json"), "{}");
        }
        Files.writeString(root().resolve(latestTmp), v1);
        Files.writeString(root().resolve("notes.txt"), "mine");

        // Under someone else's live lock nothing is deleted: the commit fails first
        writeLock("elsewhere", 4242);
        assertThrows(ModelFileException.class, () -> commit(2, 1.9));
        assertTrue(entries().containsAll(List.of(tmpVersion, oldVersion, latestTmp)), entries().toString());
        Files.delete(root().resolve(ModelRegistry.LOCK));

        ModelRegistry.Commit c = commit(2, 1.9);
        assertEquals(List.of(oldVersion, tmpVersion, latestTmp).stream().sorted().toList(), c.cleaned());
        List<String> expected = new java.util.ArrayList<>(kept);
        expected.addAll(List.of(v1, c.version(), ModelRegistry.LATEST));
        assertEquals(expected.stream().sorted().toList(), entries());
        assertEquals(List.of(), commit(3, 1.8).cleaned());
    }

    @Test
    void aStaleLockOfThisHostIsTakenOverWithAWarning() throws Exception {
        String v1 = commit(1, 2.0).version();
        long dead = deadPid();
        writeLock(thisHost(), dead);
        ModelRegistry r = registry(root().toString(), 600);
        r.checkUnlocked(); // a run about to train is not stopped by a stale lock
        ModelRegistry.Commit c = r.commit(ModelRegistryTest.model(2, 1.9, "42"), Map.of(), GATE);
        assertEquals(1, c.warnings().size());
        assertTrue(c.warnings().get(0).startsWith("took over the stale lock of user ann, pid " + dead + " on host "
                + thisHost()), c.warnings().get(0));
        assertEquals(List.of(v1, c.version(), ModelRegistry.LATEST), entries());
        assertEquals(List.of(), commit(3, 1.8).warnings());
    }

    @Test
    void aLiveOrForeignLockIsWaitedForThenReportedWithItsHolder() throws Exception {
        commit(1, 2.0);
        long dead = deadPid();
        // Alive here; dead but another host's; dead but in another PID namespace (a container sharing the host name)
        for (Object[] lock : new Object[][] {{thisHost(), ProcessHandle.current().pid(), thisNamespace()},
                {"elsewhere", dead, thisNamespace()}, {thisHost(), dead, "pid:[1]"}}) {
            writeLock((String) lock[0], (Long) lock[1], (String) lock[2]);
            ModelRegistry r = registry(root().toString(), 600);
            for (Runnable attempt : List.<Runnable>of(r::checkUnlocked,
                    () -> r.commit(ModelRegistryTest.model(2, 1.9, "42"), Map.of(), GATE))) {
                String message = assertThrows(ModelFileException.class, attempt::run).getMessage();
                assertTrue(message.contains("is locked by user ann, pid " + lock[1] + " on host " + lock[0]), message);
            }
            assertTrue(Files.exists(root().resolve(ModelRegistry.LOCK)));
        }
    }

    /** The local file system as faulty:, failing every rename onto LATEST, as a crash just before it would. */
    public static class FailingLatestFileSystem extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("faulty:///");
        }

        @Override
        public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) throws IOException {
            if (dst.getName().equals(ModelRegistry.LATEST)) throw new IOException("no rename onto LATEST today");
            return super.rename(src, dst);
        }
    }

    private String promotion(String version) throws IOException {
        return Files.readString(root().resolve(version).resolve(ModelRegistry.PROMOTION));
    }

    @Test
    void promotionIsRecordedOnlyOnceLatestHasMoved() throws Exception {
        String v1 = commit(1, 2.0).version();
        conf.set("fs.faulty.impl", FailingLatestFileSystem.class.getName());
        conf.setBoolean("fs.faulty.impl.disable.cache", true);
        ModelRegistry faulty = registry("faulty://" + root(), 0);
        String message = assertThrows(ModelFileException.class,
                () -> faulty.commit(ModelRegistryTest.model(2, 1.9, "42"), Map.of(), GATE)).getMessage();
        assertTrue(message.contains("no rename onto LATEST today"), message);
        assertEquals(v1, Files.readString(root().resolve(ModelRegistry.LATEST)).strip());
        String v2 = registry(root().toString(), 0).versions().get(1);
        assertTrue(promotion(v2).contains("\"promoted\" : false"), promotion(v2));
        assertTrue(promotion(v2).contains("passed the gate (dev loss 1.9000 <= 2.0200"), promotion(v2));
        assertTrue(promotion(v1).contains("\"promoted\" : true"), promotion(v1));
        ModelStore.load(root().resolve(v2).toString(), conf); // the unpromoted version is whole and verifies
        ModelReader.readVerified(root().resolve(v2).toString(), ModelRegistry.PROMOTION, 1 << 16, conf);

        String v3 = commit(3, 1.8).version();
        assertEquals(v3, Files.readString(root().resolve(ModelRegistry.LATEST)).strip());
        assertTrue(promotion(v3).contains("\"promoted\" : true"), promotion(v3));
        ModelReader.readVerified(root().resolve(v3).toString(), ModelRegistry.PROMOTION, 1 << 16, conf);
        ExternalTools.assumeCommand("sha256sum", "--version");
        assertEquals(0, ExternalTools.run(root().resolve(v3), "sha256sum", "-c", "checksums.sha256").exitCode());
        assertFalse(entries().stream().anyMatch(e -> e.contains(".tmp-")), entries().toString());
    }
}
