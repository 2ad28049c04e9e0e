package org.sparkmore.train;

import java.util.Locale;
import java.util.Objects;

/**
 * The distributed loop: synchronous rounds of local SGD with parameter averaging (Zinkevich et al., 2010;
 * McMahan et al., 2017), or one averaged gradient per round.
 *
 * @param rounds        synchronous rounds of local steps followed by averaging
 * @param stepsPerRound minibatch steps each partition runs between two averagings ("average" mode)
 * @param batchSize     windows per minibatch, per partition
 * @param mode          average (parameters and optimizer state averaged every round) or gradients
 *                      (one step per round, gradients averaged: exactly minibatch SGD on the combined batch)
 * @param sync          barrier (one barrier stage runs all rounds; tasks average among themselves over TCP) or
 *                      rounds (one Spark job per round; the driver averages); barrier falls back to rounds when
 *                      it cannot run (gradients mode, dynamic allocation, fewer task slots than partitions)
 * @param partitions    training partitions, one task each; 0 means Spark's default parallelism
 * @param evalEvery     evaluate the dev loss every this many rounds (and after the last)
 * @param seed          seeds initialisation and every minibatch draw
 * @param languageBalance with languages, a minibatch draws each window's language with probability proportional
 *                      to (its windows)^languageBalance, then a window of that language: 1 keeps the table's mix,
 *                      0 gives every language the same share (Conneau and Lample (2019) sample languages so)
 * @param checkpointEvery hand the parameters, optimizer state and round to the caller every this many rounds (the
 *                      last round excepted: the model itself is saved then), so an interrupted run can resume;
 *                      0 = never
 */
public record TrainConfig(int rounds, int stepsPerRound, int batchSize, Mode mode, Sync sync, int partitions,
                          int evalEvery, long seed, double languageBalance, int checkpointEvery)
        implements java.io.Serializable {

    public static final TrainConfig DEFAULTS = new TrainConfig(
            50,       // with 40 steps of 1024 on 2 partitions: 4.1M windows, 22 epochs of names-split (BENCHMARKS.md)
            40,       // tuned for time to dev 2.15: 10-40 steps between averagings give the same dev within 0.002
            1024,     // amortises ND4J's per-call cost (JMH: 550k ex/s per core, 470k at 256); best dev per second
            Mode.AVERAGE, // a round's synchronisation then buys stepsPerRound steps, where gradients mode buys one
            Sync.BARRIER, // a round costs milliseconds instead of a Spark job (15-50 ms); same result as rounds
            0,        // one partition per core
            10,       // dev loss ten times a run
            1337L,    // any fixed value: runs are reproducible bit for bit (rounds mode: with up to 2 partitions)
            1.0,      // the table's own mix; --balance-languages sets 0.5 so small languages are not drowned out
            0);       // off: a default run of 50 rounds takes a minute or two, cheaper to rerun than to checkpoint

    public TrainConfig {
        if (rounds < 1 || stepsPerRound < 1 || batchSize < 1)
            throw new IllegalArgumentException("train.rounds, train.stepsPerRound and train.batchSize must be >= 1");
        Objects.requireNonNull(mode, "train.mode");
        Objects.requireNonNull(sync, "train.sync");
        if (partitions < 0) throw new IllegalArgumentException("train.partitions must be >= 0");
        if (evalEvery < 1) throw new IllegalArgumentException("train.evalEvery must be >= 1");
        if (!(languageBalance >= 0 && languageBalance <= 1))
            throw new IllegalArgumentException("train.languageBalance must be in [0, 1], got " + languageBalance);
        if (checkpointEvery < 0)
            throw new IllegalArgumentException("train.checkpointEvery must be >= 0 (0 = off), got " + checkpointEvery);
    }

    /** Without checkpoints, as before they existed (the benchmarks build configs so). */
    public TrainConfig(int rounds, int stepsPerRound, int batchSize, Mode mode, Sync sync, int partitions,
                       int evalEvery, long seed, double languageBalance) {
        this(rounds, stepsPerRound, batchSize, mode, sync, partitions, evalEvery, seed, languageBalance, 0);
    }

    /**
     * Whether the run measures the dev loss after this 0-based round: every evalEvery rounds, and after the last so
     * that every run ends with one.
     */
    public boolean evaluatesAfter(int round) {
        return (round + 1) % evalEvery == 0 || round + 1 == rounds;
    }

    /** Whether the run hands its state to the caller after this 0-based round. */
    public boolean checkpointsAfter(int round) {
        return checkpointEvery > 0 && (round + 1) % checkpointEvery == 0 && round + 1 < rounds;
    }

    /** Whether minibatches reweight languages. */
    public boolean balancesLanguages() {
        return languageBalance != 1.0;
    }

    /** Optimizer steps in the whole run: what the learning-rate schedule spans. */
    public long totalSteps() {
        return (long) rounds * (mode == Mode.GRADIENTS ? 1 : stepsPerRound);
    }

    /** What a round averages; spelt in lower case, as config files and saved models hold it. */
    public enum Mode {
        AVERAGE, GRADIENTS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the tasks meet every round; spelt in lower case, as config files and saved models hold it. */
    public enum Sync {
        BARRIER, ROUNDS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
