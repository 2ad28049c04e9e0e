package org.sparkmore.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Limits ND4J to one thread in this JVM. Spark already runs one task per core; ND4J's default of one OpenMP and one
 * BLAS thread per core on top of that oversubscribes the cores and made steps 10-40x slower (measured when the
 * project started: one step went from 0.5-6 ms to 23-119 ms with 2 tasks on 2 cores).
 * OMP_NUM_THREADS=1 in the executor environment does the same before the library loads.
 */
public final class SingleThreaded {
    private static volatile boolean done;

    private SingleThreaded() {
    }

    public static void ensure() {
        if (done) return;
        synchronized (SingleThreaded.class) {
            if (done) return;
            Nd4j.getEnvironment().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            done = true;
        }
    }
}
