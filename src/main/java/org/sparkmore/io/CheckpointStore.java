package org.sparkmore.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Saves and loads a training checkpoint ({@link SavedCheckpoint}) as a directory: a model directory of
 * {@link ModelStore} (model.json with the run's resolved config, vocabulary and languages; params.npy) plus
 * {@value #OPTIMIZER} (the optimizer state, a float32 NumPy array like the parameters) and {@value #CHECKPOINT_JSON}
 * (the round, the examples so far and the command's options), all listed in checksums.sha256. The round is also the
 * position of every random stream of the run, whose minibatches are drawn from (train.seed, round, partition) alone;
 * no generator state needs saving. A checkpoint replaces the previous one with ModelStore's protocol, so a crash
 * while writing one leaves the one before intact.
 */
public final class CheckpointStore {

    public static final String CHECKPOINT_JSON = "checkpoint.json";
    public static final String OPTIMIZER = "optimizer.npy";
    /** Version of checkpoint.json; bumped on any incompatible change. */
    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The shape of checkpoint.json. */
    record CheckpointDocument(int formatVersion, int round, long examples, Map<String, String> run) {
    }

    private CheckpointStore() {
    }

    /** Writes the checkpoint to {@code dir}, replacing the checkpoint already there. */
    public static void save(SavedCheckpoint c, String dir, Configuration conf) {
        Map<String, byte[]> extra = new LinkedHashMap<>();
        try {
            ByteArrayOutputStream npy = new ByteArrayOutputStream();
            Npy.writeFloats(c.optimizerState(), npy);
            extra.put(OPTIMIZER, npy.toByteArray());
            extra.put(CHECKPOINT_JSON, JSON.writeValueAsBytes(
                    new CheckpointDocument(FORMAT_VERSION, c.round(), c.examples(), c.run())));
        } catch (IOException e) {
            throw new ModelFileException("cannot encode the checkpoint for " + dir + ": " + e.getMessage(), e);
        }
        ModelStore.save(c.model(), extra, dir, conf);
    }

    /** Reads and verifies the checkpoint in {@code dir}. */
    public static SavedCheckpoint load(String dir, Configuration conf) {
        if (!exists(dir, conf))
            throw new ModelFileException("no checkpoint at " + dir + ": it has no " + CHECKPOINT_JSON);
        SavedModel model = ModelStore.load(dir, conf);
        byte[] json = ModelReader.readVerified(dir, CHECKPOINT_JSON, ModelReader.MAX_JSON_BYTES, conf);
        CheckpointDocument doc = document(json, dir);
        float[] state;
        try {
            byte[] npy = ModelReader.readVerified(dir, OPTIMIZER, maxOptimizerBytes(model), conf);
            state = Npy.readFloats(new ByteArrayInputStream(npy), OPTIMIZER);
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + OPTIMIZER + " in " + dir + ": " + e.getMessage(), e);
        }
        if (state.length != 0 && state.length % model.params().length != 0)
            throw new ModelFileException(OPTIMIZER + " in " + dir + " holds " + state.length + " values, "
                    + "not a multiple of the " + model.params().length + " parameters");
        return new SavedCheckpoint(model, doc.round(), doc.examples(), state, doc.run());
    }

    /**
     * The most bytes an optimizer.npy may hold, checked before it is read: Adam keeps two values per parameter, so
     * four leaves room for an optimizer with more state.
     */
    private static long maxOptimizerBytes(SavedModel model) {
        return Npy.fileLength((int) Math.min(Npy.MAX_FLOATS, 4L * model.params().length));
    }

    /** Whether {@code dir} holds a checkpoint (its checkpoint.json). */
    public static boolean exists(String dir, Configuration conf) {
        try {
            Path path = new Path(dir);
            return ModelStore.fileSystem(path, conf).exists(new Path(path, CHECKPOINT_JSON));
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the checkpoint in {@code dir}, once its run has saved its model; anything else is left alone. */
    public static void delete(String dir, Configuration conf) {
        if (!exists(dir, conf)) return;
        try {
            Path path = new Path(dir);
            FileSystem fs = ModelStore.fileSystem(path, conf);
            fs.delete(path, true);
        } catch (IOException e) {
            throw new ModelFileException("cannot delete the checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private static CheckpointDocument document(byte[] json, String dir) {
        String where = CHECKPOINT_JSON + " in " + dir;
        try {
            JsonNode root = JSON.readTree(json);
            JsonNode version = root == null ? null : root.get("formatVersion");
            if (version == null || !version.isInt() || version.intValue() != FORMAT_VERSION)
                throw new ModelFileException(where + " has formatVersion " + version + "; this build reads "
                        + FORMAT_VERSION);
            CheckpointDocument doc = JSON.treeToValue(root, CheckpointDocument.class);
            if (doc.round() < 0 || doc.examples() < 0 || doc.run() == null)
                throw new ModelFileException(where + " needs a round >= 0, examples >= 0 and the run's options");
            return doc;
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFileException(where + " is malformed: " + e.getMessage(), e);
        }
    }
}
