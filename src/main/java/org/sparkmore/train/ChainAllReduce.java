package org.sparkmore.train;

import java.io.Closeable;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Barrier mode's all-reduce: a pipelined chain in partition order (the pipelined broadcast/reduce of Patarasuk and
 * Yuan, "Bandwidth optimal all-reduce algorithms for clusters of workstations", 2009), over a {@link PeerChain}.
 * The state, cut into chunks, flows up the chain: partition i adds its term to the partial sum of partitions
 * 0..i-1 and passes it on, so every value is summed in partition order, as rounds mode sums on the driver; the last
 * partition then sends the finished sums back down the chain, so every task holds the same bits. Chunks let each
 * task forward one while the next arrives, so a round takes about (tasks + chunks) chunk transfers per direction,
 * and each task sends at most 2 states' bytes (plus framing) over 2 connections, whatever the number of tasks.
 */
final class ChainAllReduce implements Closeable {
    private static final int HEADER = 10;
    private static final int CHUNK = 11;
    private static final int SUMS = 12;
    private static final int HEADER_BYTES = 4 * Long.BYTES;
    /** Floats a chunk: 256 KiB frames pipeline well and make the 40 bytes of framing each negligible. */
    private static final int CHUNK_FLOATS = 1 << 16;

    private final PeerChain chain;
    private final int params;
    private final int state;
    /** Sends in order on its own thread, so this one keeps reading while a neighbour is slow to take a chunk. */
    private final ExecutorService sender;
    private final List<Future<?>> sent = new ArrayList<>();
    private long lastBytes;
    private final long sendTimeoutMs; // barrier.readTimeoutSeconds, the patience for a neighbour either way

