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
 * One authenticated TCP connection of barrier mode, every frame carrying an HMAC (it is not encrypted). First both ends
 * prove they hold the stage's {@link ChannelKey} (a challenge-response over fresh nonces), and the connecting end names
 * its partition and the endpoint it means inside that proof. Then every message is a frame {@code [type, length,
 * payload, tag]} whose tag is an HMAC, under a session key of this connection and direction, of a sequence number, the
 * type and the payload: nothing can be injected, replayed, reordered or altered on the way. A length is checked against
 * the largest payload the owner expects before anything is allocated. Any failure is a {@link ProtocolException} naming
 * it.
 */
final class HmacConnection implements Closeable {
    /** The partition number that stands for the driver's endpoint. */
    static final int DRIVER = -1;
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
    private long bytesOut;

    /** A received message: its type and payload (little-endian, positioned at its start). */
    record Frame(int type, ByteBuffer body) {
    }

    private HmacConnection(Socket socket, DataInputStream in, DataOutputStream out, int peer, int maxPayload,
                           byte[] sendKey, byte[] receiveKey) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.peer = peer;
        this.maxPayload = maxPayload;
        this.sendMac = ChannelKey.hmac(sendKey);
        this.receiveMac = ChannelKey.hmac(receiveKey);
    }

    /**
     * Connects to "host:port" (the host may be an IPv6 literal) as partition {@code me}, to the endpoint of
     * partition {@code target} ({@link #DRIVER} for the driver's), and authenticates. An endpoint that closes the
     * connection before its challenge (one busy refusing strangers) is tried again until the connect timeout.
     */
    static HmacConnection connect(String address, ChannelKey key, int me, int target, BarrierConfig config,
                                  int maxPayload) throws IOException {
        long deadline = System.currentTimeMillis() + config.connectTimeoutMs();
        for (long pause = 50; ; pause = Math.min(2 * pause, 1000)) {
            try {
                return connectOnce(address, key, me, target, config, maxPayload, deadline);
            } catch (java.io.EOFException | java.net.SocketException e) {
                if (System.currentTimeMillis() + pause >= deadline) throw e;
                sleep(pause);
            }
        }
    }

    private static HmacConnection connectOnce(String address, ChannelKey key, int me, int target, BarrierConfig config,
                                    int maxPayload, long deadline) throws IOException {
        int colon = address.lastIndexOf(':');
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(address.substring(0, colon),
                            Integer.parseInt(address.substring(colon + 1))),
                    config.connectTimeoutMs());
            DataInputStream in = input(s);
            DataOutputStream out = output(s);
            byte[] theirs = read(s, in, NONCE, deadline);
            byte[] mine = nonce();
            byte[] ends = ints(me, target);
            out.write(mine);
            out.write(ends);
            out.write(key.mac("hello", theirs, mine, ends));
            out.flush();
            byte[] welcome;
            try {
                welcome = read(s, in, TAG, deadline);
            } catch (java.io.EOFException e) { // not worth a retry: it heard our proof and closed
                throw new ProtocolException("the endpoint at " + address + " refused this task's proof");
            }
            if (!ChannelKey.same(welcome, key.mac("welcome", theirs, mine, ends)))
                throw new ProtocolException("the endpoint at " + address + " does not hold this stage's key");
            s.setSoTimeout(config.readTimeoutMs());
            return new HmacConnection(s, in, out, me, maxPayload, key.mac("up", theirs, mine, ends),
                    key.mac("down", theirs, mine, ends));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Authenticates an accepted connection to partition {@code me}'s endpoint ({@link #DRIVER} for the driver's),
     * within the connect timeout in all, however slowly the other end sends; the caller checks {@link #peer()} and
     * closes the socket on failure.
     */
    static HmacConnection accept(Socket s, ChannelKey key, int me, BarrierConfig config, int maxPayload)
            throws IOException {
        long deadline = System.currentTimeMillis() + config.connectTimeoutMs();
        DataInputStream in = input(s);
        DataOutputStream out = output(s);
        byte[] mine = nonce();
        out.write(mine);
        out.flush();
        byte[] theirs = read(s, in, NONCE, deadline);
        byte[] ends = read(s, in, 2 * Integer.BYTES, deadline);
        byte[] hello = read(s, in, TAG, deadline);
        if (!ChannelKey.same(hello, key.mac("hello", mine, theirs, ends)))
            throw new ProtocolException("it does not hold this stage's key");
        ByteBuffer named = ByteBuffer.wrap(ends);
        int who = named.getInt();
        if (named.getInt() != me) throw new ProtocolException("it holds the key but meant another endpoint");
        out.write(key.mac("welcome", mine, theirs, ends));
        out.flush();
        s.setSoTimeout(config.readTimeoutMs());
        return new HmacConnection(s, in, out, who, maxPayload, key.mac("down", mine, theirs, ends),
                key.mac("up", mine, theirs, ends));
    }

    /** Reads n bytes by the deadline, however they trickle in. */
    private static byte[] read(Socket s, DataInputStream in, int n, long deadline) throws IOException {
        byte[] b = new byte[n];
        for (int got = 0; got < n; ) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) throw new java.net.SocketTimeoutException("it did not prove its key in time");
            s.setSoTimeout((int) left);
            int r = in.read(b, got, n - got);
            if (r < 0) throw new java.io.EOFException("the connection closed during the handshake");
            got += r;
        }
        return b;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while connecting");
        }
    }

    /** A connected partition that sends nothing more may stay silent as long as it likes (it is not hung). */
    void quiet() throws IOException {
        socket.setSoTimeout(0);
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
        bytesOut += 2 * Integer.BYTES + n + TAG;
    }

    /** Bytes of frames sent so far, framing included (the handshake not). */
    synchronized long bytesSent() {
        return bytesOut;
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

    private static byte[] ints(int a, int b) {
        return ByteBuffer.allocate(2 * Integer.BYTES).putInt(a).putInt(b).array();
    }

    private static DataInputStream input(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        return new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
    }

    private static DataOutputStream output(Socket s) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
    }
}
