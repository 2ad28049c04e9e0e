package org.sparkmore.train;

import java.io.Serializable;

/**
 * Runs inside every training task before its work, with the round, partition and attempt number. Production runs
 * use {@link #NONE}; the task-retry test injects a failure of a first attempt through it.
 */
@FunctionalInterface
public interface TaskHook extends Serializable {

    TaskHook NONE = (round, partition, attempt) -> { };

    void beforeTask(int round, int partition, int attempt);
}
