package org.sparkmore.train;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The driver's side of barrier mode: a TCP endpoint where the tasks swap their addresses once (Spark's own
 * BarrierTaskContext.allGather polls and costs about a second), and where task 0 reports each round and sends
 * checkpoints. Parameters never pass through here per round: the tasks average among themselves
 * ({@link ChainAllReduce}).
 *
 * <p>Every connection proves it holds the stage's key before anything it sends is read ({@link HmacConnection}), each
 * partition registers once, and only partition 0 reports: its rounds in order, its checkpoints for the round it last
 * reported, with exactly the run's parameter and state sizes. Anything else closes that connection and is logged
 * in one line; it never reaches the listener, so it cannot change the run. Handshakes run in parallel, each within
 * the connect timeout, and tasks retry a connection closed for want of room, so strangers cannot lock them out
 * short of a flood that keeps all 64 stranger places busy for the whole connect timeout.
 */
final class DriverChannel implements Closeable {
    static final int REGISTER = 1;
    static final int ROUND = 2;
    static final int CHECKPOINT = 3;
    static final int ADDRESSES = 4;
    /** Longest address (a 253-character host name and a port), executor id or BLAS kernel name a task registers. */
    static final int MAX_STRING = 320;
    /** Connections proving the key at once besides the tasks'; more are closed at once (the tasks retry). */
    private static final int MAX_STRANGERS = 64;
    /** Refusals logged one by one; later ones are counted. */
    private static final int MAX_LOGGED = 10;

    /** What task 0 reports after each round; devLoss is NaN when the round was not evaluated. */
    record RoundReport(int round, long examples, double trainLoss, double devLoss, long roundNanos,
                       long computeNanos, long evalNanos) {
    }

    /** What a task says of itself when it registers: where its peers reach it, its executor, its BLAS kernel. */
    record Registration(String address, String executor, String blasKernel) {
    }

    interface Listener {
        void round(RoundReport report);

        void checkpoint(Checkpoint checkpoint);

        /** The channel failed on the driver's side; whoever waits on checkpoints should stop waiting. */
        void failed(Exception e);
    }

    private final ServerSocket server;
    private final String advertised;
    private final ChannelKey key;
    private final BarrierConfig config;
    private final int tasks;
    private final int params;
    private final int state;
    private final Listener listener;
    private final Consumer<String> log;
    private final Registration[] registered;
    private final HmacConnection[] wires;
    private final List<Socket> connected = Collections.synchronizedList(new ArrayList<>());
    private final Semaphore pending;
    private final AtomicInteger refused = new AtomicInteger();
    private int nextRound;       // the round partition 0 reports next
    private long examples;       // windows trained on up to the last reported round
    private int lastCheckpoint;  // the round of the last checkpoint taken
    private volatile boolean closed;
    private volatile Exception failure;

