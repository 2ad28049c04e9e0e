package org.sparkmore.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The temporary entries that runs which crashed inside a commit leave in a registry's root, and their removal. Only
 * the forms sparkmore itself creates count: {@code <version>.tmp-<uuid>} directories (a version being written, see
 * {@link ModelStore}), {@code <version>.old-<uuid>} directories whose version exists (the swap completed), and
 * {@code LATEST.tmp-<uuid>} files ({@link AtomicFiles}). A {@code .old-} directory whose version is missing is the
 * only copy of that version and is kept, as is everything else. The caller must hold the registry's lock: then no
 * other commit is writing such an entry.
 */
final class Leftovers {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private Leftovers() {
    }

    /**
     * Deletes the leftovers in {@code root}; returns their names.
     *
     * @param version the pattern of a version's name
     */
    static List<String> delete(FileSystem fs, Path root, Pattern version) throws IOException {
        Pattern directory = Pattern.compile("(?<version>" + version.pattern() + ")\\.(?<kind>tmp|old)-" + UUID);
        Pattern latest = Pattern.compile(Pattern.quote(ModelRegistry.LATEST + AtomicFiles.TMP) + UUID);
        List<String> deleted = new ArrayList<>();
        if (!fs.exists(root)) return deleted;
        for (FileStatus s : fs.listStatus(root)) {
            String name = s.getPath().getName();
            Matcher m = directory.matcher(name);
            boolean leftover = s.isDirectory() ? m.matches() && (m.group("kind").equals("tmp")
                    || fs.exists(new Path(root, m.group("version")))) : s.isFile() && latest.matcher(name).matches();
            if (leftover && fs.delete(s.getPath(), true)) deleted.add(name);
        }
        deleted.sort(null);
        return deleted;
    }
}
