package org.sparkmore.io;

import java.util.Map;
import java.util.Objects;

/**
 * A training checkpoint: the model so far, where its training stands, and what the command needs to finish the run.
 * The saved form of train's in-memory {@code Checkpoint}, made from one and turned back into one by train's
 * {@code CheckpointDirectory}; {@link CheckpointStore} writes and reads it as files.
 *
 * @param model          the model after {@code round}: shape, vocabulary, languages, the run's resolved config and
 *                       parameters; its metrics are the losses so far
 * @param round          the last round done, 0-based
 * @param examples       windows trained on up to and including that round
 * @param optimizerState the optimizer's state after that round (empty for plain SGD)
 * @param run            the command's own options by name, e.g. where the finished model goes
 */
public record SavedCheckpoint(SavedModel model, int round, long examples, float[] optimizerState,
                              Map<String, String> run) {

    public SavedCheckpoint {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimizerState, "optimizerState");
        run = Map.copyOf(run);
        if (round < 0) throw new IllegalArgumentException("a checkpoint follows a round: round >= 0, got " + round);
    }
}
