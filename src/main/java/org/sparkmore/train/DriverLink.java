package org.sparkmore.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A task's authenticated connection to the {@link DriverChannel}. */
final class DriverLink implements Closeable {
    private final Wire wire;
    private final int tasks;

    DriverLink(String address, ChannelKey key, int partition, BarrierConfig config, int tasks) throws IOException {
        this.wire = Wire.connect(address, key, partition, config,
                tasks * (Integer.BYTES + 4 * DriverChannel.MAX_STRING));
        this.tasks = tasks;
    }

    /** Announces this task; returns every task's peer address, in partition order, once all have registered. */
    List<String> register(DriverChannel.Registration me) throws IOException {
        ByteBuffer b = Wire.body(3 * (Integer.BYTES + 4 * DriverChannel.MAX_STRING));
        Wire.putString(b, me.address());
        Wire.putString(b, me.executor());
        Wire.putString(b, me.blasKernel());
        wire.send(DriverChannel.REGISTER, b);
        ByteBuffer all = wire.receive(DriverChannel.ADDRESSES);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < tasks; i++) addresses.add(Wire.getString(all, DriverChannel.MAX_STRING));
        Wire.end(all);
        return addresses;
    }

    void round(DriverChannel.RoundReport r) throws IOException {
        ByteBuffer b = Wire.body(Integer.BYTES + 6 * Long.BYTES);
        b.putInt(r.round()).putLong(r.examples()).putDouble(r.trainLoss()).putDouble(r.devLoss())
                .putLong(r.roundNanos()).putLong(r.computeNanos()).putLong(r.evalNanos());
        wire.send(DriverChannel.ROUND, b);
    }

    void checkpoint(Checkpoint c) throws IOException {
        ByteBuffer b = Wire.body(Integer.BYTES + Long.BYTES + Wire.floatsBytes(c.params().length)
                + Wire.floatsBytes(c.state() == null ? 0 : c.state().length));
        b.putInt(c.round()).putLong(c.examples());
        Wire.putFloats(b, c.params());
        Wire.putFloats(b, c.state());
        wire.send(DriverChannel.CHECKPOINT, b);
    }

    @Override
    public void close() throws IOException {
        wire.close();
    }
}
