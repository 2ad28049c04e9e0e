package org.sparkmore.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One TCP connection of barrier mode, with the few message parts it carries: ints, longs, doubles, strings and
 * float vectors (sent as raw little-endian bytes, a length of -1 for null).
 */
final class Wire implements Closeable {
    /** No single read waits longer: a peer that died closes its socket, but a hung one must not hang us. */
    static final int TIMEOUT_MS = 10 * 60 * 1000;

    private final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;

    Wire(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MS);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
    }

    /** Opens a socket to "host:port"; the host may be an IPv6 literal, so split at the last colon. */
    static Socket connect(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        return new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }

    void writeFloats(float[] v) throws IOException {
        if (v == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(v.length);
        ByteBuffer bytes = ByteBuffer.allocate(Math.min(v.length, 1 << 14) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < v.length; from += bytes.capacity() / Float.BYTES) {
            int n = Math.min(bytes.capacity() / Float.BYTES, v.length - from);
            bytes.clear();
            bytes.asFloatBuffer().put(v, from, n);
            out.write(bytes.array(), 0, n * Float.BYTES);
        }
    }

    float[] readFloats() throws IOException {
        int length = in.readInt();
        if (length < 0) return null;
        float[] v = new float[length];
        byte[] chunk = new byte[Math.min(length, 1 << 14) * Float.BYTES];
        for (int from = 0; from < length; from += chunk.length / Float.BYTES) {
            int n = Math.min(chunk.length / Float.BYTES, length - from);
            in.readFully(chunk, 0, n * Float.BYTES);
            ByteBuffer.wrap(chunk, 0, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v, from, n);
        }
        return v;
    }

    /** A partition's round result and how long it computed. */
    void writeUpdate(PartitionTrainer.Update u, long computeNanos) throws IOException {
        out.writeLong(u.examples());
        out.writeDouble(u.lossSum());
        out.writeLong(u.steps());
        out.writeLong(computeNanos);
        writeFloats(u.vector());
        writeFloats(u.state());
        out.flush();
    }

    /** Reads what writeUpdate wrote, as the Contribution the rounds mode would have built from it. */
    Contribution readContribution() throws IOException {
        long examples = in.readLong();
        double lossSum = in.readDouble();
        long steps = in.readLong();
        long nanos = in.readLong();
        float[] vector = readFloats();
        float[] state = readFloats();
        return Contribution.of(new PartitionTrainer.Update(vector, state, examples, lossSum, steps)).timed(nanos);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
