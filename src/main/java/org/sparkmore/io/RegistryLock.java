package org.sparkmore.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A registry's lock file, held by one run while it commits: created only if absent, in one exclusive step, holding
 * who took it (user, host, pid, time and a random token), and deleted on close if it still holds that token, so a
 * run never deletes a lock that someone else has since taken.
 */
final class RegistryLock implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Between two tries of a taken lock. */
    private static final long POLL_MS = 500;

    private final FileSystem fs;
    private final Path path;
    private final String token;

    private RegistryLock(FileSystem fs, Path path, String token) {
        this.fs = fs;
        this.path = path;
        this.token = token;
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
        while (!create(fs, path, content)) {
            if (System.currentTimeMillis() >= deadline) throw taken.get();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + path, e);
            }
        }
        return new RegistryLock(fs, path, token);
    }

    /** The holder as words for an error message, e.g. "user ann, pid 4242 on host h1, since 2026-...Z". */
    static String holder(FileSystem fs, Path path) {
        try (InputStream in = fs.open(path)) {
            JsonNode h = JSON.readTree(in);
            return "user " + h.path("user").asText("?") + ", pid " + h.path("pid").asText("?") + " on host "
                    + h.path("host").asText("?") + ", since " + h.path("since").asText("?") + " (" + path + ")";
        } catch (IOException | RuntimeException e) {
            // Being written this very moment, or written by hand: the path still tells the user where to look
            return "an unknown holder (" + path + " is unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        try (InputStream in = fs.open(path)) {
            if (!token.equals(JSON.readTree(in).path("token").asText())) return;
        } catch (java.io.FileNotFoundException e) {
            return; // someone deleted it by hand: nothing is left to release
        }
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
        h.put("since", Instant.now().toString());
        h.put("token", token);
        return h;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
