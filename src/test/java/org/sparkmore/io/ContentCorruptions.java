package org.sparkmore.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Corruptions of what model.json and params.npy say, each re-signed so that the loader's checks of the values are
 * reached, not only its checksum check: model shapes, missing keys, wrong types, duplicate keys, trailing data, bad
 * code points and language tables in model.json; dtype, byte order, order, shape and version in params.npy's header;
 * non-finite and huge parameters. For {@link ModelLoaderFuzzTest}, on the model of {@link ModelLoaderFuzzTest#base}.
 */
final class ContentCorruptions {

    private static final String JSON_FILE = ModelStore.MODEL_JSON;
    /** Stands for a raw JSON value that a tree cannot hold (NaN) or would normalise, until the text is written. */
    private static final String RAW = "@@raw@@";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Values of a number in the model's shape that are no count, or no count the rest of the files agree with. */
    private static final List<String> BAD_NUMBERS = List.of("NaN", "Infinity", "-Infinity", "1e308", "2147483648",
            "99999999999999999999", "-1", "-2147483648", "0", "2.5", "2.0", "\"2\"", "\"three\"", "null", "true",
            "[]", "{}");

    private ContentCorruptions() {
    }

    static List<Corruption> all(Random rng) {
        List<Corruption> cases = new ArrayList<>();
        for (String key : List.of("vocabSize", "languages", "blockSize", "embeddingDim", "hiddenSizes/0"))
            for (String value : BAD_NUMBERS)
                cases.add(raw("model." + key + " = " + value, List.of(JSON_FILE, ModelStore.PARAMS),
                        root -> setAt((ObjectNode) root.get("model"), key), value));
        for (String value : List.of("2", "0", "-1", "\"1\"", "1.0", "null", "1e99", "[1]"))
            cases.add(raw("formatVersion = " + value, List.of(JSON_FILE), root -> root.put("formatVersion", RAW),
                    value));
        cases.addAll(missingKeys());
        cases.addAll(wrongTypes());
        cases.addAll(texts());
        cases.addAll(codePoints());
        cases.addAll(languages());
        cases.addAll(npyHeaders());
        cases.addAll(params(rng));
        return cases;
    }

    private static void setAt(ObjectNode model, String key) {
        if (key.equals("hiddenSizes/0")) ((ArrayNode) model.get("hiddenSizes")).set(0, model.textNode(RAW));
        else model.put(key, RAW);
    }

    /** An edit of model.json's tree, re-signed. */
    static Corruption json(String description, List<String> names, Consumer<ObjectNode> edit) {
        return raw(description, names, edit, null);
    }

    /** An edit of the tree that may put {@link #RAW} where {@code value} is to go as raw JSON text. */
    private static Corruption raw(String description, List<String> names, Consumer<ObjectNode> edit, String value) {
        return new Corruption(description, names, false, dir -> {
            ObjectNode root = (ObjectNode) JSON.readTree(dir.resolve(JSON_FILE).toFile());
            edit.accept(root);
            String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
            writeJson(dir, value == null ? text : text.replace("\"" + RAW + "\"", value));
        });
    }

    /** An edit of model.json's text, re-signed. */
    private static Corruption text(String description, UnaryOperator<String> edit) {
        return new Corruption(description, List.of(JSON_FILE), false,
                dir -> writeJson(dir, edit.apply(Files.readString(dir.resolve(JSON_FILE)))));
    }

    private static void writeJson(Path dir, String text) throws Exception {
        Corruption.write(dir, JSON_FILE, text.getBytes(StandardCharsets.UTF_8), true);
    }

    private static List<Corruption> missingKeys() {
        List<Corruption> cases = new ArrayList<>();
        for (String key : List.of("formatVersion", "model", "vocabulary", "languages", "config", "metrics"))
            cases.add(json("no " + key, List.of(JSON_FILE), root -> root.remove(key)));
        // languageEmbedding is left out: it only says how to train on new data, and files may lack it
        for (String key : List.of("vocabSize", "languages", "blockSize", "embeddingDim", "hiddenSizes", "activation",
                "languageBias"))
            cases.add(json("no model." + key, List.of(JSON_FILE, ModelStore.PARAMS),
                    root -> ((ObjectNode) root.get("model")).remove(key)));
        for (String path : List.of("vocabulary/codePoints", "vocabulary/hasUnknown", "languages/codes",
                "languages/names")) {
            String[] parts = path.split("/");
            cases.add(json("no " + path, List.of(JSON_FILE),
                    root -> ((ObjectNode) root.get(parts[0])).remove(parts[1])));
        }
        return cases;
    }

    private static List<Corruption> wrongTypes() {
        String[][] edits = {{"model", "[]"}, {"model", "\"tanh\""}, {"model", "1"}, {"vocabulary", "\"abc\""},
                {"vocabulary", "[97]"}, {"config", "1"}, {"config", "[]"}, {"metrics", "[]"},
                {"metrics", "{\"dev\": \"x\"}"}, {"metrics", "{\"dev\": [1]}"}, {"languages", "[]"},
                {"languages", "\"de\""}, {"vocabulary/codePoints", "{}"}, {"vocabulary/codePoints", "\"abc\""},
                {"vocabulary/codePoints", "[\"a\"]"}, {"languages/names", "[\"x\", \"y\"]"},
                {"model/activation", "5"}, {"model/hiddenSizes", "5"}, {"vocabulary/hasUnknown", "\"maybe\""},
                {"vocabulary/hasUnknown", "1"}, {"vocabulary/hasUnknown", "\"true\""}};
        List<Corruption> cases = new ArrayList<>();
        for (String[] e : edits) {
            String[] parts = e[0].split("/");
            cases.add(raw(e[0] + " = " + e[1], List.of(JSON_FILE), root -> (parts.length == 1 ? root
                    : (ObjectNode) root.get(parts[0])).put(parts[parts.length - 1], RAW), e[1]));
        }
        return cases;
    }

    /** Whole-text edits: other documents, duplicate keys, data after the document. */
    private static List<Corruption> texts() {
        List<Corruption> cases = new ArrayList<>();
        for (String doc : List.of("[]", "null", "\"model\"", "1", "", "{}", "{", "\u00ef\u00bb\u00bf{}"))
            cases.add(text("model.json is '" + doc + "'", t -> doc));
        cases.add(text("formatVersion twice", t -> t.replaceFirst("\\{", "{\"formatVersion\" : 1,")));
        cases.add(text("model.blockSize twice",
                t -> t.replaceFirst("\"blockSize\"", "\"blockSize\" : 3, \"blockSize\"")));
        cases.add(text("vocabulary.hasUnknown twice",
                t -> t.replaceFirst("\"hasUnknown\"", "\"hasUnknown\" : true, \"hasUnknown\"")));
        for (String garbage : List.of("}", "x", "{}", "[1]", "// comment", "\u0000"))
            cases.add(text("'" + garbage + "' after the document", t -> t + "\n" + garbage));
        return cases;
    }

    /** Code points no vocabulary holds, each where the list stays ascending, or a list out of order. */
    private static List<Corruption> codePoints() {
        int[][] cases = {{0, 0}, {0, 10}, {0, -1}, {0, Integer.MIN_VALUE}, {1, 0xD800}, {1, 0x202E}, {1, 0xDFFF},
                {3, 0x110000}, {3, Integer.MAX_VALUE}, {1, 0x61}, {1, 0x10330}, {0, 0x10330}};
        List<Corruption> list = new ArrayList<>();
        for (int[] c : cases)
            list.add(json("code point " + c[1] + " at " + c[0], List.of(JSON_FILE), root ->
                    ((ArrayNode) root.get("vocabulary").get("codePoints")).set(c[0], root.numberNode(c[1]))));
        list.add(raw("code point 9.5", List.of(JSON_FILE), root ->
                ((ArrayNode) root.get("vocabulary").get("codePoints")).set(0, root.textNode(RAW)), "9.5"));
        list.add(raw("code point null", List.of(JSON_FILE), root ->
                ((ArrayNode) root.get("vocabulary").get("codePoints")).set(0, root.textNode(RAW)), "null"));
        return list;
    }

    /** Language tables no sampler can use or that disagree with the model's shape. */
    private static List<Corruption> languages() {
        String[][] tables = {{"[\"\", \"en\"]", "[3, 5]"}, {"[\" \", \"en\"]", "[3, 5]"},
                {"[\"en\", \"en\"]", "[3, 5]"},
                {"[\"en\", \"de\"]", "[3, 5]"}, {"[null, \"en\"]", "[3, 5]"}, {"[\"de\", \"en\"]", "[0, 0]"},
                {"[\"de\", \"en\"]", "[-1, 5]"}, {"[\"de\", \"en\"]", "[3]"}, {"[\"de\", \"en\"]", "[3, 5, 7]"},
                {"[\"de\", \"en\"]", "[null, 5]"}, {"[\"de\", \"en\"]", "[9223372036854775807, 1]"},
                {"[\"de\", \"en\"]", "[\"x\", 5]"}, {"[\"de\", \"en\", \"fr\"]", "[1, 1, 1]"}, {"[\"de\"]", "[1]"},
                {"[]", "[]"}, {"[\"de\", \"en\"]", "[1e30, 5]"}};
        List<Corruption> cases = new ArrayList<>();
        for (String[] t : tables)
            cases.add(raw("languages " + t[0] + " " + t[1], List.of(JSON_FILE, ModelStore.PARAMS), root ->
                    root.put("languages", RAW), "{\"codes\": " + t[0] + ", \"names\": " + t[1] + "}"));
        return cases;
    }

    /** params.npy with its header replaced by one of the same length that says something else. */
    private static List<Corruption> npyHeaders() {
        int n = ModelLoaderFuzzTest.PARAM_COUNT;
        String plain = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }";
        List<String> dicts = new ArrayList<>();
        for (String dtype : List.of("<f8", ">f4", "<i4", "|u1", "f4", "<f2", "<F4", ""))
            dicts.add(plain.replace("<f4", dtype));
        for (String order : List.of("True", "1", "None", "false"))
            dicts.add(plain.replace("False", order));
        for (String shape : List.of("(5, 33)", "()", "(" + (n + 1) + ",)", "(-" + n + ",)", "(99999999999,)",
                "(" + n + ", 1)", "(" + n + ")", "('" + n + "',)", "(1" + n + ",)", "(0x" + n + ",)"))
            dicts.add(plain.replace("(" + n + ",)", shape));
        dicts.addAll(List.of("{'descr': '<f4', 'shape': (" + n + ",), }", "{'descr': '<f4', 'descr': '<f4', 'shape': ("
                + n + ",), }", plain.replace(", }", ", 'extra': 1, }"), plain.replace("{", "["), "'just text'"));
        List<Corruption> cases = new ArrayList<>();
        for (String dict : dicts)
            cases.add(npy("header " + dict, (header, version) -> pad(dict, header.length)));
        for (int[] v : new int[][] {{2, 0}, {3, 0}, {0, 0}, {1, 1}, {255, 255}})
            cases.add(npy("npy version " + v[0] + "." + v[1], (header, version) -> {
                version[0] = (byte) v[0];
                version[1] = (byte) v[1];
                return header;
            }));
        return cases;
    }

    private interface HeaderEdit {
        byte[] edit(byte[] dict, byte[] version);
    }

    /** The header's dict and version edited, the preamble and the data kept, re-signed. */
    private static Corruption npy(String description, HeaderEdit edit) {
        return new Corruption(description, List.of(ModelStore.PARAMS), false, dir -> {
            byte[] bytes = Files.readAllBytes(dir.resolve(ModelStore.PARAMS));
            int dictLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
            byte[] version = Arrays.copyOfRange(bytes, 6, 8);
            byte[] dict = edit.edit(Arrays.copyOfRange(bytes, 10, 10 + dictLength), version);
            System.arraycopy(version, 0, bytes, 6, 2);
            System.arraycopy(dict, 0, bytes, 10, dictLength);
            Corruption.write(dir, ModelStore.PARAMS, bytes, true);
        });
    }

    private static byte[] pad(String dict, int length) {
        String text = dict + " ".repeat(Math.max(0, length - dict.length() - 1)) + "\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Values no trained model holds, at positions drawn from {@code rng}. */
    private static List<Corruption> params(Random rng) {
        float[] bad = {Float.NaN, Float.intBitsToFloat(0x7FC00001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                3e38f, -3e38f, Float.MAX_VALUE, 1e10f, -2e9f};
        List<Corruption> cases = new ArrayList<>();
        for (float value : bad) {
            int at = rng.nextInt(ModelLoaderFuzzTest.PARAM_COUNT);
            cases.add(new Corruption("parameter " + at + " = " + value, List.of(ModelStore.PARAMS), false, dir -> {
                byte[] bytes = Files.readAllBytes(dir.resolve(ModelStore.PARAMS));
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(bytes.length - 4 * (at + 1), value);
                Corruption.write(dir, ModelStore.PARAMS, bytes, true);
            }));
        }
        return cases;
    }
}