    /**
     * Listens on {@code bind} (spark.driver.bindAddress) and tells the tasks to connect to {@code advertisedHost}
     * (spark.driver.host), as Spark's own driver endpoints do behind NAT or in containers.
     */
    DriverChannel(InetAddress bind, String advertisedHost, ChannelKey key, BarrierConfig config, int tasks,
                  Checkpoint start, Listener listener, Consumer<String> log) throws IOException {
        this.server = HmacConnection.listen(bind, config.driverPort(), config.portRetries(), tasks);
        this.advertised = advertisedHost + ":" + server.getLocalPort();
        this.key = key;
        this.config = config;
        this.tasks = tasks;
        this.params = start.params().length;
        this.state = start.state() == null ? 0 : start.state().length;
        this.listener = listener;
        this.log = log;
        this.registered = new Registration[tasks];
        this.pending = new Semaphore(tasks + MAX_STRANGERS);
        this.wires = new HmacConnection[tasks];
        this.nextRound = start.round() + 1;
        this.examples = start.examples();
        this.lastCheckpoint = start.round();
        Thread acceptor = new Thread(this::acceptAll, "sparkmore-driver-channel");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** host:port for the tasks to connect to. */
    String address() {
        return advertised;
    }

    /** The address the endpoint listens on. */
    String boundAddress() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Connections and messages refused so far. */
    int refused() {
        return refused.get();
    }

    private void acceptAll() {
        try {
            while (!server.isClosed()) {
                Socket s = server.accept();
                if (!pending.tryAcquire()) {
                    refuse(s.getRemoteSocketAddress(), "too many connections proving their key at once");
                    s.close();
                    continue;
                }
                connected.add(s);
                if (closed) s.close(); // close() may have missed it
                Thread t = new Thread(() -> serve(s), "sparkmore-driver-link");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            if (!server.isClosed()) fail(e); // otherwise the channel was closed: the stage is over
        }
    }

    /** One connection: authenticate, register, then (partition 0 only) rounds and checkpoints until it ends. */
    private void serve(Socket s) {
        boolean proven = false;
        try (s) {
            HmacConnection w = HmacConnection.accept(s, key, HmacConnection.DRIVER, config, maxPayload());
            if (w.peer() < 0 || w.peer() >= tasks)
                throw new ProtocolException("it names partition " + w.peer() + " of a stage of " + tasks);
            register(w, w.receive(REGISTER));
            proven = true;
            pending.release();
            if (w.peer() != 0) w.quiet(); // only partition 0 reports; the others just hold their link open
            while (!closed) report(w, w.receive());
        } catch (EOFException | SocketException ended) {
            // The task finished or failed (Spark reports task failures), or the channel closed; else a stranger left
            if (!proven && !closed) refuse(s.getRemoteSocketAddress(), "it closed the connection before registering");
        } catch (IOException | RuntimeException e) {
            if (!closed) refuse(s.getRemoteSocketAddress(), why(e));
        } finally {
            if (!proven) pending.release();
            connected.remove(s);
        }
    }

    /** Records a task's registration; once every partition has registered, sends each the full address list. */
    private synchronized void register(HmacConnection w, ByteBuffer body) throws IOException {
        Registration r = new Registration(Payload.getString(body, MAX_STRING), Payload.getString(body, MAX_STRING),
                Payload.getString(body, MAX_STRING));
        Payload.end(body);
        if (registered[w.peer()] != null)
            throw new ProtocolException("partition " + w.peer() + " has already registered");
        registered[w.peer()] = r;
        wires[w.peer()] = w;
        for (Registration each : registered) if (each == null) return;
        warnOnMixedKernels();
        ByteBuffer all = Payload.body(tasks * (Integer.BYTES + 4 * MAX_STRING));
        for (Registration each : registered) Payload.putString(all, each.address());
        for (HmacConnection each : wires) each.send(ADDRESSES, all);
    }

    /** Tasks on different OpenBLAS kernels round differently: the run is still right, but not bit-reproducible. */
    private void warnOnMixedKernels() {
        java.util.Map<String, List<Integer>> byKernel = new java.util.TreeMap<>();
        for (int p = 0; p < tasks; p++)
            byKernel.computeIfAbsent(registered[p].blasKernel(), k -> new ArrayList<>()).add(p);
        if (byKernel.size() > 1) log.accept("warning: the tasks run different OpenBLAS kernels (OPENBLAS_CORETYPE by "
                + "partition: " + byKernel + "); parameters may differ from another run's in the last bits; set "
                + "spark.executorEnv.OPENBLAS_CORETYPE (conf/spark-defaults.conf)");
    }

    /** Partition 0's next message: a round in order, or the checkpoint of the round it just reported. */
    private synchronized void report(HmacConnection w, HmacConnection.Frame f) throws IOException {
        if (w.peer() != 0) throw new ProtocolException("partition " + w.peer() + " sent a report; only 0 reports");
        ByteBuffer b = f.body();
        if (f.type() == ROUND) {
            RoundReport r = new RoundReport(b.getInt(), b.getLong(), b.getDouble(), b.getDouble(), b.getLong(),
                    b.getLong(), b.getLong());
            Payload.end(b);
            check(r);
            nextRound++;
            examples = r.examples();
            if (!closed) listener.round(r);
        } else if (f.type() == CHECKPOINT) {
            Checkpoint c = new Checkpoint(b.getInt(), b.getLong(), Payload.getFloats(b, params, false, "parameters"),
                    Payload.getFloats(b, state, state == 0, "optimizer state"));
            Payload.end(b);
            if (c.round() != nextRound - 1 || c.round() <= lastCheckpoint || c.examples() != examples)
                throw new ProtocolException("a checkpoint of round " + c.round() + " after " + c.examples()
                        + " windows; the last report was of round " + (nextRound - 1) + " after " + examples);
            lastCheckpoint = c.round();
            if (!closed) listener.checkpoint(c);
        } else {
            throw new ProtocolException("unknown message type " + f.type());
        }
    }

    /**
     * A report must be the next round, count windows forward, and carry non-negative losses and times. A loss may
     * be NaN or infinite: a diverging run is the run's own result, not a forgery (only partition 0 gets here).
     */
    private void check(RoundReport r) throws ProtocolException {
        if (r.round() != nextRound) throw new ProtocolException("a report of round " + r.round() + " where round "
                + nextRound + " is due");
        boolean sane = r.examples() > examples && !(r.trainLoss() < 0) && !(r.devLoss() < 0)
                && r.roundNanos() >= 0 && r.computeNanos() >= 0 && r.evalNanos() >= 0;
        if (!sane) throw new ProtocolException("a report of round " + r.round() + " with impossible numbers " + r);
    }

    /** The largest message the driver reads: a checkpoint, or a registration. */
    private int maxPayload() {
        return Math.max(3 * (Integer.BYTES + MAX_STRING),
                Integer.BYTES + Long.BYTES + Payload.floatsBytes(params) + Payload.floatsBytes(state));
    }

    private void refuse(Object from, String why) {
        int n = refused.incrementAndGet();
        if (n <= MAX_LOGGED) log.accept("barrier channel: refused a connection from " + from + ": " + why
                + (n == MAX_LOGGED ? " (further refusals are counted, not shown)" : ""));
    }

    private static String why(Throwable e) {
        if (e instanceof java.nio.BufferUnderflowException) return "a message shorter than its type requires";
        if (e instanceof java.net.SocketTimeoutException) return "it went silent for longer than its timeout";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Keeps the first failure of the endpoint itself for {@link #failure()}; the driver's waits check it. */
    private synchronized void fail(Exception e) {
        if (failure == null) failure = e;
        listener.failed(e);
    }

    /** The first error of the endpoint itself (it could not accept), or null. */
    Exception failure() {
        return failure;
    }

    /** Closes the endpoint and every connection, so tasks of a failed stage stop waiting on the driver. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true; // under the lock that report() holds: nothing reaches the listener after this
        }
        server.close();
        synchronized (connected) {
            for (Socket s : connected) s.close();
        }
        if (refused.get() > 0) log.accept("barrier channel: refused " + refused.get() + " in all");
    }
}
