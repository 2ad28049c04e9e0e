package org.sparkmore.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/** A model rebuilt from its files alone samples exactly what the model in memory sampled. */
class SavedModelSamplesTest {
    @TempDir Path dir;

    @Test
    void savedModelReloadsToIdenticalParametersAndSamples() {
        Vocabulary vocab = new Vocabulary(List.of((int) 'a', (int) 'b', (int) 'c', 0x10330), true);
        ModelConfig model = new ModelConfig(vocab.size(), 3, 5, List.of(12, 7), Activation.TANH);
        Params params = Params.init(model, 11, DataType.FLOAT);
        params.weight(params.layers() - 1).muli(100); // far from uniform, so samples differ by seed and prefix
        float[] flat = params.flat().toFloatVector();
        String path = dir.resolve("m").toString();
        ModelStore.save(new SavedModel(model, vocab, Languages.NONE, Map.of("train.seed", "11"),
                Map.of("devLoss", 1.5), flat), path, new Configuration());

        SavedModel loaded = ModelStore.load(path, new Configuration());
        assertEquals(model, loaded.model());
        assertEquals(vocab, loaded.vocabulary());
        assertArrayEquals(flat, loaded.params());
        SampleConfig c = new SampleConfig(40, 0.9, 0, 0.95, "a", 12, 5);
        List<String> before = new Sampler(model, vocab, params).sample(c);
        Params reloaded = Params.wrap(loaded.model(), Nd4j.createFromArray(loaded.params()));
        assertEquals(before, new Sampler(loaded.model(), loaded.vocabulary(), reloaded).sample(c));
    }
}
