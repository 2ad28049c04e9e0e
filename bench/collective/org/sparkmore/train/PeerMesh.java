package org.sparkmore.train;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BENCHMARK-ONLY copy of barrier mode's old all-to-all average (src/main/java at commit 1862478, deleted from main
 * when the chain all-reduce replaced it), kept under bench/ so it never ships; bench/collective.sh compiles it
 * against target/classes to measure it side by side with {@link ChainAllReduce}. Changes from the original: the
 * byte and connection counters ({@link #lastSumBytes}, {@link #connections}) that ChainAllReduce has.
 *
 * The barrier-mode tasks connected to each other, every pair by one authenticated connection
 * ({@link HmacConnection}). Each exchange sends this task's part to every peer and sums all parts in partition
 * order, so every task ends with bit-identical sums and nobody waits on the driver. A connection that cannot prove the
 * stage's key, or names a partition that is not due, is refused and logged on the executor, and the task goes on
 * waiting for its real peer.
 */
final class PeerMesh implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerMesh.class);
    private static final int UPDATE = 10;
    private static final int SUMS = 11;

    private final int me;
    private final HmacConnection[] peers;   // peers[me] is null
    private final int params;
    private final int state;
    private final ExecutorService senders;
    private long lastBytes;

    private PeerMesh(int me, HmacConnection[] peers, int params, int state) {
        this.me = me;
        this.peers = peers;
        this.params = params;
        this.state = state;
        // One sender per peer, so a full socket buffer towards one peer never stops us reading from another
        this.senders = Executors.newFixedThreadPool(Math.max(1, peers.length - 1), r -> {
            Thread t = new Thread(r, "sparkmore-peer-send");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a listening socket, swaps addresses through the driver, and connects to every other task: to the higher
     * partitions while accepting the lower ones, since a handshake needs both ends active.
     *
     * @param params, state the sizes every update must have
     */
    static PeerMesh open(int me, int tasks, String host, String executor, DriverLink driver, ChannelKey key,
                         BarrierConfig config, int params, int state) throws IOException {
        HmacConnection[] peers = new HmacConnection[tasks];
        int maxPayload = 4 * Long.BYTES + Payload.floatsBytes(params) + Payload.floatsBytes(state);
        try (ServerSocket server = HmacConnection.listen(InetAddress.getByName(host), config.taskPort(),
                config.portRetries(), tasks)) {
            String kernel = String.valueOf(System.getenv("OPENBLAS_CORETYPE"));
            List<String> addresses = driver.register(new DriverChannel.Registration(host + ":" + server.getLocalPort(),
                    executor, kernel));
            CompletableFuture<Void> lower = new CompletableFuture<>();
            daemon(() -> {
                try {
                    acceptLower(server, peers, me, key, config, maxPayload);
                    lower.complete(null);
                } catch (RuntimeException e) {
                    lower.completeExceptionally(e);
                }
            }).start();
            for (int j = me + 1; j < tasks; j++) {
                HmacConnection w = HmacConnection.connect(addresses.get(j), key, me, j, config, maxPayload);
                synchronized (peers) {
                    peers[j] = w;
                }
            }
            await(lower);
        } catch (IOException | RuntimeException e) {
            synchronized (peers) {
                for (HmacConnection w : peers) if (w != null) w.close();
            }
            throw e;
        }
        return new PeerMesh(me, peers, params, state);
    }

    /**
     * Accepts until every lower partition has connected, each handshake on its own thread so a stranger that sends
     * nothing holds up nobody; fails when the read timeout passes first.
     */
    private static void acceptLower(ServerSocket server, HmacConnection[] peers, int me, ChannelKey key,
                                    BarrierConfig config, int maxPayload) {
        CountDownLatch joined = new CountDownLatch(me);
        Semaphore handshakes = new Semaphore(me + 16); // the real peers, and room to refuse strangers
        long deadline = System.currentTimeMillis() + config.readTimeoutMs();
        try {
            while (joined.getCount() > 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) throw new SocketTimeoutException("partition " + me + " waited "
                        + config.readTimeoutSeconds() + " s for its peers; " + (me - joined.getCount()) + " of " + me
                        + " connected");
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
                        join(s, peers, me, key, config, maxPayload, joined);
                    } finally {
                        handshakes.release();
                    }
                }).start();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Authenticates one accepted connection and keeps it if it is a lower partition not yet connected. */
    private static void join(Socket s, HmacConnection[] peers, int me, ChannelKey key, BarrierConfig config,
                             int maxPayload, CountDownLatch joined) {
        try {
            HmacConnection w = HmacConnection.accept(s, key, me, config, maxPayload);
            synchronized (peers) {
                if (w.peer() < 0 || w.peer() >= me || peers[w.peer()] != null)
                    throw new ProtocolException("it names partition " + w.peer() + ", which is not due here");
                peers[w.peer()] = w;
            }
            joined.countDown();
        } catch (IOException | RuntimeException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a refused connection: nothing left to do
            }
            LOG.warn("barrier task {} refused a connection from {}: {}", me, s.getRemoteSocketAddress(), e.toString());
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "sparkmore-peer-accept");
        t.setDaemon(true);
        return t;
    }

    private static void await(CompletableFuture<Void> lower) throws IOException {
        try {
            lower.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the peers");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.io.UncheckedIOException u) throw u.getCause();
            throw new IOException(e.getCause());
        }
    }

    /** Every task's round result, summed in partition order: the same WeightedSum on every task. */
    WeightedSum sum(PartitionTrainer.LocalResult mine, long computeNanos) throws IOException {
        long before = bytesSent();
        ByteBuffer b = Payload.body(4 * Long.BYTES + Payload.floatsBytes(params) + Payload.floatsBytes(state));
        b.putLong(mine.examples()).putDouble(mine.lossSum()).putLong(mine.steps()).putLong(computeNanos);
        Payload.putFloats(b, mine.vector());
        Payload.putFloats(b, mine.state());
        List<Future<?>> sent = send(UPDATE, b);
        WeightedSum sum = WeightedSum.empty();
        for (int j = 0; j < peers.length; j++)
            sum.add(j == me ? WeightedSum.of(mine).timed(computeNanos) : receiveUpdate(j));
        await(sent);
        lastBytes = bytesSent() - before;
        return sum;
    }

    /** Bytes the last {@link #sum(PartitionTrainer.LocalResult, long)} sent, framing included. */
    long lastSumBytes() {
        return lastBytes;
    }

    /** Open connections to other tasks: tasks - 1. */
    int connections() {
        int n = 0;
        for (HmacConnection w : peers) if (w != null) n++;
        return n;
    }

    private long bytesSent() {
        long n = 0;
        for (HmacConnection w : peers) if (w != null) n += w.bytesSent();
        return n;
    }

    /** Element-wise sum of small vectors (e.g. dev loss sums), in partition order. */
    double[] sum(double[] mine) throws IOException {
        ByteBuffer b = Payload.body(Double.BYTES * mine.length);
        for (double d : mine) b.putDouble(d);
        List<Future<?>> sent = send(SUMS, b);
        double[] sum = new double[mine.length];
        for (int j = 0; j < peers.length; j++) {
            ByteBuffer theirs = j == me ? null : receive(j, SUMS, Double.BYTES * mine.length);
            for (int i = 0; i < sum.length; i++) sum[i] += j == me ? mine[i] : theirs.getDouble();
        }
        await(sent);
        return sum;
    }

    /** Reads partition j's update, checking its sizes and counts. */
    private WeightedSum receiveUpdate(int j) throws IOException {
        ByteBuffer b = receive(j, UPDATE, -1);
        try {
            long examples = b.getLong();
            double lossSum = b.getDouble();
            long steps = b.getLong();
            long nanos = b.getLong();
            float[] vector = Payload.getFloats(b, params, examples == 0, "parameters");
            float[] st = Payload.getFloats(b, state, true, "optimizer state");
            Payload.end(b);
            if (examples < 0 || steps < 0 || nanos < 0)
                throw new ProtocolException("negative counts from partition " + j);
            return WeightedSum.of(new PartitionTrainer.LocalResult(vector, st, examples, lossSum, steps)).timed(nanos);
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProtocolException("a short update from partition " + j);
        }
    }

    /** The next frame from partition j, of this type and (unless -1) exactly this size. */
    private ByteBuffer receive(int j, int type, int bytes) throws IOException {
        try {
            ByteBuffer b = peers[j].receive(type);
            if (bytes >= 0 && b.remaining() != bytes)
                throw new ProtocolException("a message of " + b.remaining() + " bytes where " + bytes + " are due");
            return b;
        } catch (java.io.EOFException e) {
            throw new java.io.EOFException("partition " + j + " closed its connection (its task ended or failed)");
        }
    }

    private List<Future<?>> send(int type, ByteBuffer body) {
        List<Future<?>> sent = new ArrayList<>();
        for (HmacConnection w : peers)
            if (w != null) sent.add(senders.submit(() -> {
                w.send(type, body);
                return null;
            }));
        return sent;
    }

    private static void await(List<Future<?>> sent) throws IOException {
        try {
            for (Future<?> f : sent) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to peers", e);
        } catch (ExecutionException e) {
            throw new IOException("sending to a peer failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        senders.shutdownNow();
        for (HmacConnection w : peers) if (w != null) w.close();
    }
}
