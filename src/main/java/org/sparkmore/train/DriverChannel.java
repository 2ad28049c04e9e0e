package org.sparkmore.train;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The driver's side of barrier mode: a TCP endpoint where the tasks swap their addresses once (Spark's own
 * BarrierTaskContext.allGather polls and costs about a second), and where task 0 reports each round and sends
 * checkpoints. Parameters never pass through here per round: the tasks average among themselves ({@link PeerMesh}).
 */
final class DriverChannel implements Closeable {
    private static final int REGISTER = 1;
    private static final int ROUND = 2;
    private static final int CHECKPOINT = 3;

    /** What task 0 reports after each round; devLoss is NaN when the round was not evaluated. */
    record RoundReport(int round, long examples, double trainLoss, double devLoss, long roundNanos,
                       long computeNanos, long evalNanos) {
    }

    interface Listener {
        void round(RoundReport report);

        void checkpoint(Checkpoint checkpoint);

        /** The channel failed on the driver's side; whoever waits on checkpoints should stop waiting. */
        void failed(Exception e);
    }

    private final ServerSocket server;
    private final int tasks;
    private final Listener listener;
    private final String[] addresses;
    private final List<Wire> registered = new ArrayList<>();
    private final List<Wire> connected = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;
    private volatile Exception failure;

    DriverChannel(String host, int tasks, Listener listener) throws IOException {
        this.server = new ServerSocket(0, tasks, InetAddress.getByName(host));
        this.tasks = tasks;
        this.listener = listener;
        this.addresses = new String[tasks];
        this.acceptor = new Thread(this::acceptAll, "sparkmore-driver-channel");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** host:port for the tasks to connect to. */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    private void acceptAll() {
        try {
            while (!server.isClosed()) {
                Wire w = new Wire(server.accept());
                connected.add(w);
                Thread t = new Thread(() -> serve(w), "sparkmore-driver-link");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            if (!server.isClosed()) fail(e); // otherwise the channel was closed: the stage is over
        }
    }

    /** Handles one task's messages until it disconnects. */
    private void serve(Wire w) {
        try (w) {
            while (true) {
                int type = w.in.readInt();
                if (type == REGISTER) register(w, w.in.readInt(), w.in.readUTF());
                else if (type == ROUND) listener.round(new RoundReport(w.in.readInt(), w.in.readLong(),
                        w.in.readDouble(), w.in.readDouble(), w.in.readLong(), w.in.readLong(), w.in.readLong()));
                else if (type == CHECKPOINT) listener.checkpoint(new Checkpoint(w.in.readInt(), w.in.readLong(),
                        w.readFloats(), w.readFloats()));
                else throw new IOException("unknown message type " + type);
            }
        } catch (java.io.EOFException | java.net.SocketException disconnected) {
            // the task finished or failed; Spark reports task failures on its own
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Keeps the first failure of a connection for {@link #failure()}; the driver's waits check it. */
    private synchronized void fail(Exception e) {
        if (failure == null) failure = e;
        listener.failed(e);
    }

    /** The first error on the channel's side (bad message, listener failure), or null. */
    Exception failure() {
        return failure;
    }

    /** Once every task has registered, sends each the full address list. */
    private synchronized void register(Wire w, int partition, String address) throws IOException {
        addresses[partition] = address;
        registered.add(w);
        if (registered.size() < tasks) return;
        for (Wire r : registered) {
            for (String a : addresses) r.out.writeUTF(a);
            r.out.flush();
        }
    }

    /** Closes the endpoint and every task connection, so tasks of a failed stage stop waiting on the driver. */
    @Override
    public void close() throws IOException {
        server.close();
        synchronized (connected) {
            for (Wire w : connected) w.close();
        }
    }

    /** A task's connection to the channel. */
    static final class Link implements Closeable {
        private final Wire wire;
        private final int tasks;

        Link(String address, int tasks) throws IOException {
            this.wire = new Wire(Wire.connect(address));
            this.tasks = tasks;
        }

        /** Announces this task's listening address; returns every task's, in partition order. */
        List<String> register(int partition, String host, int port) throws IOException {
            wire.out.writeInt(REGISTER);
            wire.out.writeInt(partition);
            wire.out.writeUTF(host + ":" + port);
            wire.out.flush();
            String[] all = new String[tasks];
            for (int i = 0; i < tasks; i++) all[i] = wire.in.readUTF();
            return Arrays.asList(all);
        }

        void round(RoundReport r) throws IOException {
            wire.out.writeInt(ROUND);
            wire.out.writeInt(r.round());
            wire.out.writeLong(r.examples());
            wire.out.writeDouble(r.trainLoss());
            wire.out.writeDouble(r.devLoss());
            wire.out.writeLong(r.roundNanos());
            wire.out.writeLong(r.computeNanos());
            wire.out.writeLong(r.evalNanos());
            wire.out.flush();
        }

        void checkpoint(Checkpoint c) throws IOException {
            wire.out.writeInt(CHECKPOINT);
            wire.out.writeInt(c.round());
            wire.out.writeLong(c.examples());
            wire.writeFloats(c.params());
            wire.writeFloats(c.state());
            wire.out.flush();
        }

        @Override
        public void close() throws IOException {
            wire.close();
        }
    }
}
