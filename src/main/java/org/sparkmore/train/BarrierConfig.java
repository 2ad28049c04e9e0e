package org.sparkmore.train;

/**
 * Barrier mode's network and recovery settings: where its channels listen, how long they wait, and what the driver
 * does when the barrier stage fails. The numbers only bound waits; none changes what a run computes.
 *
 * @param driverPort            first port the driver's channel tries, on spark.driver.bindAddress; 0 = any free port
 * @param taskPort              first port each task's peer endpoint tries, on its executor's host; 0 = any free port
 * @param portRetries           further ports tried above a busy non-zero port (Spark's spark.port.maxRetries idea)
 * @param connectTimeoutSeconds connecting and proving the run's key, in all; an end that takes longer is refused
 * @param readTimeoutSeconds    a task silent this long in an exchange (or partition 0 towards the driver) is taken
 *                              as hung, failing the stage; also how long a task waits for its peers to connect
 * @param slotWaitSeconds       after a failed stage, how long to wait for a task slot per partition before the run
 *                              continues in rounds mode (one Spark job per round, which needs no concurrent slots)
 * @param maxRestarts           restarts of the barrier stage in a row without a new checkpoint before the run fails
 */
public record BarrierConfig(int driverPort, int taskPort, int portRetries, int connectTimeoutSeconds,
                            int readTimeoutSeconds, int slotWaitSeconds, int maxRestarts)
        implements java.io.Serializable {

    public static final BarrierConfig DEFAULTS = new BarrierConfig(
            0,    // any free port: nothing to configure on one machine; set a fixed port where a firewall needs it
            0,    // the same, on executors
            16,   // Spark's own default for spark.port.maxRetries
            30,   // a loaded executor answers in milliseconds; 30 s rides out a long GC pause
            600,  // a round of a large model on a slow executor takes seconds, not minutes
            60,   // a standalone Worker relaunched a killed executor within 5-15 s (StandaloneClusterIT)
            3);   // a stage that fails 4 times with no progress in between will not get better

    public BarrierConfig {
        if (driverPort < 0 || driverPort > 65535 || taskPort < 0 || taskPort > 65535)
            throw new IllegalArgumentException("barrier.driverPort and barrier.taskPort must be in 0-65535");
        if (portRetries < 0) throw new IllegalArgumentException("barrier.portRetries must be >= 0");
        if (connectTimeoutSeconds < 1 || readTimeoutSeconds < 1)
            throw new IllegalArgumentException(
                    "barrier.connectTimeoutSeconds and barrier.readTimeoutSeconds must be >= 1");
        if (slotWaitSeconds < 0) throw new IllegalArgumentException("barrier.slotWaitSeconds must be >= 0");
        if (maxRestarts < 0) throw new IllegalArgumentException("barrier.maxRestarts must be >= 0");
    }

    int connectTimeoutMs() {
        return connectTimeoutSeconds * 1000;
    }

    int readTimeoutMs() {
        return readTimeoutSeconds * 1000;
    }
}
