package org.sparkmore.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

class SamplerTest {
    static final Vocabulary VOCAB = new Vocabulary("abcdefgh".chars().boxed().toList(), false);
    static final ModelConfig MODEL = new ModelConfig(VOCAB.size(), 3, 4, List.of(16), Activation.TANH);

    /** A randomly initialised model with its output layer scaled up, so its distributions are far from uniform. */
    static Sampler sampler() {
        Params p = Params.init(MODEL, 5, DataType.FLOAT);
        p.weight(p.layers() - 1).muli(300);
        return new Sampler(MODEL, VOCAB, p);
    }

    static SampleConfig config(int count, double t, int topK, double topP, String prefix, int max, long seed) {
        return new SampleConfig(count, t, topK, topP, prefix, max, seed);
    }

    @Test
    void sameSeedSameNamesOtherSeedOtherNames() {
        Sampler s = sampler();
        List<String> a = s.sample(config(50, 1, 0, 1, "", 20, 1));
        assertEquals(a, s.sample(config(50, 1, 0, 1, "", 20, 1)));
        assertNotEquals(a, s.sample(config(50, 1, 0, 1, "", 20, 2)));
        assertTrue(a.stream().allMatch(n -> n.length() <= 20 && n.chars().allMatch(c -> c >= 'a' && c <= 'h')));
    }

    @Test
    void greedyIsTopKOfOneAndIgnoresTheSeed() {
        Sampler s = sampler();
        List<String> greedy = s.sample(config(5, 0, 0, 1, "", 12, 1));
        assertEquals(1, greedy.stream().distinct().count());
        assertEquals(greedy, s.sample(config(5, 1, 1, 1, "", 12, 99)));
        assertEquals(greedy.get(0), s.sample(config(1, 0.7, 0, 1e-9, "", 12, 7)).get(0)); // tiny top-p keeps the argmax
    }

    @Test
    void prefixIsContinuedAndMaxLengthHolds() {
        List<String> names = sampler().sample(config(30, 1.5, 0, 1, "abc", 5, 3));
        assertTrue(names.stream().allMatch(n -> n.startsWith("abc") && n.length() <= 5), names.toString());
    }

    @Test
    void distributionsAreNormalisedAndTemperatureSharpens() {
        Sampler s = sampler();
        double[] cold = s.nextDistribution("ab", 0.5, "");
        double[] warm = s.nextDistribution("ab", 2, "");
        assertEquals(1, Arrays.stream(cold).sum(), 1e-9);
        assertEquals(1, Arrays.stream(warm).sum(), 1e-9);
        assertTrue(Arrays.stream(cold).max().getAsDouble() > Arrays.stream(warm).max().getAsDouble());
        double[] zero = s.nextDistribution("ab", 0, "");
        assertEquals(1, Arrays.stream(zero).max().getAsDouble());
    }

    @Test
    void topKKeepsOnlyTheKMostLikely() {
        double[] p = {0.1, 0.4, 0.3, 0.2};
        Distribution.truncate(p, 2, 1);
        assertEquals("[0.0, 0.4, 0.3, 0.0]", Arrays.toString(p));
        double[] q = {0.1, 0.4, 0.3, 0.2};
        Distribution.truncate(q, 0, 0.6);
        assertEquals("[0.0, 0.4, 0.3, 0.0]", Arrays.toString(q));
    }
}
