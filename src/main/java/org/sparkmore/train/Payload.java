package org.sparkmore.train;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * How barrier mode lays out a message's payload: little-endian numbers, float vectors as a length (-1 for null) and
 * raw floats, strings as a length and UTF-8 bytes. Readers check every length against what the run expects.
 */
final class Payload {

    private Payload() {
    }

    /** A body buffer of this many bytes, in the wire's byte order. */
    static ByteBuffer body(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Bytes {@link #putFloats} writes for a vector of this length. */
    static int floatsBytes(long length) {
        return Integer.BYTES + Float.BYTES * (int) length;
    }

    /** A length (-1 for null), then the floats. */
    static void putFloats(ByteBuffer b, float[] v) {
        b.putInt(v == null ? -1 : v.length);
        if (v == null) return;
        b.asFloatBuffer().put(v);
        b.position(b.position() + Float.BYTES * v.length);
    }

    /** Reads what putFloats wrote; the length must be {@code expected}, or -1 (null) where {@code nullable}. */
    static float[] getFloats(ByteBuffer b, int expected, boolean nullable, String what) throws ProtocolException {
        int length = b.getInt();
        if (length == -1 && nullable) return null;
        if (length != expected) throw new ProtocolException(what + " of " + length + " floats where " + expected
                + " are expected");
        float[] v = new float[length];
        b.asFloatBuffer().get(v);
        b.position(b.position() + Float.BYTES * length);
        return v;
    }

    /** A string as a length and UTF-8 bytes. */
    static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putInt(bytes.length);
        b.put(bytes);
    }

    static String getString(ByteBuffer b, int maxBytes) throws ProtocolException {
        int n = b.getInt();
        if (n < 0 || n > Math.min(maxBytes, b.remaining()))
            throw new ProtocolException("a string of " + n + " bytes where at most " + maxBytes + " are expected");
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A payload must be read to its end: trailing bytes mean the sender and the reader disagree on the format. */
    static void end(ByteBuffer b) throws ProtocolException {
        if (b.hasRemaining()) throw new ProtocolException(b.remaining() + " unexpected bytes at the end of a message");
    }

}
