package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
