package org.sparkmore.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.sample.NameScorer.Problem;
import org.sparkmore.sample.NameScorer.Score;

class NameScorerTest {
    /** a..h, then the unknown token: 'z' and 'ß' score as it. */
    static final Vocabulary VOCAB = new Vocabulary("abcdefgh".chars().boxed().toList(), true);
    static final Vocabulary CLOSED = new Vocabulary("abcdefgh".chars().boxed().toList(), false);
    static final Languages LANGUAGES = new Languages(List.of("de", "fr"), List.of(5L, 3L));
    static final ModelConfig PLAIN = new ModelConfig(VOCAB.size(), 3, 4, List.of(16), Activation.TANH);
    static final ModelConfig CONDITIONED = new ModelConfig(VOCAB.size(), 2, 3, 4, List.of(16), Activation.TANH,
            true, true);

    /** Random parameters with the output layer and language biases scaled up, so distributions are far from flat. */
    static Params params(ModelConfig model, long seed) {
        Params p = Params.init(model, seed, DataType.FLOAT);
        p.weight(p.layers() - 1).muli(300);
        INDArray bias = p.languageBias();
        Random r = new Random(seed);
        if (bias != null)
            for (int i = 0; i < bias.rows(); i++)
                for (int j = 0; j < bias.columns(); j++) bias.putScalar(i, j, 2 * r.nextGaussian());
        return p;
    }

