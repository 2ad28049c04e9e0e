package org.sparkmore.io;

import java.io.FileNotFoundException;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory of model versions, one per training run, and a pointer to the one in use, through the Hadoop
 * FileSystem API like {@link ModelStore}:
 *
 * <pre>
 * models/
 *   LATEST               the current version's name, one line; sample and evaluate given models/ load it
 *   20261127T101500Z/    a version, named by the UTC second it was committed: the model files (curves.json
 *                        included), metrics.json (losses, timings, dev curve) and promotion.json (the gate's
 *                        decision)
 *   20261127T101500Z-2/  a second version committed in the same second
 *   LOCK                 only while a run commits: who holds the lock (user, host, pid, since when)
 * </pre>
 *
 * <p>Protocol: a run trains without the lock, then commits under it:
 * <ol>
 *   <li>create LOCK atomically; when it exists, take it over if it is stale (this host, a process that no longer
 *       exists: see {@link RegistryLock}), else wait up to a minute, as commits take seconds, then fail naming its
 *       holder;</li>
 *   <li>delete the temporary leftovers of crashed commits ({@link Leftovers}): {@code <version>.tmp-<uuid>},
 *       {@code <version>.old-<uuid>} and {@code LATEST.tmp-<uuid>};</li>
 *   <li>read LATEST and run the {@link PromotionGate};</li>
 *   <li>write the version to a name not yet taken, through ModelStore's temporary-sibling-then-rename; its
 *       promotion.json says not promoted even when it passed, as LATEST has not moved yet;</li>
 *   <li>if it passed, write {@code LATEST.tmp-<uuid>} and rename it over LATEST ({@link AtomicFiles}); only then
 *       replace its promotion.json by the decision that it was promoted, and its checksums.sha256 by one with that
 *       file's new digest, each in one rename;</li>
 *   <li>delete versions beyond registry.keep, never the one LATEST names;</li>
 *   <li>delete LOCK, if it is still ours.</li>
 * </ol>
 * Readers need no lock: LATEST always names a complete version, and a promotion.json saying promoted names a version
 * LATEST was moved to. Apart from that one record, versions are never changed once written. Two runs at once
 * therefore both train, and commit one after the other, each gated against the LATEST of its commit. A crash inside
 * a commit leaves LOCK and maybe temporary entries behind; the next commit on the same host takes the lock over and
 * deletes them, and reports both ({@link Commit}). A crash between the last two renames of step 5 leaves a
 * promotion.json whose digest checksums.sha256 does not match; loading a version never reads that file.
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

    /**
     * What a commit did.
     *
     * @param deleted  the versions retention deleted
     * @param cleaned  the temporary leftovers of crashed commits it deleted
     * @param warnings what the user should know, e.g. that a stale lock was taken over
     */
    public record Commit(String version, PromotionGate.Decision decision, List<String> deleted, List<String> cleaned,
                         List<String> warnings) {
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

    /**
     * Fails, naming the holder, while the registry is locked: a run checks this before it spends time training. A
     * stale lock passes: the commit will take it over.
     */
    public void checkUnlocked() {
        try {
            if (fs.exists(lockPath()) && !RegistryLock.stale(fs, lockPath())) throw locked();
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
            List<String> cleaned = Leftovers.delete(fs, root, VERSION);
            Optional<String> current = latest();
            PromotionGate.Decision decision = gate(model, current.orElse(null), config);
            String version = newVersion();
            Map<String, byte[]> files = new LinkedHashMap<>(extra);
            files.put(PROMOTION, JSON.writeValueAsBytes(decision.promoted() ? notYet(decision) : decision));
            ModelStore.save(model, files, path(version), conf);
            if (decision.promoted()) {
                byte[] name = (version + "\n").getBytes(StandardCharsets.UTF_8);
                AtomicFiles.writeOver(fs, conf, new Path(root, LATEST), name);
                recordPromotion(version, decision);
            }
            List<String> warnings = lock.warning() == null ? List.of() : List.of(lock.warning());
            return new Commit(version, decision, retain(config.keep()), cleaned, warnings);
        } catch (IOException e) {
            throw new ModelFileException("cannot commit to the registry " + where + ": " + e.getMessage(), e);
        }
    }

    /** The record of a version that passed the gate, until LATEST has moved to it. */
    private static PromotionGate.Decision notYet(PromotionGate.Decision d) {
        return new PromotionGate.Decision(false, "passed the gate (" + d.reason() + "), but the commit did not get to "
                + "move LATEST to it", d.devLoss(), d.latest(), d.latestDevLoss(), d.maxDevLossIncreasePercent());
    }

    /** Replaces the version's promotion.json by the decision, then its checksums.sha256 by one listing its digest. */
    private void recordPromotion(String version, PromotionGate.Decision decision) throws IOException {
        Path dir = new Path(root, version);
        byte[] promotion = JSON.writeValueAsBytes(decision);
        Path sums = new Path(dir, ModelStore.CHECKSUMS);
        Map<String, String> digests = Checksums.parse(PlainFiles.read(fs, sums, path(version),
                ModelReader.MAX_CHECKSUMS_BYTES), ModelStore.CHECKSUMS + " in " + path(version));
        digests.put(PROMOTION, Checksums.hex(Checksums.sha256().digest(promotion)));
        AtomicFiles.writeOver(fs, conf, new Path(dir, PROMOTION), promotion);
        AtomicFiles.writeOver(fs, conf, sums, Checksums.format(digests));
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
