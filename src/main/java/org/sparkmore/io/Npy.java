package org.sparkmore.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes a float32 vector as a NumPy {@code .npy} file, format version 1.0, so that
 * {@code numpy.load("params.npy")} opens a model's parameters without any Java. The layout is the magic
 * {@code \x93NUMPY}, the version bytes 1 0, a little-endian uint16 header length, an ASCII Python dict padded with
 * spaces and ended by '\n' so that the data starts at a multiple of 64 bytes, then the little-endian floats.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Magic, two version bytes and the uint16 header length. */
    private static final int PREAMBLE = MAGIC.length + 4;
    /** NumPy aligns the data to 64 bytes so it can be memory-mapped. */
    private static final int ALIGN = 64;
    private static final int CHUNK_FLOATS = 8192;
    /** The most floats a file may hold: a reader holds the whole file, header included, in one Java array. */
    static final int MAX_FLOATS = (Integer.MAX_VALUE - 8 - 2 * ALIGN) / Float.BYTES;

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    /** A one-tuple, as Python writes it: the comma makes it a tuple. */
    private static final Pattern ONE_TUPLE = Pattern.compile("\\s*\\d+\\s*,\\s*");
    /**
     * The whole header: a dict of three entries, in any order and spacing, ended by a newline. The key checks alone
     * would let through a header that a bit flip made into something NumPy's own parser refuses.
     */
    private static final Pattern HEADER = Pattern.compile("\\{\\s*(?:ENTRY\\s*,\\s*){2}ENTRY\\s*,?\\s*}\\s*\n"
            .replace("ENTRY", "'(?:descr|fortran_order|shape)'\\s*:\\s*(?:'[^']*'|\\w+|\\([^()]*\\))"));

    private Npy() {
    }

    /** Writes the values as a 1-D little-endian float32 array; does not close the stream. */
    public static void writeFloats(float[] values, OutputStream out) throws IOException {
        out.write(header(values.length));
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += CHUNK_FLOATS) {
            buf.clear();
            buf.asFloatBuffer().put(values, from, Math.min(CHUNK_FLOATS, values.length - from));
            out.write(buf.array(), 0, Math.min(CHUNK_FLOATS, values.length - from) * Float.BYTES);
        }
    }

    /** The length of the file {@link #writeFloats} writes for n floats; current NumPy writes the same for them. */
    static long fileLength(int n) {
        return header(n).length + (long) n * Float.BYTES;
    }

    /** The preamble and padded dict for a vector of n floats. */
    static byte[] header(int n) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + n + ",), }";
        int total = PREAMBLE + dict.length() + 1;
        int padded = (total + ALIGN - 1) / ALIGN * ALIGN;
        String text = dict + " ".repeat(padded - total) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        buf.put(text.getBytes(StandardCharsets.US_ASCII));
        return buf.array();
    }

    /**
     * Reads a 1-D little-endian float32 array written by {@link #writeFloats} or by NumPy; does not close the stream.
     *
     * @param nameForErrors the file's name, used in error messages
     * @throws ModelFileException when the file is not such an array or its data is short or too long
     */
    public static float[] readFloats(InputStream in, String nameForErrors) throws IOException {
        String dict = readHeader(in, nameForErrors);
        int n = checkDict(dict, nameForErrors);
        byte[] data = in.readNBytes(n * Float.BYTES);
        if (data.length < n * Float.BYTES)
            throw bad(nameForErrors, "is truncated: header says " + n + " floats, file has " + data.length
                    + " bytes of data");
        long extra = countRemaining(in);
        if (extra > 0)
            throw bad(nameForErrors, "has trailing data: header says " + n + " floats, file has "
                    + ((long) n * Float.BYTES + extra) + " bytes of data");
        float[] values = new float[n];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static String readHeader(InputStream in, String name) throws IOException {
        byte[] preamble = in.readNBytes(PREAMBLE);
        if (preamble.length < MAGIC.length
                || !Arrays.equals(preamble, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
            throw bad(name, "is not a NumPy .npy file (bad magic)");
        if (preamble.length < PREAMBLE)
            throw bad(name, "is truncated inside its header");
        if (preamble[6] != 1 || preamble[7] != 0)
            throw bad(name, "has npy format version " + preamble[6] + "." + preamble[7] + "; only 1.0 is supported");
        int length = ByteBuffer.wrap(preamble, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
        byte[] text = in.readNBytes(length);
        if (text.length < length)
            throw bad(name, "is truncated inside its header");
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** Checks the header dict and returns the vector's length. */
    private static int checkDict(String dict, String name) {
        String descr = group(DESCR, dict, name, "descr");
        if (!"<f4".equals(descr))
            throw bad(name, "holds dtype '" + descr + "'; expected little-endian float32 '<f4'");
        if (!"False".equals(group(FORTRAN, dict, name, "fortran_order")))
            throw bad(name, "is in Fortran order; expected fortran_order False");
        String[] dims = Arrays.stream(group(SHAPE, dict, name, "shape").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        if (dims.length != 1)
            throw bad(name, "has shape (" + String.join(", ", dims) + "); expected a 1-D array");
        if (!ONE_TUPLE.matcher(group(SHAPE, dict, name, "shape")).matches() || !HEADER.matcher(dict).matches())
            throw bad(name, "has a malformed header: " + abbreviate(dict.strip()));
        try {
            long n = Long.parseLong(dims[0]);
            if (n < 0) throw bad(name, "has a negative length " + n + " in its shape");
            if (n > MAX_FLOATS) throw bad(name, "is too large to read: " + n + " floats");
            return (int) n;
        } catch (NumberFormatException e) {
            throw bad(name, "has an unreadable shape '" + dims[0] + "'");
        }
    }

    private static String group(Pattern p, String dict, String name, String key) {
        Matcher m = p.matcher(dict);
        if (!m.find()) throw bad(name, "has no readable '" + key + "' in its header");
        return m.group(1);
    }

    /** At most the first 100 characters: the header of a corrupt file may be 64 KiB of anything. */
    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    private static long countRemaining(InputStream in) throws IOException {
        long count = 0;
        byte[] skip = new byte[8192];
        for (int r; (r = in.read(skip)) > 0; ) count += r;
        return count;
    }

    private static ModelFileException bad(String name, String problem) {
        return new ModelFileException(name + " " + problem);
    }
}
