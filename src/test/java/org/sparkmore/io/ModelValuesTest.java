package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files whose checksums match but whose values are not a model: each is refused, naming the file. */
class ModelValuesTest {
    @TempDir Path tmp;

    private Path saved() {
        Path dir = tmp.resolve("model");
        ModelStore.save(ModelStoreTest.model(1), dir.toString(), new Configuration());
        return dir;
    }

    /** Loads after the edit and the re-signing; returns the refusal's message. */
    private String refused(Path dir) throws IOException {
        ModelStoreTest.resign(dir);
        return assertThrows(ModelFileException.class, () -> ModelStore.load(dir.toString(), new Configuration()))
                .getMessage();
    }

    private void editJson(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(dir.resolve(ModelStore.MODEL_JSON).toFile());
        edit.accept(root);
        json.writeValue(dir.resolve(ModelStore.MODEL_JSON).toFile(), root);
    }

    @Test
    void aNonFiniteParameterIsRefused() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Path dir = saved();
            byte[] npy = Files.readAllBytes(dir.resolve(ModelStore.PARAMS));
            ByteBuffer.wrap(npy, npy.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(bad);
            Files.write(dir.resolve(ModelStore.PARAMS), npy);
            String message = refused(dir);
            assertTrue(message.contains("params.npy in " + dir) && message.contains("1 NaN or infinite"), message);
        }
    }

    @Test
    void aParameterTooLargeForFloat32ArithmeticIsRefused() throws IOException {
        Path dir = saved();
        byte[] npy = Files.readAllBytes(dir.resolve(ModelStore.PARAMS));
        ByteBuffer.wrap(npy, npy.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).putFloat(3e38f);
        Files.write(dir.resolve(ModelStore.PARAMS), npy);
        String message = refused(dir);
        assertTrue(message.startsWith("params.npy in " + dir + " holds 1 parameters of magnitude above 1.0E9 (the "
                + "first, 3.0E38, at index 123)"), message);
    }

    @Test
    void aDuplicateKeyOrTrailingDataIsRefused() throws IOException {
        Path dir = saved();
        String text = Files.readString(dir.resolve(ModelStore.MODEL_JSON));
        Files.writeString(dir.resolve(ModelStore.MODEL_JSON), text.replaceFirst("\\{", "{\"formatVersion\" : 1,"));
        String message = refused(dir);
        assertTrue(message.contains("model.json in " + dir) && message.contains("formatVersion"), message);
        Files.writeString(dir.resolve(ModelStore.MODEL_JSON), text + "\ngarbage", StandardCharsets.UTF_8);
        message = refused(dir);
        assertTrue(message.contains("model.json in " + dir), message);
    }

    @Test
    void aSymbolThatIsNoPrintableCharacterIsRefused() throws IOException {
        // Each replaces a symbol where the list stays ascending, so only the value itself is wrong
        int[][] cases = {{0, 0}, {0, 10}, {1, 0xD800}, {1, 0x202E}, {3, 0x110000}};
        for (int[] c : cases) {
            Path dir = saved();
            editJson(dir, root -> ((ArrayNode) root.path("vocabulary").path("codePoints")).set(c[0],
                    root.numberNode(c[1])));
            String message = refused(dir);
            assertTrue(message.contains("model.json in " + dir) && message.contains("not a printable character"),
                    Integer.toHexString(c[1]) + ": " + message);
        }
    }

    @Test
    void anEmptyLanguageCodeIsRefused() throws IOException {
        Path dir = saved();
        editJson(dir, root -> {
            ObjectNode languages = root.putObject("languages");
            languages.putArray("codes").add("");
            languages.putArray("names").add(3);
        });
        String message = refused(dir);
        assertTrue(message.contains("model.json in " + dir), message);
    }

    /** Sets the languages section, making the model plain again so that only the section itself is wrong. */
    private static void languages(ObjectNode root, List<String> codes, List<Long> names) {
        ObjectNode languages = root.putObject("languages");
        codes.forEach(languages.putArray("codes")::add);
        names.forEach(languages.putArray("names")::add);
    }

    @Test
    void languageCountsASamplerCannotDrawFromAreRefused() throws IOException {
        Object[][] cases = {
                {List.of("de", "en"), List.of(0L, 0L), "2 languages with no training names in all"},
                {List.of("de", "en"), List.of(3L, -1L), "gives language 'en' a negative count of training names: -1"},
                {List.of("de", "en"), List.of(Long.MAX_VALUE, 1L), "more training names in all than a count can hold"},
                {List.of("de", "en"), List.of(3L), "2 codes but 1 counts"},
                {List.of("en", "en"), List.of(3L, 3L), "distinct and ascending"}};
        for (Object[] c : cases) {
            Path dir = saved();
            @SuppressWarnings("unchecked") List<String> codes = (List<String>) c[0];
            @SuppressWarnings("unchecked") List<Long> names = (List<Long>) c[1];
            editJson(dir, root -> languages(root, codes, names));
            String message = refused(dir);
            assertTrue(message.startsWith("model.json in " + dir) && message.contains((String) c[2]), message);
        }
        Path dir = saved();
        editJson(dir, root -> languages(root, List.of("de", "en"), List.of(0L, 5L)));
        assertNull(refusedOrNull(dir), "a language seen only in dev or test has a count of 0");
    }

    @Test
    void aShapeWhoseParameterCountOverflowsIsRefused() throws IOException {
        for (int[] dims : new int[][] {{1 << 20, 1 << 20}, {Integer.MAX_VALUE, Integer.MAX_VALUE}, {3, 1 << 29}}) {
            Path dir = saved();
            editJson(dir, root -> {
                ObjectNode model = (ObjectNode) root.path("model");
                model.put("blockSize", dims[0]);
                model.put("embeddingDim", dims[1]);
            });
            String message = refused(dir);
            assertTrue(message.startsWith("model.json in " + dir + " has a model shape of more than "), message);
        }
    }

    /** Null when the edited model loads, else the refusal's message. */
    private String refusedOrNull(Path dir) throws IOException {
        ModelStoreTest.resign(dir);
        try {
            ModelStore.load(dir.toString(), new Configuration());
            return null;
        } catch (ModelFileException e) {
            return e.getMessage();
        }
    }
}
