package org.sparkmore.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.crypto.Mac;

/**
 * One authenticated TCP connection of barrier mode. First both ends prove they hold the stage's {@link ChannelKey}
 * (a challenge-response over fresh nonces) and the connecting end names its partition inside that proof. Then every
 * message is a frame {@code [type, length, payload, tag]} whose tag is an HMAC, under a session key of this
 * connection and direction, of a sequence number, the type and the payload: nothing can be injected, replayed,
 * reordered or altered on the way. A length is checked against the largest payload the owner expects before
 * anything is allocated. Any failure is a {@link ProtocolException} naming it.
 */
final class Wire implements Closeable {
    private static final int NONCE = 32;
    private static final int TAG = 32;
    /** Bytes sent or read, and hashed, at a time: the hashing of a large message overlaps its transfer. */
    private static final int CHUNK = 1 << 16;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final int peer;
    private final int maxPayload;
    private final Mac sendMac;
    private final Mac receiveMac;
    private long sent;
    private long received;

    /** A received message: its type and payload (little-endian, positioned at its start). */
    record Frame(int type, ByteBuffer body) {
    }

    private Wire(Socket socket, DataInputStream in, DataOutputStream out, int peer, int maxPayload, byte[] sendKey,
                 byte[] receiveKey) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.peer = peer;
        this.maxPayload = maxPayload;
        this.sendMac = ChannelKey.hmac(sendKey);
        this.receiveMac = ChannelKey.hmac(receiveKey);
    }

    /** Connects to "host:port" (the host may be an IPv6 literal) as partition {@code me} and authenticates. */
    static Wire connect(String address, ChannelKey key, int me, BarrierConfig config, int maxPayload)
            throws IOException {
        int colon = address.lastIndexOf(':');
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    config.connectTimeoutMs());
            s.setSoTimeout(config.connectTimeoutMs());
            DataInputStream in = input(s);
            DataOutputStream out = output(s);
            byte[] theirs = new byte[NONCE];
            in.readFully(theirs);
            byte[] mine = nonce();
            out.write(mine);
            out.writeInt(me);
            out.write(key.mac("hello", theirs, mine, ints(me)));
            out.flush();
            byte[] welcome = new byte[TAG];
            in.readFully(welcome);
            if (!ChannelKey.same(welcome, key.mac("welcome", theirs, mine, ints(me))))
                throw new ProtocolException("the endpoint at " + address + " does not hold this stage's key");
            s.setSoTimeout(config.readTimeoutMs());
            return new Wire(s, in, out, me, maxPayload, key.mac("up", theirs, mine), key.mac("down", theirs, mine));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Authenticates an accepted connection; the caller checks {@link #peer()} and closes the socket on failure. */
    static Wire accept(Socket s, ChannelKey key, BarrierConfig config, int maxPayload) throws IOException {
        s.setSoTimeout(config.connectTimeoutMs());
        DataInputStream in = input(s);
        DataOutputStream out = output(s);
        byte[] mine = nonce();
        out.write(mine);
        out.flush();
        byte[] theirs = new byte[NONCE];
        in.readFully(theirs);
        int who = in.readInt();
        byte[] hello = new byte[TAG];
        in.readFully(hello);
        if (!ChannelKey.same(hello, key.mac("hello", mine, theirs, ints(who))))
            throw new ProtocolException("it does not hold this stage's key");
        out.write(key.mac("welcome", mine, theirs, ints(who)));
        out.flush();
        s.setSoTimeout(config.readTimeoutMs());
        return new Wire(s, in, out, who, maxPayload, key.mac("down", mine, theirs), key.mac("up", mine, theirs));
    }

    /** Listens on the first free port from {@code port} (any free port for 0), trying {@code retries} more. */
    static ServerSocket listen(InetAddress address, int port, int retries, int backlog) throws IOException {
        for (int p = port; ; p++) {
            try {
                return new ServerSocket(p, backlog, address);
            } catch (BindException e) {
                if (port == 0 || p >= Math.min(65535, port + retries))
                    throw new BindException("no free port in " + port + "-" + p + " on " + address.getHostAddress()
                            + " (" + e.getMessage() + "); set barrier.driverPort/taskPort or barrier.portRetries");
            }
        }
    }

    /** The partition the connecting end proved it speaks for. */
    int peer() {
        return peer;
    }

    String remote() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    /** Sends one frame: the body from its position 0 to its position, hashed as it goes out. */
    synchronized void send(int type, ByteBuffer body) throws IOException {
        int n = body.position();
        sendMac.update(header(sent++, type, n));
        out.writeInt(type);
        out.writeInt(n);
        for (int from = 0; from < n; from += CHUNK) {
            int length = Math.min(CHUNK, n - from);
            out.write(body.array(), from, length);
            sendMac.update(body.array(), from, length);
        }
        out.write(sendMac.doFinal());
        out.flush();
    }

    /**
     * Reads the next frame, hashing it as it arrives; refuses one longer than the owner expects before reading it,
     * and one whose tag does not match.
     */
    Frame receive() throws IOException {
        int type = in.readInt();
        int n = in.readInt();
        if (n < 0 || n > maxPayload)
            throw new ProtocolException("a frame of " + n + " bytes where at most " + maxPayload + " are expected");
        receiveMac.update(header(received++, type, n));
        byte[] body = new byte[n];
        for (int from = 0; from < n; from += CHUNK) {
            int length = Math.min(CHUNK, n - from);
            in.readFully(body, from, length);
            receiveMac.update(body, from, length);
        }
        byte[] tag = new byte[TAG];
        in.readFully(tag);
        if (!ChannelKey.same(tag, receiveMac.doFinal()))
            throw new ProtocolException("a frame failed its authentication tag");
        return new Frame(type, ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Reads the next frame, which must have this type. */
    ByteBuffer receive(int type) throws IOException {
        Frame f = receive();
        if (f.type() != type) throw new ProtocolException("message type " + f.type() + " where " + type + " is due");
        return f.body();
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
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        b.putInt(bytes.length);
        b.put(bytes);
    }

    static String getString(ByteBuffer b, int maxBytes) throws ProtocolException {
        int n = b.getInt();
        if (n < 0 || n > Math.min(maxBytes, b.remaining()))
            throw new ProtocolException("a string of " + n + " bytes where at most " + maxBytes + " are expected");
        byte[] bytes = new byte[n];
        b.get(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A payload must be read to its end: trailing bytes mean the sender and the reader disagree on the format. */
    static void end(ByteBuffer b) throws ProtocolException {
        if (b.hasRemaining()) throw new ProtocolException(b.remaining() + " unexpected bytes at the end of a message");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** What the tag covers besides the payload: the sequence number, the type and the length. */
    private static byte[] header(long sequence, int type, int n) {
        return ByteBuffer.allocate(Long.BYTES + 2 * Integer.BYTES).putLong(sequence).putInt(type).putInt(n).array();
    }

    private static byte[] nonce() {
        byte[] b = new byte[NONCE];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] ints(int v) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(v).array();
    }

    private static DataInputStream input(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
    }

    private static DataOutputStream output(Socket s) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
    }
}
