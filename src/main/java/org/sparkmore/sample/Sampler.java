package org.sparkmore.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.Mlp;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/**
 * Generates names from a trained model symbol by symbol until the end marker, as makemore's {@code generate}:
 * all names of a call advance together, one batched forward pass per position. A language-conditioned model
 * generates each name in one language: the asked one, or one drawn from the training names' mix.
 */
public final class Sampler {

    /** One generated name and its language code (empty for a plain model). */
    public record Sample(String name, String language) {
    }

    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final Languages languages;
    private final Params params;
    private final Mlp mlp;

    public Sampler(ModelConfig config, Vocabulary vocabulary, Languages languages, Params params) {
        if (config.vocabSize() != vocabulary.size())
            throw new IllegalArgumentException("model has " + config.vocabSize() + " outputs but the vocabulary has "
                    + vocabulary.size() + " symbols");
        if (config.languages() != (config.conditioned() ? languages.size() : 0))
            throw new IllegalArgumentException("model has " + config.languages() + " language rows but "
                    + languages.size() + " languages are given");
        this.config = config;
        this.vocabulary = vocabulary;
        this.languages = languages;
        this.params = params;
        this.mlp = new Mlp(config, params.flat().dataType());
    }

    /** A plain model's sampler. */
    public Sampler(ModelConfig config, Vocabulary vocabulary, Params params) {
        this(config, vocabulary, Languages.NONE, params);
    }

    /** {@code c.count()} names; the same config and seed give the same names. */
    public List<String> sample(SampleConfig c) {
        return draw(c).stream().map(Sample::name).toList();
    }

    /** {@code c.count()} names with their languages; the same config and seed give the same names. */
    public List<Sample> draw(SampleConfig c) {
        int n = c.count();
        int[] prefix = vocabulary.encode(c.prefix());
        int[] language = languagesFor(c);
        int[][] names = new int[n][];
        List<StringBuilder> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names[i] = prefix.clone();
            out.add(new StringBuilder(c.prefix()));
        }
        boolean[] done = new boolean[n];
        SplittableRandom rng = new SplittableRandom(c.seed());
        for (int len = prefix.length; len < c.maxLength() && n > 0; len++) {
            // 1. The last blockSize symbols of every name, boundary-padded, then its language row: (n, contextWidth)
            int[] contexts = contexts(names, len, language);
            // 2. One forward pass for all names: (n, vocabSize) logits
            double[][] logits = mlp.logits(params, contexts, n).toDoubleMatrix();
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                // 3. Draw the next symbol from the tempered, truncated distribution; never the unknown token,
                //    which stands for many rare symbols and has no text of its own
                if (vocabulary.hasUnknown()) logits[i][vocabulary.unknownId()] = Double.NEGATIVE_INFINITY;
                int next = Distribution.draw(logits[i], c, rng);
                // 4. The end marker finishes a name; anything else extends it
                if (next == Vocabulary.BOUNDARY) done[i] = true;
                else {
                    names[i] = append(names[i], next);
                    out.get(i).append(vocabulary.symbol(next));
                    any = true;
                }
            }
            if (!any) break;
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++)
            samples.add(new Sample(out.get(i).toString(), language == null ? "" : languages.codes().get(language[i])));
        return samples;
    }

    /**
     * Each name's language index, or null for a plain model. Drawn with their own generator, so the symbol draws
     * are the same whatever the languages.
     */
    private int[] languagesFor(SampleConfig c) {
        if (!config.conditioned()) {
            if (!c.language().isEmpty()) throw new IllegalArgumentException("this model has no languages to sample "
                    + "'" + c.language() + "' in: it was trained without --language-column or with "
                    + "model.languageEmbedding=false");
            return null;
        }
        int[] language = new int[c.count()];
        if (!c.language().isEmpty()) java.util.Arrays.fill(language, languages.index(c.language()));
        else {
            SplittableRandom rng = new SplittableRandom(c.seed() ^ 0x9E3779B97F4A7C15L);
            for (int i = 0; i < language.length; i++) language[i] = languages.draw(rng);
        }
        return language;
    }

    public Languages languages() {
        return languages;
    }

    /**
     * The next-symbol probabilities after a prefix at a temperature (T = 0 is one-hot on the argmax), in a language
     * for a conditioned model (empty: the most common one).
     */
    public double[] nextDistribution(String prefix, double temperature, String language) {
        int[] ids = vocabulary.encode(prefix);
        int[] lang = !config.conditioned() ? null
                : new int[] {languages.index(language.isEmpty() ? languages.largest(1).get(0) : language)};
        INDArray logits = mlp.logits(params, contexts(new int[][] {ids}, ids.length, lang), 1);
        return Distribution.probabilities(logits.getRow(0).toDoubleVector(), temperature);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * (names.length, contextWidth) row-major: the last blockSize symbols before position len, boundary-padded,
     * then the name's language row (vocabSize + index) when conditioned.
     */
    private int[] contexts(int[][] names, int len, int[] language) {
        int bs = config.blockSize();
        int width = config.contextWidth();
        int[] ctx = new int[names.length * width];
        for (int i = 0; i < names.length; i++) {
            int[] name = names[i];
            int have = Math.min(name.length, len);
            for (int k = 0; k < bs; k++) {
                int pos = have - bs + k;
                ctx[i * width + k] = pos < 0 ? Vocabulary.BOUNDARY : name[pos];
            }
            if (language != null) ctx[i * width + bs] = config.vocabSize() + language[i];
        }
        return ctx;
    }

    private static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
