package org.sparkmore.io;

import java.util.List;
import java.util.Objects;

/**
 * A run's losses as training went: the mean training loss of every round and the dev loss of every evaluation,
 * kept beside the model in {@value ModelStore#CURVES} so that the loss chart can be drawn from the model alone.
 * A resumed run's curves start at the round it resumed from.
 *
 * @param train one point per round, in round order
 * @param dev   one point per dev evaluation (train.evalEvery), in round order; empty without a dev split
 */
public record LossCurves(List<Point> train, List<Point> dev) {

    /** The loss after a 1-based round. */
    public record Point(int round, double loss) {
    }

    public LossCurves {
        train = List.copyOf(Objects.requireNonNull(train, "train"));
        dev = List.copyOf(Objects.requireNonNull(dev, "dev"));
    }
}
