package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver's barrier channel alone, over real sockets on loopback: tasks holding the stage's key register, report
 * and checkpoint; strangers (no key, a wrong key, garbage, a huge length) and key holders that break the protocol
 * (a second registration, reports out of order or from the wrong partition, wrong sizes) are refused and logged, and
 * nothing they send reaches the listener.
 */
class DriverChannelTest {
    static final int PARAMS = 50;
    static final int STATE = 100;
    static final BarrierConfig CONFIG = new BarrierConfig(0, 0, 16, 5, 30, 60, 3);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final List<DriverChannel.RoundReport> rounds = new CopyOnWriteArrayList<>();
    final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();
    final List<String> log = new CopyOnWriteArrayList<>();
    final ChannelKey key = ChannelKey.fresh();
    DriverChannel channel;

    @BeforeEach
    void open() throws IOException {
        channel = open(LOOPBACK, "127.0.0.1", CONFIG);
    }

    @AfterEach
    void close() throws IOException {
        channel.close();
    }

    DriverChannel open(InetAddress bind, String host, BarrierConfig config) throws IOException {
        return new DriverChannel(bind, host, key, config, 2, new Checkpoint(-1, 0, new float[PARAMS], new float[STATE]),
                new DriverChannel.Listener() {
                    public void round(DriverChannel.RoundReport r) {
                        rounds.add(r);
                    }

                    public void checkpoint(Checkpoint c) {
                        checkpoints.add(c);
                    }

                    public void failed(Exception e) {
                    }
                }, log::add);
    }