    private ChainAllReduce(PeerChain chain, int params, int state, long sendTimeoutMs) {
        this.chain = chain;
        this.sendTimeoutMs = sendTimeoutMs;
        this.params = params;
        this.state = state;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sparkmore-peer-send");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects this task to its neighbours (see {@link PeerChain#open}); every update has these sizes. */
    static ChainAllReduce open(int me, int tasks, String host, String executor, DriverLink driver, ChannelKey key,
                               BarrierConfig config, int params, int state) throws IOException {
        int maxPayload = Math.max(HEADER_BYTES, Float.BYTES * CHUNK_FLOATS);
        return new ChainAllReduce(PeerChain.open(me, tasks, host, executor, driver, key, config, maxPayload), params,
                state, config.readTimeoutSeconds() * 1000L);
    }

    /** Every task's round result, summed in partition order: the same WeightedSum, bit for bit, on every task. */
    WeightedSum sum(PartitionTrainer.LocalResult mine, long computeNanos) throws IOException {
        long before = chain.bytesSent();
        WeightedSum own = WeightedSum.of(mine).timed(computeNanos);
        WeightedSum below = chain.first() ? WeightedSum.empty() : receiveHeader(true);
        WeightedSum upTo = headerOf(below).add(headerOf(own));
        if (chain.last()) queueDown(HEADER, header(upTo)); // the top's partial sums are the totals: send them back
        else queueUp(HEADER, header(upTo));
        float[] sums = new float[params + state];
        float[] terms = own.examples() == 0 ? null : concat(own.vectorSum(), own.stateSum());
        boolean replace = below.examples() == 0; // as WeightedSum.add: the first term is the sum, not 0 + term
        for (int from = 0; from < sums.length; from += CHUNK_FLOATS) {
            int to = Math.min(sums.length, from + CHUNK_FLOATS);
            if (!chain.first()) read(chain.receiveFromBelow(CHUNK, Float.BYTES * (to - from)), sums, from, to);
            if (terms != null) for (int i = from; i < to; i++) sums[i] = replace ? terms[i] : sums[i] + terms[i];
            if (chain.last()) queueDown(CHUNK, chunk(sums, from, to));
            else queueUp(CHUNK, chunk(sums, from, to));
        }
        WeightedSum total = chain.last() ? upTo : broadcast(sums);
        awaitSent();
        lastBytes = chain.bytesSent() - before;
        return WeightedSum.ofSums(Arrays.copyOfRange(sums, 0, params), Arrays.copyOfRange(sums, params, sums.length),
                total.examples(), total.lossSum(), total.steps(), total.computeNanos());
    }

    /** Below the top: takes the finished sums and counts from above, passes them down, and returns the counts. */
    private WeightedSum broadcast(float[] sums) throws IOException {
        WeightedSum total = receiveHeader(false);
        queueDown(HEADER, header(total));
        for (int from = 0; from < sums.length; from += CHUNK_FLOATS) {
            int to = Math.min(sums.length, from + CHUNK_FLOATS);
            read(chain.receiveFromAbove(CHUNK, Float.BYTES * (to - from)), sums, from, to);
            queueDown(CHUNK, chunk(sums, from, to));
        }
        return total;
    }

    /** Element-wise sum of small vectors (e.g. dev loss sums), in partition order: the same bits on every task. */
    double[] sum(double[] mine) throws IOException {
        int bytes = Double.BYTES * mine.length;
        if (bytes > Float.BYTES * CHUNK_FLOATS) throw new IllegalArgumentException(mine.length + " values to sum");
        double[] sum = new double[mine.length];
        if (!chain.first()) chain.receiveFromBelow(SUMS, bytes).asDoubleBuffer().get(sum);
        for (int i = 0; i < sum.length; i++) sum[i] += mine[i];
        if (chain.last()) queueDown(SUMS, doubles(sum));
        else {
            queueUp(SUMS, doubles(sum));
            chain.receiveFromAbove(SUMS, bytes).asDoubleBuffer().get(sum);
            queueDown(SUMS, doubles(sum));
        }
        awaitSent();
        return sum;
    }

    /** Bytes the last {@link #sum(PartitionTrainer.LocalResult, long)} sent, framing included. */
    long lastSumBytes() {
        return lastBytes;
    }

    /** Open connections to other tasks: at most 2. */
    int connections() {
        return chain.connections();
    }

    private static WeightedSum headerOf(WeightedSum c) {
        return WeightedSum.ofSums(null, null, c.examples(), c.lossSum(), c.steps(), c.computeNanos());
    }

    private static ByteBuffer header(WeightedSum c) {
        ByteBuffer b = Payload.body(HEADER_BYTES);
        b.putLong(c.examples()).putDouble(c.lossSum()).putLong(c.steps()).putLong(c.computeNanos());
        return b;
    }

    /** The counts of the partitions below (up the chain), or of all (down the chain). */
    private WeightedSum receiveHeader(boolean fromBelow) throws IOException {
        ByteBuffer b = fromBelow ? chain.receiveFromBelow(HEADER, HEADER_BYTES)
                : chain.receiveFromAbove(HEADER, HEADER_BYTES);
        long examples = b.getLong();
        double lossSum = b.getDouble();
        long steps = b.getLong();
        long nanos = b.getLong();
        if (examples < 0 || steps < 0 || nanos < 0)
            throw new ProtocolException("negative counts from partition " + (chain.me() + (fromBelow ? -1 : 1)));
        return WeightedSum.ofSums(null, null, examples, lossSum, steps, nanos);
    }

    private static float[] concat(float[] vector, float[] state) {
        float[] all = Arrays.copyOf(vector, vector.length + (state == null ? 0 : state.length));
        if (state != null) System.arraycopy(state, 0, all, vector.length, state.length);
        return all;
    }

    private static ByteBuffer chunk(float[] sums, int from, int to) {
        ByteBuffer b = Payload.body(Float.BYTES * (to - from));
        b.asFloatBuffer().put(sums, from, to - from);
        b.position(b.capacity());
        return b;
    }

    private static void read(ByteBuffer b, float[] sums, int from, int to) {
        b.asFloatBuffer().get(sums, from, to - from);
    }

    private static ByteBuffer doubles(double[] v) {
        ByteBuffer b = Payload.body(Double.BYTES * v.length);
        b.asDoubleBuffer().put(v);
        b.position(b.capacity());
        return b;
    }

    private void queueUp(int type, ByteBuffer body) {
        sent.add(sender.submit(() -> {
            chain.sendUp(type, body);
            return null;
        }));
    }

    /** Queues a frame for the partition below; partition 0 has none, and drops it. */
    private void queueDown(int type, ByteBuffer body) {
        if (chain.first()) return;
        sent.add(sender.submit(() -> {
            chain.sendDown(type, body);
            return null;
        }));
    }

    private void awaitSent() throws IOException {
        try {
            // Bounded like every read: a socket write to a neighbour that stopped reading (a half-open connection)
            // would otherwise wait for TCP to give up, many minutes, and keep the task's slot
            for (Future<?> f : sent) f.get(sendTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending to a peer", e);
        } catch (ExecutionException e) {
            throw new IOException("sending to a peer failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("a peer stopped reading: a send did not finish in " + sendTimeoutMs + " ms", e);
        } finally {
            sent.clear();
        }
    }

    @Override
    public void close() throws IOException {
        sender.shutdownNow();
        chain.close();
    }
}
