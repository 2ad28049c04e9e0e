package org.sparkmore.train;

import org.sparkmore.data.DataConfig;
import org.sparkmore.io.RegistryConfig;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.sample.SampleConfig;

/**
 * A run's whole configuration, one typed record per section: built once by {@link Settings#toConfig}, which checks
 * every value, and passed whole to what the run does. The component names are the sections' key prefixes
 * ({@code optim} holds {@code optim.learningRate}), in the order the resolved configuration is printed and saved.
 *
 * @param data     where the names come from and how they are cleaned and split
 * @param model    the network's shape; vocabSize and languages are filled in from the data later
 * @param optim    optimiser and learning-rate schedule
 * @param train    the distributed loop
 * @param barrier  barrier mode's channels and recovery
 * @param registry how a registry of versions promotes and keeps them
 * @param sample   how names are drawn from the trained model
 */
public record RunConfig(DataConfig data, ModelConfig model, OptimConfig optim, TrainConfig train,
                        BarrierConfig barrier, RegistryConfig registry, SampleConfig sample) {

    /** Every section's own defaults, each explained where it is set. */
    public static final RunConfig DEFAULTS = new RunConfig(DataConfig.DEFAULTS, ModelConfig.DEFAULTS,
            OptimConfig.DEFAULTS, TrainConfig.DEFAULTS, BarrierConfig.DEFAULTS, RegistryConfig.DEFAULTS,
            SampleConfig.DEFAULTS);
}
