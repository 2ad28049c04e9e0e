package org.sparkmore.io;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig;

/**
 * Saves and loads a trained model as a directory, through the Hadoop FileSystem API so that local paths, file://,
 * hdfs:// and s3a:// URIs all work. The directory holds {@value #MODEL_JSON} (format version, model shape,
 * vocabulary, run configuration and metrics, as pretty-printed JSON), {@value #PARAMS} (the flat parameters as a
 * float32 NumPy array, see {@link Npy}) and {@value #CHECKSUMS} (their SHA-256 digests in {@code sha256sum} format,
 * verified on load). A model saved by {@code train} also holds {@value #CURVES}: its {@link LossCurves}, the train
 * loss per round and the dev loss per evaluation, as compact JSON ({@code {"train":[{"round":1,"loss":3.1},...],
 * "dev":[...]}}), listed in {@value #CHECKSUMS} and written inside the same atomic save; it is optional, so
 * directories from before it, or saved by the Spark ML API, still load, and {@link #curves} then finds none.
 *
 * <p>Replacement protocol, so that a crash at any point never leaves a half-written model where a good one was:
 * <ol>
 *   <li>write all three files into a fresh sibling {@code <dir>.tmp-<uuid>};</li>
 *   <li>if {@code <dir>} exists, rename it to {@code <dir>.old-<uuid>};</li>
 *   <li>rename {@code <dir>.tmp-<uuid>} to {@code <dir>} (on failure, step 2 is undone);</li>
 *   <li>delete {@code <dir>.old-<uuid>}.</li>
 * </ol>
 * A crash before step 2 leaves the old model in place plus a stray {@code .tmp-} directory; a crash between steps 2
 * and 3 leaves no {@code <dir>} but both complete models beside it, which {@link #load} points out; a crash after
 * step 3 leaves the new model plus a stray {@code .old-} directory. Stray siblings can be deleted by hand; in a
 * registry, the next commit deletes them ({@link Leftovers}). Renames are atomic on local disks and HDFS; on object
 * stores such as S3 they are copies, so the guarantee is weaker there.
 * Save replaces only a directory that is empty or holds a {@value #MODEL_JSON}, never other data.
 *
 * <p>A registry of versions ({@link ModelRegistry}) and a training checkpoint ({@link CheckpointStore}) are model
 * directories with a few more files, listed in {@value #CHECKSUMS} too; {@link #load} given a registry loads the
 * version its {@value ModelRegistry#LATEST} file names.
 */
public final class ModelStore {

