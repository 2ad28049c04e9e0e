package org.sparkmore.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;

/**
 * One task of {@link CollectiveScale}'s jvms mode, in a JVM of its own that {@link ScaleJvms} starts: it connects to
 * the coordinator's DriverChannel, opens the algorithm's connections to its peers and runs its rounds, each when the
 * coordinator says go. The coordinator talks to it over its stdin and stdout only, so the stage's key never shows
 * on a command line, in the environment or in a file, and the task dies with its coordinator.
 *
 * <p>stdin: the setup ({@link #writeSetup}), then a {@link #GO} byte per round. stdout: {@link #READY} once its
 * connections are open, a round's start and end ({@link System#nanoTime}: CLOCK_MONOTONIC on Linux, one clock for
 * every process of the machine) per round, then its bytes sent in the last round, connections and result bits.
 */
final class ScaleTask {
    static final int READY = 0x52454459;
    static final int GO = 0x47;
    /** Serialized ChannelKey: a 32-byte array and a flag, a few hundred bytes with the class description. */
    private static final int MAX_KEY_BYTES = 4096;

    /** What a task needs to join one run: the algorithm, its place, the sizes, where the driver is, the key. */
    record Setup(String algo, int me, int tasks, int params, int rounds, String driver, ChannelKey key) {
    }

    private ScaleTask() {
    }

    public static void main(String[] args) {
        // Whoever started us is gone (killed, crashed): so are we, instead of waiting out a 600 s read timeout
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(3)));
        // stdout carries the protocol: anything else printed (a library's chatter) goes to stderr
        DataOutputStream control = new DataOutputStream(new BufferedOutputStream(
                new FileOutputStream(FileDescriptor.out)));
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
            run(readSetup(in), in, control);
            System.exit(0); // the averagers' daemon threads and the parent watch need not wind down
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Setup s, DataInputStream in, DataOutputStream control) throws IOException {
        int state = 2 * s.params();
        BarrierConfig config = CollectiveScale.CONFIG;
        try (DriverLink link = new DriverLink(s.driver(), s.key(), s.me(), config, s.tasks());
             CollectiveScale.Averager a = CollectiveScale.open(s.algo(), s.me(), s.tasks(), link, s.key(),
                     s.params(), state)) {
            PartitionTrainer.LocalResult mine = CollectiveScale.update(s.me(), s.params(), state);
            control.writeInt(READY);
            control.flush();
            int bits = 0;
            for (int r = 0; r < s.rounds(); r++) {
                if (in.readUnsignedByte() != GO) throw new IOException("the coordinator sent something but go");
                long start = System.nanoTime();
                WeightedSum sum = a.sum(mine);
                long end = System.nanoTime();
                if (r == s.rounds() - 1) bits = CollectiveScale.bits(sum);
                control.writeLong(start);
                control.writeLong(end);
                control.flush();
            }
            control.writeLong(a.lastSumBytes());
            control.writeInt(a.connections());
            control.writeInt(bits);
            control.flush();
        }
    }

    /** The coordinator's side: a task's setup, written to its stdin. */
    static void writeSetup(DataOutputStream out, Setup s) throws IOException {
        out.writeUTF(s.algo());
        out.writeInt(s.me());
        out.writeInt(s.tasks());
        out.writeInt(s.params());
        out.writeInt(s.rounds());
        out.writeUTF(s.driver());
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(key)) {
            o.writeObject(s.key()); // the way the real stage ships it, inside the task's closure
        }
        out.writeInt(key.size());
        key.writeTo(out);
        out.flush();
    }

    private static Setup readSetup(DataInputStream in) throws IOException, ClassNotFoundException {
        String algo = in.readUTF();
        int me = in.readInt();
        int tasks = in.readInt();
        int params = in.readInt();
        int rounds = in.readInt();
        String driver = in.readUTF();
        int n = in.readInt();
        if (n < 0 || n > MAX_KEY_BYTES) throw new InvalidObjectException(n + " bytes of key");
        byte[] bytes = in.readNBytes(n);
        try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            // Only a ChannelKey (and its byte array) may come out of this stream
            o.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
                    ChannelKey.class.getName() + ";maxdepth=2;!*"));
            return new Setup(algo, me, tasks, params, rounds, driver, (ChannelKey) o.readObject());
        }
    }
}
