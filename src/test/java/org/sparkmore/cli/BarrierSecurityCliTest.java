package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.data.DefaultDataset;
import org.sparkmore.data.NameRow;
import org.sparkmore.io.Npy;

/**
 * `sparkmore train` in barrier mode on local[2] while strangers attack its driver channel, and with Spark's own
 * authentication turned on through {@code --set spark.*}. Every attacker speaks from outside the run: it knows the
 * protocol, not the stage's key. The attacked run must exit 0 with the same parameters as an unattacked one, log
 * the refusals, and show no stack trace or OutOfMemoryError.
 */
class BarrierSecurityCliTest {
    static final Pattern CHANNEL = Pattern.compile("tasks connect to (\\S+):(\\d+);");

    @TempDir static Path dir;
    static Path names;
    static float[] clean;

    @BeforeAll
    static void cleanRun() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (NameRow r : DefaultDataset.load()) if (r.language().equals("en")) csv.append(r.name()).append('\n');
        names = Files.writeString(dir.resolve("names.txt"), csv, StandardCharsets.UTF_8);
        CliTest.Run r = train("clean");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("tasks connect to"), r.out());
        clean = params(dir.resolve("clean"));
    }

    static CliTest.Run train(String name, String... more) {
        return CliTest.run(CliTest.with(trainArgs(name), more));
    }

    static String[] trainArgs(String name) {
        return new String[] {"train", "--master", "local[2]", "--input", names.toString(), "--output",
                dir.resolve(name).toString(), "--partitions", "2", "--rounds", "600", "--steps-per-round", "5",
                "--batch-size", "64", "--hidden", "16", "--samples", "0", "--set", "train.evalEvery=20"};
    }

    @Test
    void forgedClientsAreRefusedAndTheRunIsUnchanged() throws Exception {
        Attacker attacker = new Attacker();
        PrintStream out = System.out;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int code;
        // Watch the output as it is written: attack as soon as the channel says where it listens
        System.setOut(new PrintStream(new Tee(seen, attacker), true, StandardCharsets.UTF_8));
        try {
            code = Main.run(trainArgs("attacked"));
        } finally {
            System.setOut(out);
            attacker.stop();
        }
        String all = seen.toString(StandardCharsets.UTF_8);
        System.out.println(all + "\nattacks made: " + attacker.attacks.get());
        assertEquals(0, code, all);
        // Every kind of attack, while rounds ran, each refused
        assertTrue(attacker.duringTraining() >= Attacker.KINDS, "attacks while training: " + attacker.duringTraining());
        Matcher total = Pattern.compile("barrier channel: refused (\\d+) in all").matcher(all);
        assertTrue(total.find(), all);
        int refused = Integer.parseInt(total.group(1));
        // All but the one in flight when the channel closed were refused and counted; the first 10 are shown
        assertTrue(refused >= attacker.atClose - 1, "refused " + refused + " of " + attacker.atClose + ": " + all);
        long shown = all.lines().filter(l -> l.startsWith("barrier channel: refused a connection from")).count();
        assertEquals(Math.min(10, refused), shown, all);
        assertFalse(all.contains("OutOfMemoryError"), all);
        assertFalse(all.contains("\tat "), "a stack trace: " + all);
        assertFalse(all.contains("round 2147483001"), all);
        assertArrayEquals(clean, params(dir.resolve("attacked")), "the attacked run's parameters differ");
    }

    @Test
    void sparkAuthenticateGivesTheKeyAndChangesNoBit() throws Exception {
        CliTest.Run r = train("authenticated", "--set", "spark.authenticate=true");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("derived from Spark's secret (spark.authenticate)"), r.out());
        assertArrayEquals(clean, params(dir.resolve("authenticated")));
    }

    static float[] params(Path model) throws IOException {
        try (Stream<Path> files = Files.walk(model)) {
            Path p = files.filter(f -> f.getFileName().toString().equals("params.npy")).findFirst().orElseThrow();
            try (InputStream in = Files.newInputStream(p)) {
                return Npy.readFloats(in, p.toString());
            }
        }
    }

    /** Keeps the output and hands each line to the attacker. */
    static final class Tee extends OutputStream {
        private final ByteArrayOutputStream copy;
        private final Attacker attacker;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Tee(ByteArrayOutputStream copy, Attacker attacker) {
            this.copy = copy;
            this.attacker = attacker;
        }

        @Override
        public synchronized void write(int b) {
            copy.write(b);
            if (b != '\n') {
                line.write(b);
                return;
            }
            attacker.saw(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }

    /**
     * Attacks the driver channel, every kind in turn, until stopped: each a fresh connection from this JVM, as a
     * process on the same host would make. Forged frames follow a handshake made with a key of its own.
     */
    static final class Attacker {
        static final int KINDS = 6;
        final AtomicInteger attacks = new AtomicInteger();
        final AtomicBoolean stopped = new AtomicBoolean();
        final SecureRandom random = new SecureRandom();
        final byte[] wrongKey = new byte[32];
        CompletableFuture<Void> running;
        int atFirstRound = -1;
        int atClose = -1;

        /** Attacks made between the first round's progress line and the channel's closing. */
        int duringTraining() {
            return atClose - atFirstRound;
        }

        void saw(String line) {
            if (line.startsWith("round ") && atFirstRound < 0) atFirstRound = attacks.get();
            if (line.matches("barrier channel: refused \\d+ in all")) atClose = attacks.get();
            Matcher m = CHANNEL.matcher(line);
            if (running != null || !m.find()) return;
            random.nextBytes(wrongKey);
            String host = m.group(1);
            int port = Integer.parseInt(m.group(2));
            running = CompletableFuture.runAsync(() -> {
                while (!stopped.get()) attackOnce(host, port);
            });
        }

        void stop() throws Exception {
            stopped.set(true);
            if (running != null) running.get(30, TimeUnit.SECONDS);
        }

        void attackOnce(String host, int port) {
            int kind = attacks.getAndIncrement() % KINDS;
            try (Socket s = new Socket(host, port)) {
                s.setSoTimeout(200); // then leave: a short message leaves the channel waiting for the rest
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                DataInputStream in = new DataInputStream(s.getInputStream());
                switch (kind) {
                    case 0 -> forged(in, out, 0, 3, checkpointOfZeros());            // forged CHECKPOINT
                    case 1 -> forged(in, out, 0, 2, roundReport());                  // forged ROUND
                    case 2 -> out.write(garbage());                                  // garbage
                    case 3 -> out.write(ByteBuffer.allocate(20).putInt(3).putInt(39).putLong(1) // huge length
                            .putInt(Integer.MAX_VALUE).array());
                    case 4 -> forged(in, out, 1, 1, registration());                 // early registration as 1
                    default -> forged(in, out, 0, 0, new byte[0]);                   // wrong secret, nothing more
                }
                out.flush();
                while (in.read() >= 0) {
                    // until the channel closes the connection, or the attacker tires
                }
            } catch (IOException e) {
                // refused, reset or closed: what an attacker gets
            }
            sleep();
        }

        /** The handshake with the attacker's own key, claiming a partition, then one frame with a made-up tag. */
        void forged(DataInputStream in, DataOutputStream out, int partition, int type, byte[] body) throws IOException {
            byte[] theirs = new byte[32];
            in.readFully(theirs);
            byte[] mine = new byte[32];
            random.nextBytes(mine);
            out.write(mine);
            out.writeInt(partition);
            out.write(hmac(theirs, mine, ByteBuffer.allocate(4).putInt(partition).array()));
            if (type > 0) {
                out.writeInt(type);
                out.writeInt(body.length);
                out.write(body);
                out.write(new byte[32]);
            }
        }

        byte[] hmac(byte[]... parts) {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(wrongKey, "HmacSHA256"));
                m.update("hello".getBytes(StandardCharsets.US_ASCII));
                for (byte[] p : parts) m.update(p);
                return m.doFinal();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        static byte[] checkpointOfZeros() {
            return ByteBuffer.allocate(12 + 8 + 4 * 1000).putInt(38).putLong(1).putInt(1000).array();
        }

        static byte[] roundReport() {
            return ByteBuffer.allocate(52).putInt(2147483000).putLong(-5).putDouble(0).putDouble(-42).array();
        }

        static byte[] registration() {
            byte[] a = "127.0.0.1:1".getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(4 + a.length + 8).putInt(a.length).put(a).array();
        }

        byte[] garbage() {
            byte[] b = new byte[200];
            random.nextBytes(b);
            return b;
        }

        void sleep() {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