    /** Random names over a..h with an occasional unknown symbol, 1 to 12 code points. */
    static List<String> names(int n, long seed) {
        Random r = new Random(seed);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 1 + r.nextInt(12); k > 0; k--)
                sb.append(r.nextInt(20) == 0 ? 'z' : (char) ('a' + r.nextInt(8)));
            names.add(sb.toString());
        }
        return names;
    }

    /** Sum of ln p over the name's symbols and the end marker, one sampler distribution at a time. */
    static double sampledLogLikelihood(Sampler s, String name, String language) {
        int[] ids = s.vocabulary().encode(name);
        double ll = 0;
        for (int t = 0; t <= ids.length; t++) {
            String prefix = new String(name.codePoints().limit(t).toArray(), 0, t);
            ll += Math.log(s.nextDistribution(prefix, 1.0, language)[t < ids.length ? ids[t] : Vocabulary.BOUNDARY]);
        }
        return ll;
    }

    @Test
    void logLikelihoodIsTheSumOfTheSamplersLnP() {
        Params p = params(PLAIN, 3);
        Sampler sampler = new Sampler(PLAIN, VOCAB, p);
        NameScorer scorer = new NameScorer(PLAIN, VOCAB, Languages.NONE, p);
        List<String> names = List.of("a", "abc", "hgfedcba", "abzac", "zz", "bacadaeafagah");
        List<Score> scores = scorer.score(names, null);
        for (int i = 0; i < names.size(); i++) {
            Score s = scores.get(i);
            assertTrue(s.ok());
            assertEquals(sampledLogLikelihood(sampler, names.get(i), ""), s.logLikelihood(), 1e-5, names.get(i));
            assertEquals(names.get(i).length() + 1, s.symbols());
            assertEquals(-s.logLikelihood() / s.symbols(), s.nllPerSymbol(), 0);
            assertEquals(Math.exp(s.nllPerSymbol()), s.perplexity(), 0);
        }
        assertTrue(scores.get(2).logLikelihood() < -1, "a far from flat model: " + scores.get(2));
    }

    @Test
    void aConditionedModelScoresEachNameInItsLanguage() {
        Params p = params(CONDITIONED, 4);
        Sampler sampler = new Sampler(CONDITIONED, VOCAB, LANGUAGES, p);
        NameScorer scorer = new NameScorer(CONDITIONED, VOCAB, LANGUAGES, p);
        List<String> names = List.of("abc", "abc", "hezz", "gagaga");
        List<String> languages = List.of("de", "fr", "fr", "de");
        List<Score> scores = scorer.score(names, languages);
        for (int i = 0; i < names.size(); i++)
            assertEquals(sampledLogLikelihood(sampler, names.get(i), languages.get(i)),
                    scores.get(i).logLikelihood(), 1e-5, names.get(i) + " in " + languages.get(i));
        assertTrue(Math.abs(scores.get(0).logLikelihood() - scores.get(1).logLikelihood()) > 1e-3,
                "the language changes the score");
    }

    @Test
    void aBatchScoresAsOneByOne() {
        Params p = params(CONDITIONED, 5);
        NameScorer scorer = new NameScorer(CONDITIONED, VOCAB, LANGUAGES, p);
        List<String> names = names(1500, 1); // about 10,000 windows: several forward passes, names split across them
        List<String> languages = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) languages.add(LANGUAGES.codes().get(i % 2));
        List<Score> batch = scorer.score(names, languages);
        NameScorer single = new NameScorer(CONDITIONED, VOCAB, LANGUAGES, p);
        for (int i = 0; i < names.size(); i += 7)
            assertClose(single.score(names.get(i), languages.get(i)), batch.get(i));
        // The streaming form gives the same scores in the same order
        Iterator<Score> streamed = scorer.scoreAll(IntStream.range(0, names.size()).boxed().iterator(),
                names::get, languages::get, (row, s) -> s);
        List<Score> all = new ArrayList<>();
        streamed.forEachRemaining(all::add);
        assertEquals(names.size(), all.size());
        for (int i = 0; i < names.size(); i++) assertClose(batch.get(i), all.get(i));
    }

    /**
     * Equal counts and log-likelihoods to 1e-6 relative: the products are float32, and BLAS rounds a window's row
     * differently at another place in a batch (about 1e-7 relative).
     */
    static void assertClose(Score expected, Score actual) {
        assertEquals(expected.logLikelihood(), actual.logLikelihood(), 1e-6 * Math.abs(expected.logLikelihood()));
        assertEquals(expected.symbols(), actual.symbols());
        assertEquals(expected.unknownSymbols(), actual.unknownSymbols());
        assertEquals(expected.problem(), actual.problem());
    }

    @Test
    void unknownSymbolsAreCountedAndScoredAsTheUnknownToken() {
        NameScorer scorer = new NameScorer(PLAIN, VOCAB, Languages.NONE, params(PLAIN, 6));
        Score odd = scorer.score("azbß", null);
        assertEquals(2, odd.unknownSymbols());
        assertEquals(5, odd.symbols());
        // every unknown code point is the same token, so the same score
        assertEquals(odd, scorer.score("aqbz", null));
        assertEquals(0, scorer.score("abc", null).unknownSymbols());
        // a code point outside the BMP is one symbol
        assertEquals(new Score(scorer.score("az", null).logLikelihood(), 3, 1, null),
                scorer.score("a\uD800\uDF30", null));
    }

    @Test
    void badRowsGiveAProblemNeverAnException() {
        ModelConfig model = new ModelConfig(CLOSED.size(), 2, 3, 4, List.of(16), Activation.TANH, true, true);
        NameScorer closed = new NameScorer(model, CLOSED, LANGUAGES, params(model, 7), 6);
        List<String> names = Arrays.asList("abc", null, "", "abcdefg", "abc", "abc", "abz", "abcdef");
        List<String> languages = Arrays.asList("de", "de", "de", "de", "xx", null, "fr", "fr");
        List<Score> scores = closed.score(names, languages);
        List<Problem> expected = Arrays.asList(null, Problem.NULL, Problem.EMPTY, Problem.TOO_LONG,
                Problem.UNKNOWN_LANGUAGE, Problem.UNKNOWN_LANGUAGE, Problem.OUT_OF_VOCABULARY, null);
        for (int i = 0; i < names.size(); i++) {
            Score s = scores.get(i);
            assertEquals(expected.get(i), s.problem(), names.get(i) + " in " + languages.get(i));
            if (s.ok()) {
                assertClose(closed.score(names.get(i), languages.get(i)), s);
                continue;
            }
            assertTrue(Double.isNaN(s.logLikelihood()) && Double.isNaN(s.nllPerSymbol())
                    && Double.isNaN(s.perplexity()));
            assertEquals(0, s.symbols());
        }
        assertEquals("symbol outside the vocabulary", Problem.OUT_OF_VOCABULARY.reason());
        assertEquals("too long", Problem.TOO_LONG.reason());
    }

    @Test
    void languagesMustMatchTheModel() {
        NameScorer plain = new NameScorer(PLAIN, VOCAB, Languages.NONE, params(PLAIN, 8));
        assertThrows(IllegalArgumentException.class, () -> plain.score(List.of("abc"), List.of("de")));
        NameScorer conditioned = new NameScorer(CONDITIONED, VOCAB, LANGUAGES, params(CONDITIONED, 8));
        assertThrows(IllegalArgumentException.class, () -> conditioned.score(List.of("abc"), null));
        assertThrows(IllegalArgumentException.class, () -> conditioned.score(List.of("abc"), List.of("de", "fr")));
        assertNull(conditioned.score("abc", "fr").problem());
        assertEquals(List.of(), conditioned.score(List.of(), List.of()));
    }
}
