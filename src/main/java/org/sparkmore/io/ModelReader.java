package org.sparkmore.io;

import static org.sparkmore.io.ModelStore.CHECKSUMS;
import static org.sparkmore.io.ModelStore.FORMAT_VERSION;
import static org.sparkmore.io.ModelStore.MODEL_JSON;
import static org.sparkmore.io.ModelStore.PARAMS;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkmore.data.Languages;

/**
 * Reads and verifies a model directory of {@link ModelStore}, refusing every corruption with a
 * {@link ModelFileException} that names the file and the problem. Every file is checked to be a regular file of a
 * sane length before it is opened, and params.npy's length must be the one model.json's shape implies, so no corrupt
 * directory makes the loader block, read without end or allocate without bound; then the checksums, the JSON, the
 * shapes and the values ({@link ModelValues}) are checked, in that order.
 */
final class ModelReader {

    /**
     * The most bytes a model.json may hold, checked before it is read: its bulk is the vocabulary, about 8 bytes per
     * code point, so even a vocabulary of every assigned code point (about 150,000) plus the config and a language
     * table takes under 2 MiB; 8 MiB leaves room and still stops a runaway file.
     */
    static final long MAX_JSON_BYTES = 8L << 20;
    /** The most bytes a checksums.sha256 may hold: about 80 bytes a line, one line per file of the directory. */
    static final long MAX_CHECKSUMS_BYTES = 64L << 10;

    /** The most bytes a curves.json may hold: about 30 bytes a point, so a million rounds with their evaluations. */
    static final long MAX_CURVES_BYTES = 64L << 20;

    private static final ObjectMapper JSON = strictMapper();

    private ModelReader() {
    }

    /**
     * Strict where Jackson is lenient by default: a duplicate key or anything after the document is an error, not a
     * value that wins; and a count must be written as one. Jackson would read 2.5 languages as 2, "3" as 3 and 1 as
     * true, turning a corrupt file into a model of another shape. (A null or missing count still reads as 0, which
     * the shape checks refuse; a missing flag reads as false, as in files from before it existed.) An enum is read
     * from the lower-case word ModelStore writes (its toString), never from a number, which Jackson would take as
     * the constant's position.
     */
    private static ObjectMapper strictMapper() {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        json.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        json.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return json;
    }

