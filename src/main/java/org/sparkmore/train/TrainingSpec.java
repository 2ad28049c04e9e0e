package org.sparkmore.train;

import org.sparkmore.model.ModelConfig;
import org.sparkmore.optim.OptimConfig;

/**
 * What the training loop needs, on the driver and in every task: the sections of the run's {@link RunConfig} that
 * training reads, with the model fitted to the data (its vocabulary and languages filled in), and the hook every
 * task runs first. Serializable: each task of a barrier stage, and each round's job, carries it.
 *
 * @param model   the network's shape, fitted to the data
 * @param optim   optimiser and learning-rate schedule
 * @param train   the loop: rounds, steps per round, batch size, mode, sync, evaluation and checkpoint cadence
 * @param barrier barrier mode's channels and recovery
 * @param hook    runs inside every task before its work ({@link TaskHook#NONE} outside tests)
 */
public record TrainingSpec(ModelConfig model, OptimConfig optim, TrainConfig train, BarrierConfig barrier,
                           TaskHook hook) implements java.io.Serializable {

    /** The run's sections, with the model fitted to the data. */
    public static TrainingSpec of(RunConfig config, ModelConfig fitted, TaskHook hook) {
        return new TrainingSpec(fitted, config.optim(), config.train(), config.barrier(), hook);
    }

    /** The per-partition math of a round under this spec. */
    PartitionTrainer partitionTrainer() {
        return new PartitionTrainer(model, optim, train);
    }
}
