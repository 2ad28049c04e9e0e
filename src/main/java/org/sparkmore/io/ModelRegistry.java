package org.sparkmore.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A directory of model versions, one per training run, and a pointer to the one in use, through the Hadoop
 * FileSystem API like {@link ModelStore}:
 *
 * <pre>
 * models/
 *   LATEST               the current version's name, one line; sample and evaluate given models/ load it
 *   20261127T101500Z/    a version, named by the UTC second it was committed: the model files, metrics.json
 *                        (losses, timings, dev curve) and promotion.json (the gate's decision)
 *   20261127T101500Z-2/  a second version committed in the same second
 *   LOCK                 only while a run commits: who holds the lock (user, host, pid, since when)
 * </pre>
 *
 * <p>Protocol: a run trains without the lock, then commits under it: (1) create LOCK atomically, failing when it
 * exists (waiting up to a minute first, as commits take seconds); (2) read LATEST and run the {@link PromotionGate};
 * (3) write the version to a name not yet taken, through ModelStore's temporary-sibling-then-rename; (4) if it
 * passed, write {@code LATEST.tmp-<uuid>} and rename it over LATEST; (5) delete versions beyond registry.keep,
 * never the one LATEST names; (6) delete LOCK, if it is still ours. Versions are never changed once written, and
 * readers need no lock: LATEST always names a complete version. Two runs at once therefore both train, and commit
 * one after the other, each gated against the LATEST of its commit. A crash inside a commit leaves LOCK behind; the
 * error of the next run names its holder and says to delete it.
 *
 * <p>Atomicity by file system: on local disks and HDFS, creating LOCK is exclusive and replacing LATEST is one
 * atomic rename (HDFS through FileContext's rename with OVERWRITE). On S3 (s3a://) both are weaker: the existence
 * check of LOCK and its creation are two requests, and a rename is a copy then a delete, so readers may briefly
 * find no LATEST. There, let the scheduler forbid concurrent runs (e.g. concurrencyPolicy: Forbid).
 */
public final class ModelRegistry {

    public static final String LATEST = "LATEST";
    public static final String LOCK = "LOCK";
    public static final String METRICS = "metrics.json";
    public static final String PROMOTION = "promotion.json";

    /** How long a commit waits for a lock another run holds: commits take seconds. */
    static final long LOCK_WAIT_MS = 60_000;
    private static final Pattern VERSION = Pattern.compile("(\\d{8}T\\d{6}Z)(?:-(\\d+))?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** A version's name is about 20 characters; a LATEST longer than this is no version's name. */
    private static final long MAX_LATEST_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a commit did. */
    public record Commit(String version, PromotionGate.Decision decision, List<String> deleted) {
    }

    private final FileSystem fs;
    private final Path root;
    private final String where;
    private final Configuration conf;
    private final Clock clock;
    private final long lockWaitMs;

    ModelRegistry(String dir, Configuration conf, Clock clock, long lockWaitMs) throws IOException {
        Path path = new Path(dir);
        this.fs = ModelStore.fileSystem(path, conf);
        this.root = fs.makeQualified(path);
        this.where = dir;
        this.conf = conf;
        this.clock = clock;
        this.lockWaitMs = lockWaitMs;
        if (fs.exists(root) && !fs.getFileStatus(root).isDirectory())
            throw new ModelFileException("the registry " + dir + " is a file, not a directory");
        if (fs.exists(new Path(root, ModelStore.MODEL_JSON)))
            throw new ModelFileException(dir + " holds a single model (" + ModelStore.MODEL_JSON + "), not a registry "
                    + "of versions; give --versioned a new or registry directory");
    }

    /** The registry in {@code dir}, which need not exist yet. */
    public static ModelRegistry open(String dir, Configuration conf) {
        try {
            return new ModelRegistry(dir, conf, Clock.systemUTC(), LOCK_WAIT_MS);
        } catch (IOException e) {
            throw new ModelFileException("cannot open the registry " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code dir} itself when it holds a model, or when it has no LATEST; else the version its LATEST names. This is
     * how every command that reads a model accepts a registry.
     */
    public static String resolve(String dir, Configuration conf) {
        try {
            Path path = new Path(dir);
            FileSystem fs = ModelStore.fileSystem(path, conf);
            if (fs.exists(new Path(path, ModelStore.MODEL_JSON)) || !fs.exists(new Path(path, LATEST))) return dir;
            return new Path(path, readLatest(fs, path, dir)).toString();
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The version LATEST names; empty before the first commit. */
    public Optional<String> latest() {
        try {
            return fs.exists(new Path(root, LATEST)) ? Optional.of(readLatest(fs, root, where)) : Optional.empty();
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + LATEST + " in " + where + ": " + e.getMessage(), e);
        }
    }

    /** A version's directory, as a path or URI string. */
    public String path(String version) {
        return new Path(root, version).toString();
    }

    /** The versions, oldest first; temporary and other entries are not versions. */
    public List<String> versions() {
        try {
            return versions(fs, root);
        } catch (IOException e) {
            throw new ModelFileException("cannot list the registry " + where + ": " + e.getMessage(), e);
        }
    }

    /** The versions in a directory, oldest first; none when it does not exist. */
    static List<String> versions(FileSystem fs, Path dir) throws IOException {
        if (!fs.exists(dir)) return List.of();
        List<String> names = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir))
            if (s.isDirectory() && VERSION.matcher(s.getPath().getName()).matches()) names.add(s.getPath().getName());
        names.sort(Comparator.comparing((String n) -> stamp(n)).thenComparingInt(ModelRegistry::sequence));
        return names;
    }

    /** Fails, naming the holder, while the registry is locked: a run checks this before it spends time training. */
    public void checkUnlocked() {
        try {
            if (fs.exists(lockPath())) throw locked();
        } catch (IOException e) {
            throw new ModelFileException("cannot read " + lockPath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Commits a trained model as a new version under the lock, promotes it if it passes the gate and applies the
     * retention; see the class comment.
     *
     * @param extra more files for the version directory, e.g. its metrics.json
     */
    public Commit commit(SavedModel model, Map<String, byte[]> extra, RegistryConfig config) {
        try (RegistryLock lock = RegistryLock.take(fs, lockPath(), lockWaitMs, this::locked)) {
            Optional<String> current = latest();
            PromotionGate.Decision decision = gate(model, current.orElse(null), config);
            String version = newVersion();
            Map<String, byte[]> files = new LinkedHashMap<>(extra);
            files.put(PROMOTION, JSON.writeValueAsBytes(decision));
            ModelStore.save(model, files, path(version), conf);
            if (decision.promoted()) point(version);
            return new Commit(version, decision, retain(config.keep()));
        } catch (IOException e) {
            throw new ModelFileException("cannot commit to the registry " + where + ": " + e.getMessage(), e);
        }
    }

    private PromotionGate.Decision gate(SavedModel model, String current, RegistryConfig config) {
        if (current == null) return PromotionGate.decide(model, null, null, null, config.maxDevLossIncreasePercent());
        try {
            SavedModel latest = ModelStore.load(path(current), conf);
            return PromotionGate.decide(model, current, latest, null, config.maxDevLossIncreasePercent());
        } catch (ModelFileException e) {
            return PromotionGate.decide(model, current, null, e.getMessage(), config.maxDevLossIncreasePercent());
        }
    }

    /** The commit's second as a name, with -2, -3, ... when a version of that second exists. */
    private String newVersion() throws IOException {
        String stamp = STAMP.format(clock.instant());
        String name = stamp;
        for (int n = 2; fs.exists(new Path(root, name)); n++) name = stamp + "-" + n;
        return name;
    }

    /** Points LATEST at the version: a new file renamed over the old one. */
    private void point(String version) throws IOException {
        Path latest = new Path(root, LATEST);
        Path tmp = new Path(root, LATEST + ".tmp-" + UUID.randomUUID());
        try (OutputStream out = fs.create(tmp, false)) {
            out.write((version + "\n").getBytes(StandardCharsets.UTF_8));
        }
        try {
            // Local disks rename over an existing file atomically; HDFS's FileSystem.rename refuses to, and
            // FileContext's rename with OVERWRITE is its atomic replacement
            if (!fs.rename(tmp, latest))
                FileContext.getFileContext(fs.getUri(), conf).rename(tmp, latest, Options.Rename.OVERWRITE);
        } finally {
            if (fs.exists(tmp)) fs.delete(tmp, false);
        }
    }

    /** Deletes all but the newest {@code keep} versions and LATEST's; returns the deleted ones. */
    private List<String> retain(int keep) throws IOException {
        if (keep == 0) return List.of();
        List<String> versions = versions();
        String current = latest().orElse(null);
        List<String> deleted = new ArrayList<>();
        for (String v : versions.subList(0, Math.max(0, versions.size() - keep))) {
            if (v.equals(current)) continue;
            fs.delete(new Path(root, v), true);
            deleted.add(v);
        }
        return deleted;
    }

    private Path lockPath() {
        return new Path(root, LOCK);
    }

    private ModelFileException locked() {
        return new ModelFileException("the registry " + where + " is locked by " + RegistryLock.holder(fs, lockPath())
                + ": another run is committing a version there. If no such run is alive (a crash leaves the lock "
                + "behind), delete " + lockPath() + " and run again");
    }

    private static String readLatest(FileSystem fs, Path dir, String where) throws IOException {
        try {
            byte[] bytes = PlainFiles.read(fs, new Path(dir, LATEST), where, MAX_LATEST_BYTES);
            String name = new String(bytes, StandardCharsets.UTF_8).strip();
            // "." or ".." would resolve to the registry itself or its parent: no version is named so
            if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals(".."))
                throw new ModelFileException(LATEST + " in " + where + " must hold one version's name, got '" + name
                        + "'");
            return name;
        } catch (FileNotFoundException e) {
            throw new ModelFileException("the registry " + where + " has no " + LATEST, e);
        }
    }

    private static String stamp(String version) {
        Matcher m = VERSION.matcher(version);
        return m.matches() ? m.group(1) : version;
    }

    private static int sequence(String version) {
        Matcher m = VERSION.matcher(version);
        return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : 1;
    }
}
