package org.sparkmore.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/** Chunked, streaming generation and each sample's log-likelihood, against the model's own next-symbol odds. */
class SamplerStreamingTest {
    static final Vocabulary VOCAB = new Vocabulary("abcdefg".chars().boxed().toList(), true); // with unknown
    static final Languages LANGUAGES = new Languages(List.of("aa", "bb", "cc"), List.of(5L, 3L, 1L));

    /** Two hidden layers, language rows and per-language output biases, far from uniform. */
    static Sampler conditioned() {
        ModelConfig model = new ModelConfig(VOCAB.size(), LANGUAGES.size(), 3, 5, List.of(12, 7), Activation.TANH,
                true, true);
        Params p = Params.init(model, 7, DataType.FLOAT);
        p.weight(p.layers() - 1).muli(60);
        java.util.Random rng = new java.util.Random(8);
        float[][] bias = new float[LANGUAGES.size()][VOCAB.size()]; // a per-language log-prior of a few nats
        for (float[] row : bias) for (int j = 0; j < row.length; j++) row[j] = (float) (3 * rng.nextGaussian());
        p.languageBias().assign(Nd4j.createFromArray(bias));
        return new Sampler(model, VOCAB, LANGUAGES, p);
    }

    @Test
    void streamingGivesTheListDrawsNamesInOrder() {
        for (Sampler s : List.of(SamplerTest.sampler(), conditioned())) {
            SampleConfig c = new SampleConfig(300, 0.8, 0, 1, "", 15, 4, "");
            List<Sampler.Sample> streamed = new ArrayList<>();
            s.draw(c, streamed::add);
            assertEquals(s.draw(c), streamed);
            assertEquals(300, streamed.size());
        }
    }

    @Test
    void logLikelihoodIsTheSumOfTheModelsOwnLogProbabilities() {
        Sampler plain = SamplerTest.sampler();
        Sampler lang = conditioned();
        for (SampleConfig c : List.of(new SampleConfig(60, 1, 0, 1, "", 8, 1),
                new SampleConfig(60, 1.7, 0, 1, "ab", 9, 2),   // tempered: ln p stays the model's own
                new SampleConfig(60, 0.9, 3, 0.8, "", 10, 3),  // truncated: the same
                new SampleConfig(20, 0, 0, 1, "c", 6, 4))) {   // greedy
            checkLogLikelihoods(plain, c);
            checkLogLikelihoods(lang, c);
            checkLogLikelihoods(lang, c.with(c.count(), "cc"));
        }
    }

    @Test
    void namesBeyondOneChunkContinueTheFirstChunksDraws() {
        Sampler s = conditioned();
        SampleConfig c = new SampleConfig(2 * Sampler.CHUNK + 5, 1, 0, 1, "", 12, 9, "");
        List<Sampler.Sample> all = s.draw(c);
        assertEquals(2 * Sampler.CHUNK + 5, all.size());
        assertEquals(s.draw(c.with(Sampler.CHUNK, "")), all.subList(0, Sampler.CHUNK)); // same generators, in order
        assertEquals(all, s.draw(c));
        checkLogLikelihoods(s, all.subList(Sampler.CHUNK - 10, Sampler.CHUNK + 30), c);
        assertTrue(all.stream().map(Sampler.Sample::language).distinct().count() == 3);
    }

    private static void checkLogLikelihoods(Sampler s, SampleConfig c) {
        checkLogLikelihoods(s, s.draw(c), c);
    }

    /** ln p of each drawn symbol from nextDistribution, plus the end marker's when the name is below maxLength. */
    private static void checkLogLikelihoods(Sampler s, List<Sampler.Sample> samples, SampleConfig c) {
        int start = c.prefix().codePointCount(0, c.prefix().length());
        for (Sampler.Sample sample : samples) {
            int[] cps = sample.name().codePoints().toArray();
            double expected = 0;
            for (int i = start; i < cps.length; i++)
                expected += Math.log(s.nextDistribution(new String(cps, 0, i), 1, sample.language())[VOCAB.id(cps[i])]);
            if (cps.length < c.maxLength())
                expected += Math.log(s.nextDistribution(sample.name(), 1, sample.language())[Vocabulary.BOUNDARY]);
            assertEquals(expected, sample.logLikelihood(), 1e-5, sample.toString());
        }
    }
}
