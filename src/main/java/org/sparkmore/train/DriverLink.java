package org.sparkmore.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A task's authenticated connection to the {@link DriverChannel}. */
final class DriverLink implements Closeable {
    private final HmacConnection wire;
    private final int tasks;

    DriverLink(String address, ChannelKey key, int partition, BarrierConfig config, int tasks) throws IOException {
        this.wire = HmacConnection.connect(address, key, partition, HmacConnection.DRIVER, config,
                tasks * (Integer.BYTES + 4 * DriverChannel.MAX_STRING));
        this.tasks = tasks;
    }

    /** Announces this task; returns every task's peer address, in partition order, once all have registered. */
    List<String> register(DriverChannel.Registration me) throws IOException {
        ByteBuffer b = Payload.body(3 * (Integer.BYTES + 4 * DriverChannel.MAX_STRING));
        Payload.putString(b, me.address());
        Payload.putString(b, me.executor());
        Payload.putString(b, me.blasKernel());
        wire.send(DriverChannel.REGISTER, b);
        ByteBuffer all = wire.receive(DriverChannel.ADDRESSES);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < tasks; i++) addresses.add(Payload.getString(all, DriverChannel.MAX_STRING));
        Payload.end(all);
        return addresses;
    }

    void round(DriverChannel.RoundReport r) throws IOException {
        ByteBuffer b = Payload.body(Integer.BYTES + 6 * Long.BYTES);
        b.putInt(r.round()).putLong(r.examples()).putDouble(r.trainLoss()).putDouble(r.devLoss())
                .putLong(r.roundNanos()).putLong(r.computeNanos()).putLong(r.evalNanos());
        wire.send(DriverChannel.ROUND, b);
    }

    void checkpoint(Checkpoint c) throws IOException {
        ByteBuffer b = Payload.body(Integer.BYTES + Long.BYTES + Payload.floatsBytes(c.params().length)
                + Payload.floatsBytes(c.state() == null ? 0 : c.state().length));
        b.putInt(c.round()).putLong(c.examples());
        Payload.putFloats(b, c.params());
        Payload.putFloats(b, c.state());
        wire.send(DriverChannel.CHECKPOINT, b);
    }

    @Override
    public void close() throws IOException {
        wire.close();
    }
}
