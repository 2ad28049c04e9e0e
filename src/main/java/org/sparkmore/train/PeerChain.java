package org.sparkmore.train;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The barrier-mode tasks connected in a chain in partition order: each task holds one authenticated connection
 * ({@link HmacConnection}) to the partition below it and one to the partition above, however many tasks there are. A
 * connection that cannot prove the stage's key, or names a partition other than the one due, is refused and logged
 * on the executor, and the task goes on waiting for its real neighbour.
 */
final class PeerChain implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerChain.class);

    private final int me;
    private final HmacConnection left;   // partition me - 1; null for partition 0
    private final HmacConnection right;  // partition me + 1; null for the last partition

    private PeerChain(int me, HmacConnection left, HmacConnection right) {
        this.me = me;
        this.left = left;
        this.right = right;
    }

    /**
     * Opens a listening socket, swaps addresses through the driver, connects to the partition above while accepting
     * the one below (a handshake needs both ends active), and bounds every frame by {@code maxPayload} bytes.
     */
    static PeerChain open(int me, int tasks, String host, String executor, DriverLink driver, ChannelKey key,
                          BarrierConfig config, int maxPayload) throws IOException {
        Slot below = new Slot();
        HmacConnection above = null;
        try (ServerSocket server = HmacConnection.listen(InetAddress.getByName(host), config.taskPort(),
                config.portRetries(), 16)) {
            String kernel = String.valueOf(System.getenv("OPENBLAS_CORETYPE"));
            List<String> addresses = driver.register(new DriverChannel.Registration(host + ":" + server.getLocalPort(),
                    executor, kernel));
            CompletableFuture<Void> accepted = new CompletableFuture<>();
            daemon(() -> {
                try {
                    if (me > 0) acceptBelow(server, below, me, key, config, maxPayload);
                    accepted.complete(null);
                } catch (RuntimeException e) {
                    accepted.completeExceptionally(e);
                }
            }).start();
            if (me + 1 < tasks)
                above = HmacConnection.connect(addresses.get(me + 1), key, me, me + 1, config, maxPayload);
            await(accepted);
        } catch (IOException | RuntimeException e) {
            if (above != null) above.close();
            synchronized (below) {
                below.closed = true; // a handshake still under way closes its connection instead of keeping it
                if (below.wire != null) below.wire.close();
            }
            throw e;
        }
        synchronized (below) {
            return new PeerChain(me, below.wire, above);
        }
    }

    /**
     * Accepts until partition me - 1 has connected, each handshake on its own thread so a stranger that sends
     * nothing holds up nobody; fails when the read timeout passes first.
     */
    private static void acceptBelow(ServerSocket server, Slot below, int me, ChannelKey key, BarrierConfig config,
                                    int maxPayload) {
        CompletableFuture<Void> joined = new CompletableFuture<>();
        Semaphore handshakes = new Semaphore(1 + 16); // the real neighbour, and room to refuse strangers
        long deadline = System.currentTimeMillis() + config.readTimeoutMs();
        try {
            while (!joined.isDone()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) throw new SocketTimeoutException("partition " + me + " waited "
                        + config.readTimeoutSeconds() + " s for partition " + (me - 1) + " to connect");
                server.setSoTimeout((int) Math.min(left, 200));
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException poll) {
                    continue;
                }
                if (!handshakes.tryAcquire()) {
                    s.close(); // a real peer retries
                    continue;
                }
                daemon(() -> {
                    try {
                        join(s, below, me, key, config, maxPayload, joined);
                    } finally {
                        handshakes.release();
                    }
                }).start();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Authenticates one accepted connection and keeps it if it is partition me - 1, not yet connected. */
    private static void join(Socket s, Slot below, int me, ChannelKey key, BarrierConfig config, int maxPayload,
                             CompletableFuture<Void> joined) {
        try {
            HmacConnection w = HmacConnection.accept(s, key, me, config, maxPayload);
            synchronized (below) {
                if (below.closed) {
                    w.close();
                    return;
                }
                if (w.peer() != me - 1 || below.wire != null)
                    throw new ProtocolException("it names partition " + w.peer() + ", which is not due here");
                below.wire = w;
            }
            joined.complete(null);
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a refused connection: nothing left to do
            }
            LOG.warn("barrier task {} refused a connection from {}: {}", me, s.getRemoteSocketAddress(), e.toString());
        }
    }

    /** The connection from the partition below, once it has proved itself; closed once opening has failed. */
    private static final class Slot {
        HmacConnection wire;
        boolean closed;
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "sparkmore-peer-accept");
        t.setDaemon(true);
        return t;
    }

    private static void await(CompletableFuture<Void> accepted) throws IOException {
        try {
            accepted.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the peers");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException u) throw u.getCause();
            throw new IOException(e.getCause());
        }
    }

    int me() {
        return me;
    }

    boolean first() {
        return left == null;
    }

    boolean last() {
        return right == null;
    }

    /** Open connections to other tasks: at most 2, whatever the number of tasks. */
    int connections() {
        return (left == null ? 0 : 1) + (right == null ? 0 : 1);
    }

    /** Bytes of frames this task has sent to its neighbours so far. */
    long bytesSent() {
        return (left == null ? 0 : left.bytesSent()) + (right == null ? 0 : right.bytesSent());
    }

    void sendUp(int type, ByteBuffer body) throws IOException {
        right.send(type, body);
    }

    void sendDown(int type, ByteBuffer body) throws IOException {
        left.send(type, body);
    }

    /** The next frame from the partition below, of this type and exactly this size. */
    ByteBuffer receiveFromBelow(int type, int bytes) throws IOException {
        return receive(left, me - 1, type, bytes);
    }

    /** The next frame from the partition above, of this type and exactly this size. */
    ByteBuffer receiveFromAbove(int type, int bytes) throws IOException {
        return receive(right, me + 1, type, bytes);
    }

    private static ByteBuffer receive(HmacConnection w, int partition, int type, int bytes) throws IOException {
        try {
            ByteBuffer b = w.receive(type);
            if (b.remaining() != bytes)
                throw new ProtocolException("a message of " + b.remaining() + " bytes where " + bytes + " are due");
            return b;
        } catch (java.io.EOFException e) {
            throw new java.io.EOFException("partition " + partition
                    + " closed its connection (its task ended or failed)");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (left != null) left.close();
        } finally {
            if (right != null) right.close();
        }
    }
}
