package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The loader opens only regular files of a sane length: a FIFO would block it, a device would feed it without end.
 * Each case uses a real FIFO (mkfifo), a real device (/dev/zero, /dev/urandom) or a real oversized file.
 */
class PlainFilesTest {
    @TempDir Path tmp;
    final Configuration conf = new Configuration();

    private Path saved() {
        return saved("model");
    }

    private Path saved(String name) {
        Path dir = tmp.resolve(name);
        ModelStore.save(ModelStoreTest.model(1), dir.toString(), conf);
        return dir;
    }

    /** The refusal of loading {@code dir}, which must come within seconds, not block. */
    private String refusal(Path dir) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ModelFileException.class,
                () -> ModelStore.load(dir.toString(), conf)).getMessage());
    }

    static void mkfifo(Path file) throws Exception {
        ExternalTools.assumeCommand("mkfifo", "--version");
        assertEquals(0, ExternalTools.run(file.getParent(), "mkfifo", file.toString()).exitCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "params.npy", "checksums.sha256"})
    void aFifoIsRefusedWithoutOpeningIt(String name) throws Exception {
        Path dir = saved();
        Files.delete(dir.resolve(name));
        mkfifo(dir.resolve(name));
        assertEquals(name + " in " + dir + " is not a regular file: it is a FIFO (named pipe); it was not opened",
                refusal(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "params.npy", "checksums.sha256"})
    void aLinkToADeviceIsRefused(String name) throws IOException {
        for (String device : new String[] {"/dev/zero", "/dev/urandom"}) {
            Path dir = saved(device.substring("/dev/".length()));
            Files.delete(dir.resolve(name));
            Files.createSymbolicLink(dir.resolve(name), Path.of(device));
            assertEquals(name + " in " + dir + " is not a regular file: it is a character device (through a symbolic "
                    + "link to " + device + "); it was not opened", refusal(dir));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "params.npy", "checksums.sha256"})
    void aDirectoryIsRefused(String name) throws IOException {
        Path dir = saved();
        Files.delete(dir.resolve(name));
        Files.createDirectory(dir.resolve(name));
        assertEquals(name + " in " + dir + " is not a regular file: it is a directory; it was not opened",
                refusal(dir));
    }

    @Test
    void aLinkToARegularFileIsFollowed() throws IOException {
        Path dir = saved();
        Path elsewhere = tmp.resolve("params-elsewhere.npy");
        Files.move(dir.resolve(ModelStore.PARAMS), elsewhere);
        Files.createSymbolicLink(dir.resolve(ModelStore.PARAMS), elsewhere);
        assertArrayEquals(ModelStoreTest.model(1).params(), ModelStore.load(dir.toString(), conf).params());
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "checksums.sha256"})
    void anOversizedFileIsRefusedBeforeItIsRead(String name) throws IOException {
        Path dir = saved();
        // A sparse file: its length is what counts, and the test writes no gigabytes
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(name).toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        String message = refusal(dir);
        assertTrue(message.startsWith(name + " in " + dir + " is " + (3L << 30) + " bytes, more than the "), message);
        assertTrue(message.endsWith("such a file can hold; it was not read"), message);
    }

    @Test
    void aHugeParamsFileIsRefusedBeforeItIsRead() throws IOException {
        Path dir = saved();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(ModelStore.PARAMS).toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        assertEquals("params.npy in " + dir + " is " + (3L << 30) + " bytes but the model in model.json needs 628 "
                + "(128 of header and 125 float32 parameters); it was not read", refusal(dir));
    }

    @Test
    void paramsThatNumpyWroteLoad() throws Exception {
        ExternalTools.assumeCommand("python3", "-c", "import numpy");
        Path dir = saved();
        Path npy = dir.resolve(ModelStore.PARAMS);
        float[] params = ModelStoreTest.model(1).params();
        Files.copy(npy, tmp.resolve("ours.npy"));
        ExternalTools.Result r = ExternalTools.run(tmp, "python3", "-c", "import numpy, sys\n"
                + "numpy.save(sys.argv[2], numpy.load(sys.argv[1]))", "ours.npy", npy.toString());
        assertEquals(0, r.exitCode(), r.output());
        ModelStoreTest.resign(dir);
        assertArrayEquals(params, ModelStore.load(dir.toString(), conf).params());
    }
}
