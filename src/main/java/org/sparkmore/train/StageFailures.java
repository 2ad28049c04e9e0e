package org.sparkmore.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.TaskKilled;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Listens to Spark's scheduler while barrier mode runs and keeps each failed task's partition, executor, host and
 * reason: the SparkException of a failed barrier stage names none of them. Causes are named before consequences: a
 * lost executor first, then tasks that failed on their own, and only when there is nothing else, the tasks that
 * failed because a peer went away ({@link BarrierTask#PEER_LOST}) or that Spark killed because a sibling failed.
 */
final class StageFailures extends SparkListener implements AutoCloseable {
    /** How long a failure's description waits for the scheduler's events, which arrive on their own thread. */
    private static final long EVENT_WAIT_MS = 10_000;

    private final SparkContext sc;
    private final List<String> lost = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private final List<String> consequences = new ArrayList<>();

    private StageFailures(SparkContext sc) {
        this.sc = sc;
    }

    static StageFailures watch(SparkContext sc) {
        StageFailures f = new StageFailures(sc);
        sc.addSparkListener(f);
        return f;
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (!(end.reason() instanceof TaskFailedReason reason)) return;
        String error = firstLine(reason.toErrorString());
        String what = "partition " + end.taskInfo().index() + " on executor " + end.taskInfo().executorId() + " at "
                + end.taskInfo().host() + ": " + error;
        if (reason instanceof ExecutorLostFailure) lost.add(what);
        else if (reason instanceof TaskKilled || error.contains(BarrierTask.PEER_LOST)) consequences.add(what);
        else failed.add(what);
        notifyAll();
    }

    /**
     * The causes of the failure since the last call (up to 3), else its consequences, else the exception's first
     * line. Waits briefly for a cause: the scheduler's events arrive on their own thread, consequences often first.
     */
    synchronized String describe(Throwable e) throws InterruptedException {
        long deadline = System.currentTimeMillis() + EVENT_WAIT_MS;
        while (lost.isEmpty() && failed.isEmpty() && System.currentTimeMillis() < deadline)
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        List<String> all = new ArrayList<>(lost);
        all.addAll(failed);
        if (all.isEmpty()) all.addAll(consequences);
        clear();
        return all.isEmpty() ? firstLine(String.valueOf(e.getMessage())) : String.join("; ", all.subList(0,
                Math.min(3, all.size())));
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Forgets what was seen so far: a new stage attempt starts. */
    synchronized void clear() {
        lost.clear();
        failed.clear();
        consequences.clear();
    }

    @Override
    public void close() {
        sc.removeSparkListener(this);
    }
}
