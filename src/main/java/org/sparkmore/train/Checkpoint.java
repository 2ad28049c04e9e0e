package org.sparkmore.train;

/**
 * Where a run stands after a round: the averaged parameters and optimizer state, the round and the windows trained
 * on so far. The round is also the position of every random stream, since each minibatch stream is derived from
 * (seed, round, partition) alone ({@link PartitionTrainer}): a run continued from a checkpoint draws the same
 * minibatches as one that never stopped. Barrier mode's tasks stream these to the driver, which restarts a failed
 * stage from the latest; {@link Trainer} also hands every train.checkpointEvery-th one to the caller to persist,
 * which {@link CheckpointDirectory} saves as an {@link org.sparkmore.io.SavedCheckpoint}.
 *
 * @param round    the last round done, 0-based; -1 before the first
 * @param examples windows trained on up to and including that round
 * @param params   the flat parameters after it
 * @param state    the optimizer state after it; null for a fresh state (zeros) of the run's optimizer
 */
public record Checkpoint(int round, long examples, float[] params, float[] state) implements java.io.Serializable {

    /** The start of a run from these parameters, with a fresh optimizer state: a warm start. */
    public static Checkpoint start(float[] params) {
        return new Checkpoint(-1, 0, params, null);
    }
}
