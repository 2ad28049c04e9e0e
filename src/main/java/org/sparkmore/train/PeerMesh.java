package org.sparkmore.train;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The barrier-mode tasks connected to each other, every pair by one TCP connection. Each exchange sends this
 * task's part to every peer and sums all parts in partition order, so every task ends with bit-identical sums and
 * nobody waits on the driver.
 */
final class PeerMesh implements Closeable {
    private final int me;
    private final Wire[] peers;   // peers[me] is null
    private final ExecutorService senders;

    private PeerMesh(int me, Wire[] peers) {
        this.me = me;
        this.peers = peers;
        // One sender per peer, so a full socket buffer towards one peer never stops us reading from another
        this.senders = Executors.newFixedThreadPool(Math.max(1, peers.length - 1), r -> {
            Thread t = new Thread(r, "sparkmore-peer-send");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens a listening socket, swaps addresses through the driver, and connects to every other task. */
    static PeerMesh open(int me, int tasks, String host, DriverChannel.Link driver) throws IOException {
        Wire[] peers = new Wire[tasks];
        try (ServerSocket server = new ServerSocket(0, tasks, InetAddress.getByName(host))) {
            // A peer that died before connecting must not leave us waiting, holding a task slot, forever
            server.setSoTimeout(Wire.TIMEOUT_MS);
            List<String> addresses = driver.register(me, host, server.getLocalPort());
            // Connect to the higher partitions first: their backlog queues us until they accept
            for (int j = me + 1; j < tasks; j++) {
                Wire w = new Wire(Wire.connect(addresses.get(j)));
                peers[j] = w;
                w.out.writeInt(me);
                w.out.flush();
            }
            for (int k = 0; k < me; k++) {
                Wire w = new Wire(server.accept());
                int from = w.in.readInt();
                if (from < 0 || from >= me || peers[from] != null) {
                    w.close();
                    throw new IOException("unexpected peer connection from partition " + from);
                }
                peers[from] = w;
            }
        } catch (IOException | RuntimeException e) {
            for (Wire w : peers) if (w != null) w.close();
            throw e;
        }
        return new PeerMesh(me, peers);
    }

    /** Every task's round result, summed in partition order: the same Contribution on every task. */
    Contribution sum(PartitionTrainer.Update mine, long computeNanos) throws IOException {
        List<Future<?>> sent = send(w -> w.writeUpdate(mine, computeNanos));
        Contribution sum = Contribution.empty();
        for (int j = 0; j < peers.length; j++)
            sum.add(j == me ? Contribution.of(mine).timed(computeNanos) : peers[j].readContribution());
        await(sent);
        return sum;
    }

    /** Element-wise sum of small vectors (e.g. dev loss sums), in partition order. */
    double[] sum(double[] mine) throws IOException {
        List<Future<?>> sent = send(w -> {
            for (double d : mine) w.out.writeDouble(d);
            w.out.flush();
        });
        double[] sum = new double[mine.length];
        for (int j = 0; j < peers.length; j++)
            for (int i = 0; i < sum.length; i++) sum[i] += j == me ? mine[i] : peers[j].in.readDouble();
        await(sent);
        return sum;
    }

    private interface Send {
        void to(Wire w) throws IOException;
    }

    private List<Future<?>> send(Send message) {
        List<Future<?>> sent = new ArrayList<>();
        for (Wire w : peers)
            if (w != null) sent.add(senders.submit(() -> {
                message.to(w);
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
        for (Wire w : peers) if (w != null) w.close();
    }
}
