package org.sparkmore.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One way to corrupt a saved model directory (or a registry), for {@link ModelLoaderFuzzTest}: what it does, which
 * files the loader's refusal may name, and the edit itself. The byte-level and file-kind corruptions are made here;
 * the edits of model.json's and params.npy's contents are in {@link ContentCorruptions}.
 *
 * @param description what was done, to tell a failing case apart
 * @param names       the loader's refusal must name at least one of these files
 * @param registry    whether the edit applies to a registry (loaded through its LATEST) instead of a model directory
 * @param edit        the corruption, applied to a fresh copy of the saved directory
 */
record Corruption(String description, List<String> names, boolean registry, Edit edit) {

    static final List<String> FILES = List.of(ModelStore.MODEL_JSON, ModelStore.PARAMS, ModelStore.CHECKSUMS);

    /** Changes a copy of a saved directory. */
    interface Edit {
        void apply(Path dir) throws Exception;
    }

    static Corruption of(String description, String name, Edit edit) {
        return new Corruption(description, List.of(name), false, edit);
    }

    /** The corruptions of bytes and of file kinds, drawn from {@code rng}. */
    static List<Corruption> all(Random rng) {
        List<Corruption> cases = new ArrayList<>();
        for (String file : FILES) {
            for (int i = 0; i < 15; i++)
                cases.add(flip(file, rng.nextLong(), rng.nextInt(8), Integer.MAX_VALUE, false));
            for (int i = 0; i < 5; i++) cases.add(truncate(file, rng.nextLong(), false));
            for (int i = 0; i < 5; i++) cases.add(extend(file, rng.nextLong(), false));
            cases.addAll(replacements(file));
        }
        for (String file : List.of(ModelStore.MODEL_JSON, ModelStore.PARAMS))
            for (int i = 0; i < 5; i++) {
                cases.add(truncate(file, rng.nextLong(), true));
                cases.add(extend(file, rng.nextLong(), true));
            }
        // Any bit of params.npy's header, re-signed so that the header itself is judged, not the checksum
        for (int i = 0; i < 20; i++) cases.add(flip(ModelStore.PARAMS, rng.nextLong(), rng.nextInt(8), 128, true));
        cases.addAll(checksumEdits());
        cases.addAll(latestCorruptions());
        return cases;
    }

    /**
     * One bit flipped at a position drawn from the seed among the first {@code within} bytes. In
     * checksums.sha256 a flip that only changes a hex letter's case is moved to another bit: sha256sum's hex is
     * case-insensitive, so that is no corruption.
     */
    static Corruption flip(String file, long seed, int bit, int within, boolean resign) {
        return new Corruption("bit " + bit + " flipped (seed " + seed + ")" + (resign ? ", re-signed" : ""),
                List.of(file), false, dir -> {
            byte[] bytes = Files.readAllBytes(dir.resolve(file));
            int at = new Random(seed).nextInt(Math.min(within, bytes.length));
            int b = bit;
            char before = (char) bytes[at];
            while (file.equals(ModelStore.CHECKSUMS) && Character.isLetter(before)
                    && Character.toLowerCase((char) (before ^ (1 << b))) == Character.toLowerCase(before))
                b = (b + 1) % 8;
            bytes[at] ^= (byte) (1 << b);
            write(dir, file, bytes, resign);
        });
    }

    /** Cut at a length drawn from the seed, at least two bytes short: one would only drop the final newline. */
    static Corruption truncate(String file, long seed, boolean resign) {
        return new Corruption("truncated (seed " + seed + ")" + (resign ? ", re-signed" : ""), List.of(file), false,
                dir -> {
            byte[] bytes = Files.readAllBytes(dir.resolve(file));
            write(dir, file, java.util.Arrays.copyOf(bytes, new Random(seed).nextInt(bytes.length - 1)), resign);
        });
    }

