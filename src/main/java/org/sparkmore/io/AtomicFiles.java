package org.sparkmore.io;

import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Replaces one small file of a registry in one atomic step, so that a reader finds the old content or the new, never
 * a part: the new content goes to {@code <name>.tmp-<uuid>} beside it, which is then renamed over the file. A crash
 * before the rename leaves the old file and a temporary one, which the next commit deletes ({@link Leftovers}).
 */
final class AtomicFiles {

    /** What a temporary name adds to the file's name, before a random UUID. */
    static final String TMP = ".tmp-";

    private AtomicFiles() {
    }

    static void writeOver(FileSystem fs, Configuration conf, Path target, byte[] content) throws IOException {
        // Hadoop renames a file onto an existing directory by moving it inside: that would be no replacement
        if (fs.exists(target) && fs.getFileStatus(target).isDirectory())
            throw new ModelFileException("cannot replace " + target + ": it is a directory");
        Path tmp = new Path(target.getParent(), target.getName() + TMP + UUID.randomUUID());
        try (OutputStream out = fs.create(tmp, false)) {
            out.write(content);
        }
        try {
            // Local disks rename over an existing file atomically; HDFS's FileSystem.rename refuses to, and
            // FileContext's rename with OVERWRITE is its atomic replacement
            if (!fs.rename(tmp, target))
                FileContext.getFileContext(fs.getUri(), conf).rename(tmp, target, Options.Rename.OVERWRITE);
        } finally {
            if (fs.exists(tmp)) fs.delete(tmp, false);
        }
    }
}