    public static final String MODEL_JSON = "model.json";
    public static final String PARAMS = "params.npy";
    public static final String CHECKSUMS = "checksums.sha256";
    /** The optional loss curves; see the class comment. */
    public static final String CURVES = "curves.json";
    /** Version of the directory layout and of model.json; bumped on any incompatible change. */
    public static final int FORMAT_VERSION = 1;
    /**
     * Pretty-printed, so that model.json reads well in an editor; ModelReader reads it strictly. Enums are written
     * as their toString, the lower-case words ("tanh") that config files use.
     */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING);

    /** The shape of model.json. */
    record ModelDocument(int formatVersion, ModelConfig model, Vocabulary vocabulary, Languages languages,
                         Map<String, Object> config,
                         Map<String, Double> metrics) {
    }

    /** Writes one file's bytes to a stream. */
    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private ModelStore() {
    }

    /** Writes the model to {@code dir}, replacing a model already there; see the class comment for the protocol. */
    public static void save(SavedModel m, String dir, Configuration conf) {
        save(m, Map.of(), dir, conf);
    }

    /**
     * As {@link #save(SavedModel, String, Configuration)}, with more files written beside the model's, inside the
     * same atomic replacement, and listed in {@value #CHECKSUMS}.
     *
     * @param extra file name to content, in the order to write them
     */
    public static void save(SavedModel m, Map<String, byte[]> extra, String dir, Configuration conf) {
        Path target = new Path(dir);
        String id = UUID.randomUUID().toString();
        try {
            FileSystem fs = fileSystem(target, conf);
            target = fs.makeQualified(target);
            if (target.getParent() == null) throw new ModelFileException("cannot save a model as the root " + dir);
            Path tmp = sibling(target, ".tmp-" + id);
            checkReplaceable(fs, target);
            try {
                writeAll(fs, tmp, m, extra);
                swapIn(fs, tmp, target, sibling(target, ".old-" + id));
            } finally {
                if (fs.exists(tmp)) fs.delete(tmp, true);
            }
        } catch (IOException e) {
            throw new ModelFileException("cannot save the model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks, before a run spends its time training, that {@link #save} could write to {@code dir}: its file system
     * answers, a model may replace what is there, and a directory can be created where save would create one: beside
     * the target, or in its nearest existing ancestor, so that a run that then fails leaves no empty parents behind.
     */
    public static void checkWritable(String dir, Configuration conf) {
        Path target = new Path(dir);
        try {
            FileSystem fs = fileSystem(target, conf);
            target = fs.makeQualified(target);
            if (target.getParent() == null) throw new ModelFileException("cannot save a model as the root " + dir);
            checkReplaceable(fs, target);
            Path existing = target.getParent();
            while (existing.getParent() != null && !fs.exists(existing)) existing = existing.getParent();
            Path probe = new Path(existing, target.getName() + ".tmp-" + UUID.randomUUID());
            if (!fs.mkdirs(probe)) throw new IOException("cannot create " + probe);
            fs.delete(probe, true);
        } catch (IOException e) {
            throw new ModelFileException("cannot save the model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file system of the path, without Hadoop's local {@code .crc} side files: checksums.sha256 already guards
     * the files, the side files would clutter the directory, and a file edited by hand would fail with Hadoop's
     * checksum error instead of naming the file.
     */
    public static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof ChecksumFileSystem checked ? checked.getRawFileSystem() : fs;
    }

    private static Path sibling(Path target, String suffix) {
        return new Path(target.getParent(), target.getName() + suffix);
    }

    private static void checkReplaceable(FileSystem fs, Path target) throws IOException {
        if (!fs.exists(target)) return;
        FileStatus status = fs.getFileStatus(target);
        boolean model = status.isDirectory()
                && (fs.listStatus(target).length == 0 || fs.exists(new Path(target, MODEL_JSON)));
        if (!model)
            throw new ModelFileException("refusing to save the model to " + target
                    + ": it exists and is not a model directory");
    }

    private static void writeAll(FileSystem fs, Path tmp, SavedModel m, Map<String, byte[]> extra) throws IOException {
        if (!fs.mkdirs(tmp)) throw new IOException("cannot create " + tmp);
        ModelDocument doc = new ModelDocument(FORMAT_VERSION, m.model(), m.vocabulary(), m.languages(), m.config(),
                m.metrics());
        Map<String, String> digests = new LinkedHashMap<>();
        digests.put(MODEL_JSON, write(fs, new Path(tmp, MODEL_JSON), out -> {
            JSON.writeValue(out, doc);
            out.write('\n');
        }));
        digests.put(PARAMS, write(fs, new Path(tmp, PARAMS), out -> Npy.writeFloats(m.params(), out)));
        for (Map.Entry<String, byte[]> file : extra.entrySet())
            digests.put(file.getKey(), write(fs, new Path(tmp, file.getKey()), out -> out.write(file.getValue())));
        byte[] sums = Checksums.format(digests);
        write(fs, new Path(tmp, CHECKSUMS), out -> out.write(sums));
    }

    /** Writes one new file and returns the hex SHA-256 of what was written. */
    private static String write(FileSystem fs, Path file, Body body) throws IOException {
        MessageDigest digest = Checksums.sha256();
        try (FSDataOutputStream raw = fs.create(file, false);
             DigestOutputStream out = new DigestOutputStream(raw, digest)) {
            // Jackson closes the stream it writes to by default; the try block owns it instead.
            body.writeTo(new NonClosingStream(out));
        }
        return Checksums.hex(digest.digest());
    }

    private static void swapIn(FileSystem fs, Path tmp, Path target, Path old) throws IOException {
        boolean hadOld = fs.exists(target);
        if (hadOld && !fs.rename(target, old))
            throw new IOException("could not move the existing model aside to " + old);
        if (!fs.rename(tmp, target)) {
            if (hadOld) fs.rename(old, target);
            throw new IOException("could not rename " + tmp + " to " + target);
        }
        if (hadOld) fs.delete(old, true);
    }

    /** The curves as {@value #CURVES} holds them, for {@link #save(SavedModel, Map, String, Configuration)}. */
    public static byte[] curvesJson(LossCurves curves) {
        try {
            return new ObjectMapper().writeValueAsBytes(curves);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The loss curves kept with the model in {@code dir}, or with the version a registry's LATEST names; empty for
     * a model saved without them. Checked against {@value #CHECKSUMS} like the model's own files.
     */
    public static java.util.Optional<LossCurves> curves(String modelOrRegistry, Configuration conf) {
        return ModelReader.readCurves(ModelRegistry.resolve(modelOrRegistry, conf), conf);
    }

    /** Whether {@code dir} holds a model, or is a registry whose LATEST names one. */
    public static boolean exists(String modelOrRegistry, Configuration conf) {
        String dir = ModelRegistry.resolve(modelOrRegistry, conf);
        try {
            Path path = new Path(dir);
            return fileSystem(path, conf).exists(new Path(path, MODEL_JSON));
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies the model in {@code dir}, or in the version a registry's LATEST names; see
     * {@link ModelReader} for what is checked.
     */
    public static SavedModel load(String modelOrRegistry, Configuration conf) {
        String dir = ModelRegistry.resolve(modelOrRegistry, conf);
        String via = dir.equals(modelOrRegistry) ? "" : " (named by " + ModelRegistry.LATEST + " in " + modelOrRegistry
                + ")";
        return ModelReader.read(dir, via, conf);
    }
}