    /** Random bytes appended, the first a letter: trailing whitespace alone would change no file's meaning. */
    static Corruption extend(String file, long seed, boolean resign) {
        return new Corruption("extended (seed " + seed + ")" + (resign ? ", re-signed" : ""), List.of(file), false,
                dir -> {
            Random r = new Random(seed);
            byte[] tail = new byte[1 + r.nextInt(200)];
            r.nextBytes(tail);
            tail[0] = (byte) ('a' + r.nextInt(26));
            byte[] bytes = Files.readAllBytes(dir.resolve(file));
            byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + tail.length);
            System.arraycopy(tail, 0, longer, bytes.length, tail.length);
            write(dir, file, longer, resign);
        });
    }

    static void write(Path dir, String file, byte[] bytes, boolean resign) throws Exception {
        Files.write(dir.resolve(file), bytes);
        if (resign) ModelStoreTest.resign(dir);
    }

    /** The file replaced by what is not a regular file of the model: each must be refused without blocking. */
    static List<Corruption> replacements(String file) {
        return List.of(
                of(file + " replaced by a FIFO", file, dir -> replace(dir, file, PlainFilesTest::mkfifo)),
                of(file + " linked to /dev/zero", file, dir -> link(dir, file, Path.of("/dev/zero"))),
                of(file + " linked to /dev/urandom", file, dir -> link(dir, file, Path.of("/dev/urandom"))),
                of(file + " replaced by a directory", file, dir -> replace(dir, file, Files::createDirectory)),
                of(file + " emptied", file, dir -> Files.write(dir.resolve(file), new byte[0])),
                of(file + " missing", file, dir -> Files.delete(dir.resolve(file))),
                of(file + " linked to a missing file", file, dir -> link(dir, file, dir.resolve("nowhere"))),
                of(file + " linked to itself", file, dir -> link(dir, file, dir.resolve(file))));
    }

    private interface Maker {
        void make(Path file) throws Exception;
    }

    private static void replace(Path dir, String file, Maker maker) throws Exception {
        Files.delete(dir.resolve(file));
        maker.make(dir.resolve(file));
    }

    private static void link(Path dir, String file, Path target) throws Exception {
        replace(dir, file, p -> Files.createSymbolicLink(p, target));
    }

    /** Edits of the checksum list's lines that keep every digest right, or repeat one. */
    private static List<Corruption> checksumEdits() {
        String sums = ModelStore.CHECKSUMS;
        return List.of(
                of("model.json listed twice, the first digest wrong", sums, dir -> {
                    String text = Files.readString(dir.resolve(sums));
                    Files.writeString(dir.resolve(sums), "0".repeat(64) + "  model.json\n" + text);
                }),
                of("model.json listed twice, both right", sums, dir -> {
                    String text = Files.readString(dir.resolve(sums));
                    Files.writeString(dir.resolve(sums), text + text.lines().findFirst().orElseThrow() + "\n");
                }),
                of("params.npy's line removed", sums, dir -> {
                    String text = Files.readString(dir.resolve(sums));
                    Files.writeString(dir.resolve(sums), text.lines().findFirst().orElseThrow() + "\n");
                }),
                of("a line for a file with an empty name", sums, dir -> Files.writeString(dir.resolve(sums),
                        Files.readString(dir.resolve(sums)) + "0".repeat(64) + "  \n")));
    }

    /** LATEST of a registry made unusable: the refusal must name LATEST. */
    private static List<Corruption> latestCorruptions() {
        String latest = ModelRegistry.LATEST;
        List<Corruption> cases = new ArrayList<>();
        for (String content : List.of("..", ".", "", "a/b", "x".repeat(2000), "\0\u00ff", "20991231T235959Z"))
            cases.add(new Corruption("LATEST holds '" + content.substring(0, Math.min(20, content.length())) + "'",
                    List.of(latest), true, dir -> Files.writeString(dir.resolve(latest), content + "\n")));
        cases.add(new Corruption("LATEST missing", List.of(latest), true, dir -> Files.delete(dir.resolve(latest))));
        for (Corruption c : replacements(latest).subList(0, 4))
            cases.add(new Corruption(c.description(), c.names(), true, c.edit()));
        return cases;
    }
}
