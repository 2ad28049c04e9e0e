package org.sparkmore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.SavedCheckpoint;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/** Resuming rebuilds the interrupted run's settings from its checkpoint, not from today's defaults. */
class RunPlanTest {

    @Test
    void aCheckpointFromBeforeLanguageBiasesResumesWithoutThem() {
        Vocabulary vocab = new Vocabulary(List.of(0x61, 0x62), false);
        Languages languages = new Languages(List.of("en", "nl"), List.of(3L, 2L));
        ModelConfig shape = new ModelConfig(vocab.size(), 2, 3, 4, List.of(5), Activation.TANH, true, false);
        // Its stored config predates the key: model.blockSize and the rest, no model.languageBias
        Map<String, Object> config = Map.of("model.blockSize", 3, "model.embeddingDim", 4, "model.hiddenSizes", "5");
        SavedModel model = new SavedModel(shape, vocab, languages, config, Map.of(),
                new float[(int) Params.count(shape)]);
        SavedCheckpoint c = new SavedCheckpoint(model, 4, 100, new float[0],
                Map.of("output", "models/x", "versioned", "false", "partitions", "2", "trainWindows", "40"));

        ModelConfig resumed = RunPlan.resume(c, "models/x.checkpoint").config().model()
                .forData(vocab.size(), languages.size());
        assertFalse(resumed.languageBias());
        assertEquals(shape, resumed);
    }
}
