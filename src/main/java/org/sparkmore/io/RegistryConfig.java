package org.sparkmore.io;

/**
 * How a registry of model versions ({@link ModelRegistry}, {@code train --versioned}) promotes and keeps versions.
 *
 * @param maxDevLossIncreasePercent the promotion gate: a new version becomes LATEST only when its dev loss is at most
 *                                  LATEST's times (1 + this / 100), on the same dev split; negative demands a gain
 * @param keep                      after a run, delete all but the newest this many versions, and the one LATEST
 *                                  names whatever its age; 0 keeps every version
 */
public record RegistryConfig(double maxDevLossIncreasePercent, int keep) {

    public static final RegistryConfig DEFAULTS = new RegistryConfig(
            1.0,  // a grown table's dev split holds new names, so an equally good model's dev loss drifts a little;
                  // 1% (0.02 nats at makemore's 2.1) is ten times the 0.002 by which equally good settings differ
                  // (train.stepsPerRound 10-40, TrainConfig) and still stops a clearly worse model, e.g. a diverged one
            0);   // deleting models is the user's call: --keep N opts in

    public RegistryConfig {
        if (!(maxDevLossIncreasePercent > -100) || Double.isInfinite(maxDevLossIncreasePercent))
            throw new IllegalArgumentException("registry.maxDevLossIncreasePercent must be a number above -100, got "
                    + maxDevLossIncreasePercent);
        if (keep < 0) throw new IllegalArgumentException("registry.keep must be >= 0 (0 = keep all), got " + keep);
    }
}
