package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;

class ModelStoreTest {

    /** 'a', 'é', Gothic ahsa (U+10330) and mathematical bold script A (U+1D4D0), plus boundary and unknown. */
    static final Vocabulary VOCAB = new Vocabulary(List.of(0x61, 0xE9, 0x10330, 0x1D4D0), true);
    /** 6*4 embedding + (12*5 + 5) hidden + (5*6 + 6) output = 125 parameters. */
    static final ModelConfig SHAPE = new ModelConfig(6, 3, 4, List.of(5), Activation.TANH);
    static final int PARAM_COUNT = 125;

    @TempDir
    Path tmp;
    final Configuration conf = new Configuration();

    static SavedModel model(long seed) {
        Random r = new Random(seed);
        float[] params = new float[PARAM_COUNT];
        for (int i = 0; i < params.length; i++) params[i] = (float) r.nextGaussian();
        params[0] = -0.0f;
        params[1] = Float.MIN_VALUE;
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", Map.of("input", "names.txt", "lowercase", true, "maxLength", 50));
        config.put("optim", Map.of("lr", 0.1, "schedule", List.of(100000, 0.01)));
        config.put("seed", 7);
        config.put("note", "Ωmega 𐌰");
        return new SavedModel(SHAPE, VOCAB, Languages.NONE, config, Map.of("dev", 2.17, "train", 2.13), params);
    }

    private String dir() {
        return tmp.resolve("model").toString();
    }

    private static void assertSame(SavedModel expected, SavedModel actual) {
        assertEquals(expected.model(), actual.model());
        assertEquals(expected.vocabulary(), actual.vocabulary());
        assertEquals(expected.config(), actual.config());
        assertEquals(expected.metrics(), actual.metrics());
        assertEquals(expected.params().length, actual.params().length);
        for (int i = 0; i < expected.params().length; i++)
            assertEquals(Float.floatToRawIntBits(expected.params()[i]), Float.floatToRawIntBits(actual.params()[i]));
    }

    private String loadError(String dir) {
        return assertThrows(ModelFileException.class, () -> ModelStore.load(dir, conf)).getMessage();
    }

