package org.sparkmore.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.sparkmore.io.SavedCheckpoint;
import org.sparkmore.train.RunConfig;
import org.sparkmore.train.Settings;

/**
 * What a train run does, fixed before it reads any data: its resolved configuration, where the model goes, where
 * its checkpoints go and where it starts from. A new run takes all of it from its flags; {@code --resume} takes all
 * of it from the checkpoint, so that the resumed run is the interrupted one, with the same partition count too.
 *
 * @param settings      the resolved configuration as flat keys, as printed and saved with the model
 * @param config        the same, typed and checked: built once, when the plan is made
 * @param output        the model directory, or the registry with {@code versioned}
 * @param versioned     whether output is a registry of versions ({@code --versioned})
 * @param checkpointDir where checkpoints go
 * @param warmStart     {@code --warm-start}'s value; null for fresh parameters
 * @param partitions    the training partitions of the interrupted run; null to resolve them from the config
 * @param resumed       the checkpoint the run continues; null for a new run
 */
record RunPlan(Settings settings, RunConfig config, String output, boolean versioned, String checkpointDir,
               String warmStart, Integer partitions, SavedCheckpoint resumed) {

    /** Checkpoints of a model at {@code models/names} go to {@code models/names.checkpoint}, beside the model. */
    static final String CHECKPOINT_SUFFIX = ".checkpoint";

    /** A new run's plan; the checkpoint directory defaults to a sibling of the output, which is replaced whole. */
    static RunPlan fresh(Settings settings, String output, boolean versioned, String checkpointDir, String warmStart) {
        String dir = checkpointDir != null ? checkpointDir : new Path(output).toString() + CHECKPOINT_SUFFIX;
        return new RunPlan(settings, settings.toConfig(), output, versioned, dir, warmStart, null, null);
    }

    /** The interrupted run's plan, from the options and configuration its checkpoint stored. */
    static RunPlan resume(SavedCheckpoint c, String dir) {
        Settings settings = Settings.defaults();
        c.model().config().forEach((key, value) -> settings.set(key, String.valueOf(value)));
        // A checkpoint from before model.languageBias existed lacks the key; its model's shape has the answer
        settings.set("model.languageBias", String.valueOf(c.model().model().languageBias()));
        Map<String, String> run = c.run();
        for (String key : new String[] {"output", "versioned", "partitions", "trainWindows"})
            if (!run.containsKey(key))
                throw new IllegalArgumentException("the checkpoint in " + dir + " lacks the run's " + key);
        return new RunPlan(settings, settings.toConfig(), run.get("output"),
                Boolean.parseBoolean(run.get("versioned")), dir, run.get("warmStart"),
                Integer.valueOf(run.get("partitions")), c);
    }

    /** The options a checkpoint stores to finish the run, with the partitions and train windows it had. */
    Map<String, String> runOptions(int parts, long trainWindows) {
        Map<String, String> run = new LinkedHashMap<>();
        run.put("output", output);
        run.put("versioned", Boolean.toString(versioned));
        run.put("partitions", Integer.toString(parts));
        run.put("trainWindows", Long.toString(trainWindows));
        if (warmStart != null) run.put("warmStart", warmStart);
        return run;
    }
}
