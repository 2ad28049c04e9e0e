package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two tasks' peer endpoints over real loopback sockets: a stranger that reaches a task's port first is refused and
 * the task still connects to its real peer; tasks of another stage attempt (another key) never join.
 */
class PeerMeshTest {
    static final BarrierConfig CONFIG = DriverChannelTest.CONFIG;
    static final Checkpoint START = new Checkpoint(-1, 0, new float[DriverChannelTest.PARAMS],
            new float[DriverChannelTest.STATE]);

    static DriverChannel channel(ChannelKey key) throws IOException {
        return new DriverChannel(InetAddress.getLoopbackAddress(), "127.0.0.1", key, CONFIG, 2, START,
                new DriverChannel.Listener() {
                    public void round(DriverChannel.RoundReport r) {
                    }

                    public void checkpoint(Checkpoint c) {
                    }

                    public void failed(Exception e) {
                    }
                }, line -> { });
    }

    static CompletableFuture<PeerMesh> open(int me, String driver, ChannelKey key, BarrierConfig config) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return PeerMesh.open(me, 2, "127.0.0.1", "exec-" + me, new DriverLink(driver, key, me, config, 2),
                        key, config, DriverChannelTest.PARAMS, DriverChannelTest.STATE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void aStrangerAtATasksPortIsRefusedAndTheRealPeerStillConnects() throws Exception {
        ChannelKey key = ChannelKey.fresh();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // Partition 1 accepts partition 0's connection on a known port; a stranger gets into its backlog first
        BarrierConfig fixed = new BarrierConfig(0, port, 0, 5, 30, 60, 3);
        try (DriverChannel driver = channel(key)) {
            CompletableFuture<PeerMesh> one = open(1, driver.address(), key, fixed);
            try (Socket stranger = awaitConnect(port)) {
                OutputStream out = stranger.getOutputStream();
                out.write(new byte[68]); // a nonce, a partition number and a tag, all zero
                out.flush();
                try (PeerMesh zero = open(0, driver.address(), key, CONFIG).get(30, TimeUnit.SECONDS);
                     PeerMesh first = one.get(30, TimeUnit.SECONDS)) {
                    CompletableFuture<double[]> sum0 = CompletableFuture.supplyAsync(() -> sum(zero, 1, 2));
                    assertArrayEquals(new double[] {4, 6}, sum(first, 3, 4));
                    assertArrayEquals(new double[] {4, 6}, sum0.get(30, TimeUnit.SECONDS));
                }
                assertEquals(-1, drain(stranger), "the stranger was disconnected");
            }
        }
    }

    @Test
    void aTaskOfAnotherAttemptCannotJoin() throws Exception {
        ChannelKey key = ChannelKey.fresh();
        try (DriverChannel driver = channel(key)) {
            CompletableFuture<PeerMesh> old = open(0, driver.address(), ChannelKey.fresh(), CONFIG);
            Exception e = assertThrows(Exception.class, () -> old.get(30, TimeUnit.SECONDS));
            // The channel closes on it without a word; it learns nothing but the end of the connection
            assertEquals(java.io.EOFException.class, e.getCause().getCause().getClass(), e.toString());
            for (int i = 0; i < 500 && driver.refused() == 0; i++) Thread.sleep(10);
            assertEquals(1, driver.refused());
        }
    }

    static double[] sum(PeerMesh mesh, double a, double b) {
        try {
            return mesh.sum(new double[] {a, b});
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Connects once partition 1 listens. */
    static Socket awaitConnect(int port) throws Exception {
        for (int i = 0; i < 500; i++) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (IOException notYet) {
                Thread.sleep(10);
            }
        }
        throw new IOException("partition 1 never listened on " + port);
    }

    /** Reads until the other end closes; -1 then. */
    static int drain(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        while (s.getInputStream().read() >= 0) {
            // the task's nonce
        }
        return -1;
    }
}
