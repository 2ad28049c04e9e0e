package org.sparkmore.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Reads one file of a model directory or a registry, but only a plain regular file, and only up to a bound known
 * before it is opened. Opening a FIFO blocks until some writer comes, and a device such as /dev/zero never ends, so
 * neither is ever opened; a file's length is checked before its bytes are read, so no corrupt or hostile file makes
 * the loader allocate more than its bound. Each refusal names the file and the problem.
 */
final class PlainFiles {

    /** The file-type bits of st_mode, and the types other than regular files and directories. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private PlainFiles() {
    }

    /**
     * The file's bytes, when it is a regular file of at most {@code maxBytes}.
     *
     * @param where    the directory as the user gave it, for messages
     * @param maxBytes the most a sound file of this kind holds; at most {@link Integer#MAX_VALUE} - 8
     * @throws java.io.FileNotFoundException when there is no such file
     */
    static byte[] read(FileSystem fs, Path file, String where, long maxBytes) throws IOException {
        long length = length(fs, file, where);
        if (length > maxBytes)
            throw new ModelFileException(file.getName() + " in " + where + " is " + length + " bytes, more than the "
                    + maxBytes + " such a file can hold; it was not read");
        return readExactly(fs, file, where, length);
    }

    /**
     * The length of a regular file, found without opening it.
     *
     * @throws java.io.FileNotFoundException when there is no such file
     * @throws ModelFileException            when it is a directory, a FIFO, a device, a socket or the like
     */
    static long length(FileSystem fs, Path file, String where) throws IOException {
        FileStatus status = fs.getFileStatus(file);
        String kind = status.isDirectory() ? "a directory" : !status.isFile() ? "not a file" : localKind(fs, file);
        if (kind != null)
            throw new ModelFileException(file.getName() + " in " + where + " is not a regular file: it is " + kind
                    + "; it was not opened");
        return status.getLen();
    }

    /** The bytes of a regular file whose length was checked; fails when the file changed size meanwhile. */
    static byte[] readExactly(FileSystem fs, Path file, String where, long length) throws IOException {
        byte[] bytes;
        try (InputStream in = fs.open(file)) {
            bytes = in.readNBytes((int) length);
            if (bytes.length != length || in.read() != -1)
                throw new ModelFileException(file.getName() + " in " + where + " changed size while it was read");
        } catch (IOException e) {
            // e.g. no permission to read it: the file exists, so "missing" would mislead
            throw new ModelFileException(file.getName() + " in " + where + " cannot be read: " + e.getMessage(), e);
        }
        return bytes;
    }

    /**
     * What a local file is when it is not a regular one, or null when it is: Hadoop's local file system follows
     * symbolic links and reports FIFOs and devices as files (of length 0), so only the OS can tell them apart.
     */
    private static String localKind(FileSystem fs, Path file) throws IOException {
        if (!(fs instanceof RawLocalFileSystem local)) return null;
        java.nio.file.Path p = local.pathToFile(file).toPath();
        BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
        if (attributes.isRegularFile()) return null;
        String kind = attributes.isDirectory() ? "a directory" : special(p);
        if (!Files.isSymbolicLink(p)) return kind;
        return kind + " (through a symbolic link to " + Files.readSymbolicLink(p) + ")";
    }

    /** The kind of a special file, from its Unix mode where the platform has one. */
    private static String special(java.nio.file.Path p) {
        try {
            return switch ((Integer) Files.getAttribute(p, "unix:mode") & S_IFMT) {
                case S_IFIFO -> "a FIFO (named pipe)";
                case S_IFCHR -> "a character device";
                case S_IFBLK -> "a block device";
                case S_IFSOCK -> "a socket";
                default -> "a special file";
            };
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return "a special file (a FIFO, a device or a socket)";
        }
    }
}