    /**
     * Reads and verifies the model in {@code dir}.
     *
     * @param via how the caller got to {@code dir}, for messages: empty, or which LATEST named it
     */
    static SavedModel read(String dir, String via, Configuration conf) {
        try {
            Path path = new Path(dir);
            FileSystem fs = ModelStore.fileSystem(path, conf);
            checkDirectory(fs, path, dir, via);
            byte[] sums = readFile(fs, path, CHECKSUMS, dir, MAX_CHECKSUMS_BYTES);
            Map<String, String> digests = Checksums.parse(sums, CHECKSUMS + " in " + dir);
            byte[] json = readFile(fs, path, MODEL_JSON, dir, MAX_JSON_BYTES);
            Checksums.verify(digests, MODEL_JSON, json, dir);
            ModelStore.ModelDocument doc = parseDocument(json, dir);
            int count = checkConsistent(doc, dir);
            byte[] npy = readParamsFile(fs, path, count, dir);
            Checksums.verify(digests, PARAMS, npy, dir);
            float[] params = readParams(npy, count, dir);
            ModelValues.check(doc.vocabulary(), doc.languages(), params, dir);
            // Files written before languages existed have none
            Languages languages = doc.languages() == null ? Languages.NONE : doc.languages();
            return new SavedModel(doc.model(), doc.vocabulary(), languages, doc.config(), doc.metrics(), params);
        } catch (IOException e) {
            throw new ModelFileException("cannot read the model in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * One more file of a model directory, checked against {@value ModelStore#CHECKSUMS}.
     *
     * @param maxBytes the most a sound file of its kind holds
     */
    static byte[] readVerified(String dir, String name, long maxBytes, Configuration conf) {
        try {
            Path path = new Path(dir);
            FileSystem fs = ModelStore.fileSystem(path, conf);
            byte[] sums = readFile(fs, path, CHECKSUMS, dir, MAX_CHECKSUMS_BYTES);
            Map<String, String> digests = Checksums.parse(sums, CHECKSUMS + " in " + dir);
            byte[] bytes = readFile(fs, path, name, dir, maxBytes);
            Checksums.verify(digests, name, bytes, dir);
            return bytes;
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + name + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The model's {@value ModelStore#CURVES}, verified and checked; empty when the directory has none. */
    static Optional<LossCurves> readCurves(String dir, Configuration conf) {
        String where = ModelStore.CURVES + " in " + dir;
        try {
            Path path = new Path(dir);
            if (!ModelStore.fileSystem(path, conf).exists(new Path(path, ModelStore.CURVES))) return Optional.empty();
            LossCurves curves = JSON.readValue(readVerified(dir, ModelStore.CURVES, MAX_CURVES_BYTES, conf),
                    LossCurves.class);
            for (List<LossCurves.Point> points : List.of(curves.train(), curves.dev()))
                for (LossCurves.Point p : points)
                    if (p.round() < 1 || !(p.loss() >= 0) || Double.isInfinite(p.loss()))
                        throw new ModelFileException(where + " holds an impossible point: round " + p.round()
                                + ", loss " + p.loss());
            return Optional.of(curves);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(where + " is malformed: " + e.getMessage(), e);
        }
    }

    private static void checkDirectory(FileSystem fs, Path path, String dir, String via) throws IOException {
        if (!fs.exists(path)) {
            Path parent = fs.makeQualified(path).getParent();
            FileStatus[] old = parent == null ? null : fs.globStatus(new Path(parent, path.getName() + ".old-*"));
            String hint = old == null || old.length == 0 ? ""
                    : "; an interrupted save left the previous model at " + old[0].getPath();
            throw new ModelFileException("no model at " + dir + via + ": the directory does not exist" + hint);
        }
        if (!fs.getFileStatus(path).isDirectory())
            throw new ModelFileException("no model at " + dir + via + ": it is a file, not a model directory");
        List<String> versions = fs.exists(new Path(path, MODEL_JSON)) ? List.of() : ModelRegistry.versions(fs, path);
        if (!versions.isEmpty())
            throw new ModelFileException(dir + " is a model registry with versions but no " + ModelRegistry.LATEST
                    + " file, so no version is current; load a version directly (the newest is "
                    + new Path(path, versions.get(versions.size() - 1)) + ") or write a version's name into "
                    + new Path(path, ModelRegistry.LATEST));
    }

    private static byte[] readFile(FileSystem fs, Path dir, String name, String where, long maxBytes)
            throws IOException {
        try {
            return PlainFiles.read(fs, new Path(dir, name), where, maxBytes);
        } catch (FileNotFoundException e) {
            throw new ModelFileException("model directory " + where + " is missing " + name, e);
        }
    }

    /** params.npy, once its length is the one the model's parameter count implies: refused before reading if not. */
    private static byte[] readParamsFile(FileSystem fs, Path dir, int count, String where) throws IOException {
        Path file = new Path(dir, PARAMS);
        try {
            long length = PlainFiles.length(fs, file, where);
            long expected = Npy.fileLength(count);
            if (length != expected)
                throw new ModelFileException(PARAMS + " in " + where + " is " + length + " bytes but the model in "
                        + MODEL_JSON + " needs " + expected + " (" + (expected - 4L * count) + " of header and "
                        + count + " float32 parameters); it was not read");
            return PlainFiles.readExactly(fs, file, where, length);
        } catch (FileNotFoundException e) {
            throw new ModelFileException("model directory " + where + " is missing " + PARAMS, e);
        }
    }

    private static ModelStore.ModelDocument parseDocument(byte[] json, String dir) {
        String where = MODEL_JSON + " in " + dir;
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode version = root == null ? null : root.get("formatVersion");
            if (version == null || !version.isInt())
                throw new ModelFileException(where + " has no integer formatVersion");
            if (version.intValue() != FORMAT_VERSION)
                throw new ModelFileException(where + " has unsupported formatVersion " + version.intValue()
                        + "; this build reads formatVersion " + FORMAT_VERSION);
            return JSON.treeToValue(root, ModelStore.ModelDocument.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(where + " is malformed: " + e.getMessage(), e);
        }
    }

    private static float[] readParams(byte[] npy, int count, String dir) throws IOException {
        float[] params;
        try {
            params = Npy.readFloats(new ByteArrayInputStream(npy), PARAMS);
        } catch (ModelFileException e) {
            throw new ModelFileException(e.getMessage() + " (in " + dir + ")", e);
        }
        if (params.length != count)
            throw new ModelFileException(PARAMS + " in " + dir + " holds " + params.length + " parameters but the "
                    + "model in " + MODEL_JSON + " needs " + count);
        return params;
    }

    /** Checks model.json's parts against each other; returns the number of parameters its shape needs. */
    private static int checkConsistent(ModelStore.ModelDocument doc, String dir) {
        if (doc.model() == null || doc.vocabulary() == null || doc.config() == null || doc.metrics() == null)
            throw new ModelFileException(MODEL_JSON + " in " + dir
                    + " lacks one of model, vocabulary, config, metrics");
        if (doc.vocabulary().size() != doc.model().vocabSize())
            throw new ModelFileException(MODEL_JSON + " in " + dir + " is inconsistent: the vocabulary has "
                    + doc.vocabulary().size() + " symbols but model.vocabSize is " + doc.model().vocabSize());
        int languages = doc.languages() == null ? 0 : doc.languages().size();
        if (doc.model().conditioned() && doc.model().languages() != languages)
            throw new ModelFileException(MODEL_JSON + " in " + dir + " is inconsistent: it lists " + languages
                    + " languages but model.languages is " + doc.model().languages());
        return ModelValues.parameterCount(doc.model(), dir);
    }
}