    /** Registers both partitions with the stage's key; returns their links, partition 0 first. */
    DriverLink[] registerBoth() throws Exception {
        DriverLink[] links = {new DriverLink(channel.address(), key, 0, CONFIG, 2),
                new DriverLink(channel.address(), key, 1, CONFIG, 2)};
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> register(links[0], "h0:1"));
        List<String> second = register(links[1], "h1:2");
        assertEquals(List.of("h0:1", "h1:2"), second);
        assertEquals(second, first.get());
        return links;
    }

    static List<String> register(DriverLink link, String address) {
        return register(link, address, "Haswell");
    }

    static List<String> register(DriverLink link, String address, String kernel) {
        try {
            return link.register(new DriverChannel.Registration(address, "exec", kernel));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static DriverChannel.RoundReport report(int round, long examples) {
        return new DriverChannel.RoundReport(round, examples, 2.5, Double.NaN, 1000, 900, 0);
    }

    void awaitRefusals(int n) throws InterruptedException {
        for (int i = 0; i < 500 && channel.refused() < n; i++) Thread.sleep(10);
        assertEquals(n, channel.refused(), "refusals; log: " + log);
    }

    @Test
    void tasksWithTheKeyRegisterReportAndCheckpoint() throws Exception {
        DriverLink[] links = registerBoth();
        links[0].round(report(0, 64));
        links[0].checkpoint(new Checkpoint(0, 64, new float[PARAMS], new float[STATE]));
        links[0].round(report(1, 128));
        for (int i = 0; i < 500 && rounds.size() < 2; i++) Thread.sleep(10);
        assertEquals(List.of(report(0, 64), report(1, 128)), rounds);
        assertEquals(1, checkpoints.size());
        assertEquals(0, channel.refused(), "log: " + log);
        for (DriverLink l : links) l.close();
    }

    @Test
    void strangersAreRefusedBeforeAnythingTheySendIsRead() throws Exception {
        // A client with a wrong key, claiming partition 1 before the real one registers
        assertThrows(IOException.class, () -> new DriverLink(channel.address(), ChannelKey.fresh(), 1, CONFIG, 2));
        // Garbage, and the old protocol's checkpoint header claiming a 2 GB payload
        raw(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52,
                53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72});
        raw(ByteBuffer.allocate(80).putInt(3).putInt(149).putLong(1).putInt(Integer.MAX_VALUE).array());
        // A client that connects and leaves
        raw(new byte[0]);
        awaitRefusals(4);
        assertTrue(log.stream().allMatch(l -> l.startsWith("barrier channel: refused a connection from /127.0.0.1:")),
                "log: " + log);
        // The real tasks are unaffected: both register, and only their reports arrive
        DriverLink[] links = registerBoth();
        links[0].round(report(0, 64));
        for (int i = 0; i < 500 && rounds.isEmpty(); i++) Thread.sleep(10);
        assertEquals(List.of(report(0, 64)), rounds);
        assertEquals(4, channel.refused());
        for (DriverLink l : links) l.close();
    }

    @Test
    void keyHoldersThatBreakTheProtocolAreRefused() throws Exception {
        DriverLink[] links = registerBoth();
        // A second registration of partition 0
        DriverLink again = new DriverLink(channel.address(), key, 0, CONFIG, 2);
        assertThrows(java.io.UncheckedIOException.class, () -> register(again, "evil:1"));
        awaitRefusals(1);
        // A report from partition 1, which does not report
        links[1].round(report(0, 64));
        awaitRefusals(2);
        // Partition 0 out of order: the connection is closed, so its later messages are lost too
        links[0].round(report(7, 64));
        awaitRefusals(3);
        assertTrue(log.get(2).contains("a report of round 7 where round 0 is due"), "log: " + log);
        assertEquals(List.of(), rounds);
        assertEquals(List.of(), checkpoints);
    }

    @Test
    void checkpointsOfTheWrongSizeOrRoundAreRefused() throws Exception {
        DriverLink[] links = registerBoth();
        links[0].round(report(0, 64));
        links[0].checkpoint(new Checkpoint(0, 64, new float[PARAMS + 1], new float[STATE]));
        awaitRefusals(1);
        assertTrue(log.get(0).contains("parameters of 51 floats where 50 are expected"), "log: " + log);
        // Bigger than any message the run expects: refused on its length, before the payload is read
        DriverLink[] second = reopenAndRegister();
        second[0].round(report(0, 64));
        second[0].checkpoint(new Checkpoint(0, 64, new float[PARAMS * 100], new float[STATE]));
        awaitRefusals(1);
        assertTrue(log.get(2).contains("bytes where at most"), "log: " + log);
        assertEquals(List.of(), checkpoints);
    }

    /** A fresh channel (the last refusal closed partition 0's connection) with both partitions registered. */
    DriverLink[] reopenAndRegister() throws Exception {
        channel.close();
        channel = open(LOOPBACK, "127.0.0.1", CONFIG);
        return registerBoth();
    }

    @Test
    void tasksOnDifferentBlasKernelsAreWarnedAbout() throws Exception {
        DriverLink zero = new DriverLink(channel.address(), key, 0, CONFIG, 2);
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> register(zero, "h0:1", "Haswell"));
        register(new DriverLink(channel.address(), key, 1, CONFIG, 2), "h1:2", "null");
        first.get();
        assertEquals(List.of("warning: the tasks run different OpenBLAS kernels (OPENBLAS_CORETYPE by partition: "
                + "{Haswell=[0], null=[1]}); parameters may differ from another run's in the last bits; set "
                + "spark.executorEnv.OPENBLAS_CORETYPE (conf/spark-defaults.conf)"), log);
    }

    @Test
    void listensOnTheBindAddressAndAdvertisesTheHost() throws Exception {
        channel.close();
        // All of 127/8 is loopback on Linux: bind to 127.0.0.2 while telling tasks "localhost"
        channel = open(InetAddress.getByName("127.0.0.2"), "localhost", CONFIG);
        int port = Integer.parseInt(channel.address().substring("localhost:".length()));
        assertEquals("127.0.0.2:" + port, channel.boundAddress());
        try (Socket s = new Socket("127.0.0.2", port)) {
            assertTrue(s.isConnected());
        }
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "nothing on 127.0.0.1");
    }

    @Test
    void aFixedPortMovesUpWhenBusy() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, LOOPBACK)) {
            channel.close();
            channel = open(LOOPBACK, "127.0.0.1", new BarrierConfig(busy.getLocalPort(), 0, 16, 5, 30, 60, 3));
            int port = Integer.parseInt(channel.address().substring("127.0.0.1:".length()));
            assertTrue(port > busy.getLocalPort() && port <= busy.getLocalPort() + 16, "port " + port);
        }
    }

    /** Connects, sends the bytes, then reads until the channel closes the connection. */
    void raw(byte[] bytes) throws IOException {
        String[] hp = channel.address().split(":");
        try (Socket s = new Socket(hp[0], Integer.parseInt(hp[1]))) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(bytes);
            out.flush();
            if (bytes.length == 0) return;
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // the server's nonce, then the close
            }
        }
    }
}
