package org.sparkmore.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.CheckpointStore;
import org.sparkmore.io.SavedCheckpoint;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig;

/**
 * A run's checkpoint directory, on the driver: every train.checkpointEvery rounds the trainer hands over its state
 * (in barrier mode, the one task 0 streams to the driver anyway), and this writes it to the directory
 * ({@link CheckpointStore}), replacing the previous one atomically. {@code --resume} turns one back into the
 * trainer's start, after checking that the table still gives the same vocabulary, languages and windows: the
 * resumed run must be the interrupted one to end bit-identical. The command line and the Spark ML estimator share it.
 *
 * <p>How the checkpoint types relate: a {@link Checkpoint} is where a run stands in memory (what the trainer hands
 * over and starts from); this turns it into a {@link SavedCheckpoint}, its saved form (the model so far plus the
 * round, the optimizer state and the command's options), and back; {@link CheckpointStore} reads and writes that
 * as files.
 */
public final class CheckpointDirectory {

    private final String dir;
    private final ModelConfig model;
    private final Vocabulary vocabulary;
    private final Languages languages;
    private final Map<String, Object> config;
    private final Map<String, String> run;
    private final Configuration hadoop;
    private final Consumer<String> log;

    /**
     * @param config the run's resolved configuration, stored with each checkpoint
     * @param run    what else the run needs to be continued (its partitions and train windows at least)
     */
    public CheckpointDirectory(String dir, Map<String, String> config, Map<String, String> run, ModelConfig model,
                       Vocabulary vocabulary, Languages languages, Configuration hadoop, Consumer<String> log) {
        this.dir = dir;
        this.model = model;
        this.vocabulary = vocabulary;
        this.languages = languages;
        this.config = new LinkedHashMap<>(config);
        this.run = Map.copyOf(run);
        this.hadoop = hadoop;
        this.log = log;
    }

    /** Says where checkpoints go, and that an earlier run's checkpoint there is about to be replaced. */
    public void announce(int every, boolean resuming) {
        if (every == 0) return;
        log.accept("checkpoints: every " + every + " rounds to " + dir);
        if (!resuming && CheckpointStore.exists(dir, hadoop))
            log.accept("note: " + dir + " holds an earlier run's checkpoint, which this run's first one "
                    + "replaces; to continue that run instead: train --resume " + dir);
    }

    /** Writes one checkpoint; called on the driver while training goes on. */
    public void save(Checkpoint c) {
        SavedModel snapshot = new SavedModel(model, vocabulary, languages, config, Map.of(), c.params());
        CheckpointStore.save(new SavedCheckpoint(snapshot, c.round(), c.examples(), c.state(), run), dir, hadoop);
        log.accept("checkpoint: round " + (c.round() + 1) + " saved to " + dir);
    }

    /** Deletes the checkpoints once the run has saved its model: they can only repeat it. */
    public void delete() {
        if (!CheckpointStore.exists(dir, hadoop)) return;
        CheckpointStore.delete(dir, hadoop);
        log.accept("removed the checkpoint " + dir + ": the run is complete");
    }

    /**
     * The resumed run's start, once the table is shown to give the interrupted run's data; a changed table is an
     * error that says what changed.
     */
    public static Checkpoint resumeFrom(SavedCheckpoint c, ModelConfig model, Vocabulary vocabulary,
                                        Languages languages, long trainWindows) {
        SavedModel m = c.model();
        String changed = null;
        if (!m.vocabulary().equals(vocabulary)) changed = "its vocabulary";
        else if (!m.languages().equals(languages)) changed = "its languages";
        else if (!m.model().equals(model)) changed = "the model's shape";
        else if (!c.run().get("trainWindows").equals(Long.toString(trainWindows)))
            changed = "its train windows, " + c.run().get("trainWindows") + " then and " + trainWindows + " now";
        if (changed != null)
            throw new IllegalArgumentException("cannot resume: the table changed since the checkpoint (" + changed
                    + "); resuming needs the interrupted run's data, else train anew");
        return new Checkpoint(c.round(), c.examples(), m.params(), c.optimizerState());
    }
}
