package org.sparkmore.io;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A registry's lock file, held by one run while it commits: created only if absent, in one exclusive step, holding
 * who took it (user, host, pid, time and a random token), and deleted on close if it still holds that token, so a
 * run never deletes a lock that someone else has since taken.
 *
 * <p>A lock is stale when it names this host and this PID namespace (containers that share a host name, such as
 * pods with hostNetwork, each have their own) and a process that no longer exists: its run crashed inside a commit.
 * A stale lock is taken over, and {@link #warning} says so: it is first renamed to a unique name, which only one
 * run can do, and deleted only if the renamed file still holds the dead run's content (else it is put back), and
 * the new lock is created exclusively, so of two runs that find the same stale lock one wins and the other waits.
 * A lock from another host or namespace cannot be judged from here, and one whose process is alive is held: both
 * are waited for, then reported with their holder.
 */
final class RegistryLock implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Between two tries of a taken lock. */
    private static final long POLL_MS = 500;
    /** A lock file holds a few short fields; anything longer is not one. */
    private static final long MAX_BYTES = 64 << 10;
    /** Pids name processes only within one PID namespace: a lock from another is never judged stale. */
    private static final String PID_NAMESPACE = pidNamespace();

    private final FileSystem fs;
    private final Path path;
    private final String token;
    private final String warning;

    private RegistryLock(FileSystem fs, Path path, String token, String warning) {
        this.fs = fs;
        this.path = path;
        this.token = token;
        this.warning = warning;
    }

    /**
     * Takes the lock, trying again until {@code waitMs} have passed.
     *
     * @param taken the error to throw when the lock stays taken
     */
    static RegistryLock take(FileSystem fs, Path path, long waitMs, Supplier<RuntimeException> taken)
            throws IOException {
        String token = UUID.randomUUID().toString();
        byte[] content = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(holder(token));
        fs.mkdirs(path.getParent());
        long deadline = System.currentTimeMillis() + waitMs;
        String warning = null;
        while (!create(fs, path, content)) {
            String stale = takeOverIfStale(fs, path);
            if (stale != null) {
                warning = "took over the stale lock of " + stale + ": that process no longer exists, so its run "
                        + "crashed while committing";
                continue;
            }
            if (System.currentTimeMillis() >= deadline) throw taken.get();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + path, e);
            }
        }
        return new RegistryLock(fs, path, token, warning);
    }

    /** What to tell the user about taking the lock (a stale lock taken over), or null when there is nothing. */
    String warning() {
        return warning;
    }

    /**
     * The holder of a stale lock, which this call has deleted; null when the lock is held, or gone, or not this
     * host's to judge.
     */
    private static String takeOverIfStale(FileSystem fs, Path path) throws IOException {
        byte[] seen = content(fs, path);
        if (seen == null || !stale(seen)) return null;
        String holder = holder(fs, path);
        // Moved aside first, which only one run can do; deleted only if it is still what was judged stale: another
        // run may have taken the stale lock over and created its own in the meantime, which goes back in place
        Path aside = new Path(path.getParent(), path.getName() + ".stale-" + UUID.randomUUID());
        if (!renameIfAbsent(fs, path, aside)) return null;
        if (!Arrays.equals(seen, content(fs, aside))) {
            renameIfAbsent(fs, aside, path);
            return null;
        }
        fs.delete(aside, false);
        return holder;
    }

    /** Renames, failing rather than replacing when the target exists (a local rename would replace a file). */
    private static boolean renameIfAbsent(FileSystem fs, Path from, Path to) {
        try {
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(from, to, Options.Rename.NONE);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the lock file is stale: written on this host by a process that no longer exists. */
    static boolean stale(FileSystem fs, Path path) {
        byte[] content = content(fs, path);
        return content != null && stale(content);
    }

    private static boolean stale(byte[] content) {
        try {
            JsonNode h = JSON.readTree(content);
            JsonNode pid = h == null ? null : h.get("pid");
            return pid != null && pid.isIntegralNumber() && pid.canConvertToLong() && pid.longValue() > 0
                    && hostName().equals(h.path("host").asText(null))
                    && !PID_NAMESPACE.isEmpty() && PID_NAMESPACE.equals(h.path("pidNamespace").asText(null))
                    && ProcessHandle.of(pid.longValue()).isEmpty();
        } catch (IOException e) {
            return false; // being written this very moment, or written by hand: not judged stale
        }
    }

    /** The lock file's bytes, or null when it is gone or not a readable regular file of a lock's size. */
    private static byte[] content(FileSystem fs, Path path) {
        try {
            return PlainFiles.read(fs, path, path.getParent().toString(), MAX_BYTES);
        } catch (IOException | ModelFileException e) {
            return null;
        }
    }

    /** The holder as words for an error message, e.g. "user ann, pid 4242 on host h1, since 2026-...Z". */
    static String holder(FileSystem fs, Path path) {
        try {
            JsonNode h = JSON.readTree(PlainFiles.read(fs, path, path.getParent().toString(), MAX_BYTES));
            return "user " + h.path("user").asText("?") + ", pid " + h.path("pid").asText("?") + " on host "
                    + h.path("host").asText("?") + ", since " + h.path("since").asText("?") + " (" + path + ")";
        } catch (IOException | RuntimeException e) {
            // Being written this very moment, or written by hand: the path still tells the user where to look
            return "an unknown holder (" + path + " is unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        byte[] content = content(fs, path);
        // Gone (deleted by hand) or no longer ours: nothing of ours is left to release
        if (content == null || !token.equals(JSON.readTree(content).path("token").asText())) return;
        fs.delete(path, false);
    }

    /** Creates the file only if absent, atomically where the file system allows; false when it exists. */
    private static boolean create(FileSystem fs, Path path, byte[] content) throws IOException {
        if (fs instanceof RawLocalFileSystem local) {
            // Hadoop's local create(overwrite=false) checks, then opens: two steps. The OS's O_EXCL is one
            try {
                Files.write(local.pathToFile(path).toPath(), content, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return true;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                return false;
            }
        }
        // HDFS creates with overwrite=false in one NameNode call, which fails when the file exists
        try (OutputStream out = fs.create(path, false)) {
            out.write(content);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static Map<String, Object> holder(String token) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("user", System.getProperty("user.name"));
        h.put("host", hostName());
        h.put("pid", ProcessHandle.current().pid());
        h.put("pidNamespace", PID_NAMESPACE);
        h.put("since", Instant.now().toString());
        h.put("token", token);
        return h;
    }

    /** This process's PID namespace, e.g. "pid:[4026531836]"; empty where the OS does not say (not Linux). */
    private static String pidNamespace() {
        try {
            return Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
