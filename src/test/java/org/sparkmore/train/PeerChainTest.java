package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Tasks' peer endpoints over real loopback sockets: a stranger that reaches a task's port first is refused, or, if
 * silent, ignored, and the task still connects to its real peer; eight tasks form a chain of two connections each
 * and sum in partition order; tasks of another stage attempt (another key) never join.
 */
class PeerChainTest {
    static final BarrierConfig CONFIG = DriverChannelTest.CONFIG;
    /** A thread per task: the tasks block on each other, which a small common pool would not survive. */
    static final java.util.concurrent.Executor THREADS = r -> new Thread(r, "test-task").start();
    static final Checkpoint START = new Checkpoint(-1, 0, new float[DriverChannelTest.PARAMS],
            new float[DriverChannelTest.STATE]);

    static DriverChannel channel(ChannelKey key) throws IOException {
        return channel(key, 2);
    }

    static DriverChannel channel(ChannelKey key, int tasks) throws IOException {
        return new DriverChannel(InetAddress.getLoopbackAddress(), "127.0.0.1", key, CONFIG, tasks, START,
                new DriverChannel.Listener() {
                    public void round(DriverChannel.RoundReport r) {
                    }

                    public void checkpoint(Checkpoint c) {
                    }

                    public void failed(Exception e) {
                    }
                }, line -> { });
    }

    static CompletableFuture<ChainAllReduce> open(int me, String driver, ChannelKey key, BarrierConfig config) {
        return open(me, 2, driver, key, config);
    }

    static CompletableFuture<ChainAllReduce> open(int me, int tasks, String driver, ChannelKey key,
                                                  BarrierConfig config) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ChainAllReduce.open(me, tasks, "127.0.0.1", "exec-" + me, new DriverLink(driver, key, me,
                        config, tasks), key, config, DriverChannelTest.PARAMS, DriverChannelTest.STATE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, THREADS);
    }

    @Test
    void aStrangerAtATasksPortIsRefusedAndTheRealPeerStillConnects() throws Exception {
        ChannelKey key = ChannelKey.fresh();
        int port = fixedPort();
        // Partition 1 accepts partition 0's connection on a known port; a stranger gets into its backlog first
        BarrierConfig fixed = new BarrierConfig(0, port, 0, 20, 60, 60, 3);
        try (DriverChannel driver = channel(key)) {
            CompletableFuture<ChainAllReduce> one = open(1, driver.address(), key, fixed);
            try (Socket stranger = awaitConnect(port)) {
                OutputStream out = stranger.getOutputStream();
                out.write(new byte[72]); // a nonce, two partition numbers and a tag, all zero
                out.flush();
                assertChainSums(open(0, driver.address(), key, CONFIG), one, 30);
                assertEquals(-1, drain(stranger), "the stranger was disconnected");
            }
        }
    }

    @Test
    void aSilentStrangerHoldsUpNobody() throws Exception {
        ChannelKey key = ChannelKey.fresh();
        int port = fixedPort();
        // Handshakes may take 20 s each; the chain must form long before a stranger's 20 s would be up
        BarrierConfig slow = new BarrierConfig(0, port, 0, 20, 60, 60, 3);
        try (DriverChannel driver = channel(key)) {
            CompletableFuture<ChainAllReduce> one = open(1, driver.address(), key, slow);
            try (Socket silent = awaitConnect(port)) {
                assertChainSums(open(0, driver.address(), key, new BarrierConfig(0, 0, 0, 20, 60, 60, 3)), one, 10);
                assertTrue(silent.isConnected());
            }
        }
    }

    @Test
    void eightTasksFormAChainAndSumInPartitionOrder() throws Exception {
        ChannelKey key = ChannelKey.fresh();
        int tasks = 8;
        try (DriverChannel driver = channel(key, tasks)) {
            List<CompletableFuture<ChainAllReduce>> opening = new ArrayList<>();
            for (int p = 0; p < tasks; p++) opening.add(open(p, tasks, driver.address(), key, CONFIG));
            List<ChainAllReduce> chain = new ArrayList<>();
            for (CompletableFuture<ChainAllReduce> f : opening) chain.add(f.get(60, TimeUnit.SECONDS));
            List<CompletableFuture<double[]>> sums = new ArrayList<>();
            for (int p = 0; p < tasks; p++) {
                ChainAllReduce c = chain.get(p);
                double v = p;
                sums.add(CompletableFuture.supplyAsync(() -> sum(c, v, 1), THREADS));
            }
            for (CompletableFuture<double[]> f : sums)
                assertArrayEquals(new double[] {28, 8}, f.get(30, TimeUnit.SECONDS));
            for (int p = 0; p < tasks; p++) assertEquals(p == 0 || p == tasks - 1 ? 1 : 2, chain.get(p).connections());
            for (ChainAllReduce c : chain) c.close();
        }
    }

    @Test
    void aTaskOfAnotherAttemptCannotJoin() throws Exception {
        ChannelKey key = ChannelKey.fresh();
        try (DriverChannel driver = channel(key)) {
            CompletableFuture<ChainAllReduce> old = open(0, driver.address(), ChannelKey.fresh(), CONFIG);
            Exception e = assertThrows(Exception.class, () -> old.get(30, TimeUnit.SECONDS));
            // The channel closes on it without a word, once: a refused proof is not retried
            assertEquals(java.net.ProtocolException.class, e.getCause().getCause().getClass(), e.toString());
            for (int i = 0; i < 500 && driver.refused() == 0; i++) Thread.sleep(10);
            assertEquals(1, driver.refused());
        }
    }

    /** Partitions 0 and 1 form their chain within {@code seconds} and sum {1, 2} and {3, 4} to {4, 6} on both. */
    static void assertChainSums(CompletableFuture<ChainAllReduce> zeroOpening,
                                CompletableFuture<ChainAllReduce> oneOpening, int seconds) throws Exception {
        try (ChainAllReduce zero = zeroOpening.get(seconds, TimeUnit.SECONDS);
             ChainAllReduce one = oneOpening.get(seconds, TimeUnit.SECONDS)) {
            CompletableFuture<double[]> sum0 = CompletableFuture.supplyAsync(() -> sum(zero, 1, 2), THREADS);
            assertArrayEquals(new double[] {4, 6}, sum(one, 3, 4));
            assertArrayEquals(new double[] {4, 6}, sum0.get(30, TimeUnit.SECONDS));
        }
    }

    static double[] sum(ChainAllReduce chain, double a, double b) {
        try {
            return chain.sum(new double[] {a, b});
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768-60999): connecting to it in a loop before partition 1 listens
     * can then never connect the socket to itself (a TCP simultaneous open), which would take the port.
     */
    static int fixedPort() throws IOException {
        // A different start each time: a port a previous test connected to may linger in the kernel's tables
        for (int p = 20_000 + new java.util.Random().nextInt(10_000); p < 32_000; p += 7) {
            try (ServerSocket probe = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException busy) {
                // try the next
            }
        }
        throw new IOException("no free port in 20000-32000");
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