    /** Rewrites checksums.sha256 after a test edited a file, so that load gets past the checksum check. */
    static void resign(Path dir) throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String name : List.of(ModelStore.MODEL_JSON, ModelStore.PARAMS))
            digests.put(name, Checksums.hex(Checksums.sha256().digest(Files.readAllBytes(dir.resolve(name)))));
        Files.write(dir.resolve(ModelStore.CHECKSUMS), Checksums.format(digests));
    }

    @Test
    void roundTripKeepsEverything() {
        SavedModel m = model(1);
        ModelStore.save(m, dir(), conf);
        SavedModel back = ModelStore.load(dir(), conf);
        assertSame(m, back);
        assertEquals("a\u00e9\ud800\udf30\ud835\udcd0", back.vocabulary().decode(new int[] {1, 2, 3, 4}));
    }

    @Test
    void fileUrisWorkToo() {
        String uri = tmp.toUri() + "uri-model";
        assertTrue(uri.startsWith("file:"));
        ModelStore.save(model(2), uri, conf);
        assertSame(model(2), ModelStore.load(uri, conf));
        assertSame(model(2), ModelStore.load(tmp.resolve("uri-model").toString(), conf));
    }

    @Test
    void directoryHoldsExactlyThreeFilesAndPrettyJson() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        try (Stream<Path> files = Files.list(tmp.resolve("model"))) {
            assertEquals(List.of("checksums.sha256", "model.json", "params.npy"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String json = Files.readString(tmp.resolve("model/model.json"));
        assertTrue(json.contains("\"formatVersion\" : 1"), json);
        assertTrue(json.lines().count() > 10, "pretty-printed");
        for (String key : List.of("\"model\"", "\"vocabulary\"", "\"config\"", "\"metrics\"", "\"codePoints\""))
            assertTrue(json.contains(key), key);
        List<String> sums = Files.readAllLines(tmp.resolve("model/checksums.sha256"));
        assertEquals(2, sums.size());
        assertTrue(sums.get(0).matches("[0-9a-f]{64}  model\\.json"), sums.get(0));
        assertTrue(sums.get(1).matches("[0-9a-f]{64}  params\\.npy"), sums.get(1));
    }

    @Test
    void overwriteReplacesTheModelAndLeavesNoSiblings() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        ModelStore.save(model(2), dir(), conf);
        assertSame(model(2), ModelStore.load(dir(), conf));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("model"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void savesIntoAnEmptyDirectoryButNeverOverOtherData() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        ModelStore.save(model(1), tmp.resolve("empty").toString(), conf);
        assertSame(model(1), ModelStore.load(tmp.resolve("empty").toString(), conf));

        Files.createDirectories(tmp.resolve("data"));
        Files.writeString(tmp.resolve("data/names.txt"), "emma\n");
        String message = assertThrows(ModelFileException.class,
                () -> ModelStore.save(model(1), tmp.resolve("data").toString(), conf)).getMessage();
        assertTrue(message.contains("is not a model directory"), message);
        assertTrue(Files.exists(tmp.resolve("data/names.txt")));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("data", "empty"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void loadReportsAMissingDirectory() throws IOException {
        String message = loadError(dir());
        assertTrue(message.contains("no model at " + dir()) && message.contains("does not exist"), message);
        assertFalse(message.contains("interrupted"), message);

        ModelStore.save(model(1), tmp.resolve("model.old-1234").toString(), conf);
        message = loadError(dir());
        assertTrue(message.contains("interrupted save left the previous model at"), message);
        assertTrue(message.contains("model.old-1234"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "params.npy", "checksums.sha256"})
    void loadNamesAMissingFile(String name) throws IOException {
        ModelStore.save(model(1), dir(), conf);
        Files.delete(tmp.resolve("model").resolve(name));
        String message = loadError(dir());
        assertEquals("model directory " + dir() + " is missing " + name, message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.json", "params.npy"})
    void loadDetectsAChangedFile(String name) throws IOException {
        ModelStore.save(model(1), dir(), conf);
        Path file = tmp.resolve("model").resolve(name);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 1;
        Files.write(file, bytes);
        assertEquals(name + " in " + dir() + " is changed or corrupt: its SHA-256 does not match checksums.sha256",
                loadError(dir()));
    }

    @Test
    void loadRejectsAMalformedChecksumList() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        Files.writeString(tmp.resolve("model/checksums.sha256"), "not a checksum line\n");
        assertTrue(loadError(dir()).contains("checksums.sha256 in " + dir() + " line 1 is not in sha256sum format"));
    }

    @Test
    void loadRejectsABadNpy() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        Path npy = tmp.resolve("model/params.npy");
        byte[] bytes = Files.readAllBytes(npy);
        Files.write(npy, Arrays.copyOf(bytes, Npy.header(PARAM_COUNT).length + 100));
        resign(tmp.resolve("model"));
        assertEquals("params.npy in " + dir() + " is 228 bytes but the model in model.json needs 628 (128 of header "
                + "and 125 float32 parameters); it was not read", loadError(dir()));

        byte[] zip = Arrays.copyOf("PK not numpy".getBytes(StandardCharsets.US_ASCII), bytes.length);
        Files.write(npy, zip);
        resign(tmp.resolve("model"));
        assertTrue(loadError(dir()).startsWith("params.npy is not a NumPy .npy file (bad magic)"));
    }

    @Test
    void loadRejectsAnUnsupportedFormatVersion() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        Path json = tmp.resolve("model/model.json");
        Files.writeString(json, Files.readString(json).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2"));
        resign(tmp.resolve("model"));
        assertEquals("model.json in " + dir() + " has unsupported formatVersion 2; this build reads formatVersion 1",
                loadError(dir()));
    }

    @Test
    void aModelFileFromBeforeLanguageBiasesLoadsWithoutThem() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        Path json = tmp.resolve("model/model.json");
        String text = Files.readString(json);
        String old = text.replaceFirst(",\\s*\"languageBias\" : false", "");
        assertNotEquals(text, old);
        Files.writeString(json, old);
        resign(tmp.resolve("model"));
        SavedModel loaded = ModelStore.load(dir(), conf);
        assertFalse(loaded.model().languageBias());
        assertSame(model(1), loaded);
    }

    @Test
    void loadRejectsAParameterCountMismatch() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.writeFloats(new float[PARAM_COUNT - 1], out);
        Files.write(tmp.resolve("model/params.npy"), out.toByteArray());
        resign(tmp.resolve("model"));
        assertTrue(loadError(dir()).startsWith("params.npy in " + dir() + " is 624 bytes but the model in model.json "
                + "needs 628"));
    }

    @Test
    void loadRejectsAVocabularyOfTheWrongSize() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        Path json = tmp.resolve("model/model.json");
        Files.writeString(json, Files.readString(json).replace("\"hasUnknown\" : true", "\"hasUnknown\" : false"));
        resign(tmp.resolve("model"));
        assertTrue(loadError(dir()).contains("the vocabulary has 5 symbols but model.vocabSize is 6"));
    }

    @Test
    void loadRejectsAnInvalidModelShape() throws IOException {
        ModelStore.save(model(1), dir(), conf);
        Path json = tmp.resolve("model/model.json");
        Files.writeString(json, Files.readString(json).replace("\"tanh\"", "\"relu\""));
        resign(tmp.resolve("model"));
        String message = loadError(dir());
        assertTrue(message.startsWith("model.json in " + dir() + " is malformed") && message.contains("relu"), message);
    }

    @Test
    void sha256sumAcceptsTheChecksums() throws Exception {
        ModelStore.save(model(1), dir(), conf);
        Path modelDir = tmp.resolve("model");
        ExternalTools.assumeCommand("sha256sum", "--version");
        assertEquals(0, ExternalTools.run(modelDir, "sha256sum", "-c", "checksums.sha256").exitCode());
        Files.writeString(modelDir.resolve("model.json"), "{}");
        assertNotEquals(0, ExternalTools.run(modelDir, "sha256sum", "-c", "checksums.sha256").exitCode());
    }

    @Test
    void numpyReadsTheParameters() throws Exception {
        ExternalTools.assumeCommand("python3", "-c", "import numpy");
        SavedModel m = model(3);
        ModelStore.save(m, dir(), conf);
        ExternalTools.Result r = ExternalTools.run(tmp, "python3", "-c", "import numpy, sys\n"
                + "a = numpy.load(sys.argv[1])\n"
                + "print(a.dtype.str, a.shape, a.flags['C_CONTIGUOUS'])\n"
                + "print(a.tobytes().hex())", tmp.resolve("model/params.npy").toString());
        assertEquals(0, r.exitCode(), r.output());
        List<String> lines = r.output().lines().toList();
        assertEquals("<f4 (125,) True", lines.get(0));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Npy.writeFloats(m.params(), expected);
        byte[] all = expected.toByteArray();
        byte[] data = Arrays.copyOfRange(all, Npy.header(PARAM_COUNT).length, all.length);
        assertEquals(Checksums.hex(data), lines.get(1));
    }

    @Test
    void readsWhatNumpyWrites() throws Exception {
        ExternalTools.assumeCommand("python3", "-c", "import numpy");
        Path npy = tmp.resolve("numpy.npy");
        ExternalTools.Result r = ExternalTools.run(tmp, "python3", "-c", "import numpy, sys\n"
                + "numpy.save(sys.argv[1], numpy.array([1.5, -0.0, 3e-45, 7], dtype='<f4'))", npy.toString());
        assertEquals(0, r.exitCode(), r.output());
        try (var in = Files.newInputStream(npy)) {
            float[] values = Npy.readFloats(in, "numpy.npy");
            assertArrayEquals(new float[] {1.5f, -0.0f, Float.MIN_VALUE * 2, 7f}, values);
            assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(values[1]));
        }
        byte[] header = Arrays.copyOf(Files.readAllBytes(npy), 128);
        assertTrue(new String(header, StandardCharsets.ISO_8859_1).contains("'descr': '<f4'"));
    }
}
