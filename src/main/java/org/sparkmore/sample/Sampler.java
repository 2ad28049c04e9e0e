package org.sparkmore.sample;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Scripts;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.Mlp;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.model.SamplingMlp;

/**
 * Generates names from a trained model symbol by symbol until the end marker, as makemore's {@code generate}, in
 * chunks of {@value #CHUNK} names: the names of a chunk advance together, one batched forward pass
 * ({@link SamplingMlp}) per position over the names not yet finished. Memory is bounded by the chunk, whatever
 * the count. A language-conditioned model generates each name in one language: the asked one, or one drawn from the
 * training names' mix.
 *
 * <p>Samples from a snapshot of the parameters taken at construction. Not thread-safe: one instance per thread.
 */
public final class Sampler {

    /** Names drawn together: enough rows for BLAS to run at speed, few enough to stay in cache. */
    static final int CHUNK = 2048;

    /**
     * One generated name.
     *
     * @param name          the text, prefix included, without boundary tokens
     * @param language      its language code (empty for a plain model)
     * @param logLikelihood the model's own ln p of the drawn symbols (temperature 1, no top-k or top-p cut, the
     *                      unknown token counted in the normaliser), plus the end marker's ln p when the name ended
     *                      with it; a name cut at maxLength has no end-marker term, and the prefix's symbols, not
     *                      drawn, have none either
     */
    public record Sample(String name, String language, double logLikelihood) {
    }

    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final Languages languages;
    private final Params params;
    private final Mlp mlp;
    private final SamplingMlp sampling;
    private final boolean[][] masks; // (languages, vocabSize) what each language may draw; null: everything

    public Sampler(ModelConfig config, Vocabulary vocabulary, Languages languages, Params params) {
        this(config, vocabulary, languages, params, null);
    }

    private Sampler(ModelConfig config, Vocabulary vocabulary, Languages languages, Params params,
                    boolean[][] masks) {
        requireMatching(config, vocabulary, languages);
        this.masks = masks;
        this.config = config;
        this.vocabulary = vocabulary;
        this.languages = languages;
        this.params = params;
        this.mlp = new Mlp(config, params.flat().dataType());
        this.sampling = new SamplingMlp(params);
    }

    /** The vocabulary and languages must be the ones the model's output and embedding rows were made for. */
    static void requireMatching(ModelConfig config, Vocabulary vocabulary, Languages languages) {
        if (config.vocabSize() != vocabulary.size())
            throw new IllegalArgumentException("model has " + config.vocabSize() + " outputs but the vocabulary has "
                    + vocabulary.size() + " symbols");
        if (config.languages() != (config.conditioned() ? languages.size() : 0))
            throw new IllegalArgumentException("model has " + config.languages() + " language rows but "
                    + languages.size() + " languages are given");
    }

    /**
     * This model's sampler with a per-language symbol mask ({@code sample.scriptOnly}): a name in a language draws
     * no letter outside the language's writing system, every draw renormalised over the symbols left (the
     * boundary and the neutral ones: marks, joiners, punctuation), and a name may not end before it holds a letter
     * (a name of no letter is in no writing system). It changes what is generated, not the model; a sample's
     * log-likelihood stays the model's own. A language with no writing system (no training letters), or none of
     * whose letters the vocabulary has, is not masked. A plain model has nothing to mask.
     *
     * @param systems each language's writing system, as {@link org.sparkmore.data.DataReport#writingSystems} finds
     */
    public Sampler scriptOnly(Map<String, Set<UnicodeScript>> systems) {
        if (!config.conditioned()) return this;
        boolean[][] m = new boolean[languages.size()][];
        for (int l = 0; l < m.length; l++) {
            Set<UnicodeScript> system = systems.getOrDefault(languages.codes().get(l), Set.of());
            boolean[] mine = new boolean[config.vocabSize()];
            boolean letters = false;
            mine[Vocabulary.BOUNDARY] = true;
            for (int i = 0; i < vocabulary.codePoints().size(); i++) {
                UnicodeScript script = Scripts.script(vocabulary.codePoints().get(i));
                mine[i + 1] = script == null || system.contains(script);
                letters |= script != null && system.contains(script);
            }
            m[l] = letters ? mine : null; // a name must hold a letter before it may end: none, no mask
        }
        return new Sampler(config, vocabulary, languages, params, m);
    }

    /** Whether draws are limited to each language's writing system ({@link #scriptOnly}). */
    public boolean masked() {
        return masks != null;
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
        List<Sample> samples = new ArrayList<>(c.count());
        draw(c, samples::add);
        return samples;
    }

    /**
     * {@code c.count()} names handed to the sink in order, one chunk at a time, in memory bounded independent of
     * the count; the same names, in the same order, as {@link #draw(SampleConfig)}.
     */
    public void draw(SampleConfig c, Consumer<Sample> sink) {
        int n = c.count();
        if (n == 0) return;
        int[] prefix = vocabulary.encode(c.prefix());
        IntSupplier language = languagesFor(c);
        NameChunk chunk = new NameChunk(config, vocabulary, Math.min(n, CHUNK));
        // One generator for all symbol draws, rows in name order within a position: the same seed, the same names
        RowDraw row = new RowDraw(c, config.vocabSize(), vocabulary.unknownId(), new SplittableRandom(c.seed()),
                masks);
        for (int from = 0; from < n; from += CHUNK) {
            chunk.start(Math.min(CHUNK, n - from), prefix, c.prefix(), language);
            for (int len = prefix.length; len < c.maxLength() && chunk.active() > 0; len++)
                chunk.advance(sampling.logits(chunk.contexts(), chunk.active()), row); // (active, vocabSize)
            chunk.emit(languages, sink);
        }
    }

    /**
     * Each next name's language index, or null for a plain model. Drawn with their own generator, so the symbol
     * draws are the same whatever the languages.
     */
    private IntSupplier languagesFor(SampleConfig c) {
        if (!config.conditioned()) {
            if (!c.language().isEmpty()) throw new IllegalArgumentException("this model has no languages to sample "
                    + "'" + c.language() + "' in: it was trained without --language-column or with "
                    + "model.languageEmbedding=false");
            return null;
        }
        if (!c.language().isEmpty()) {
            int index = languages.index(c.language());
            return () -> index;
        }
        SplittableRandom rng = new SplittableRandom(c.seed() ^ 0x9E3779B97F4A7C15L);
        return () -> languages.draw(rng);
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
        int[] window = new int[config.contextWidth()]; // (1, contextWidth) the context after the prefix
        int index = config.conditioned()
                ? languages.index(language.isEmpty() ? languages.largest(1).get(0) : language) : -1;
        config.layout().window(ids, ids.length, index, window, 0);
        INDArray logits = mlp.logits(params, window, 1); // (1, vocabSize)
        return Distribution.probabilities(logits.getRow(0).toDoubleVector(), temperature);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }
}
