package org.sparkmore.sample;

/**
 * How names are drawn from a trained model.
 *
 * @param count       how many names
 * @param temperature divides the logits; lower is more conservative, 0 is greedy (argmax)
 * @param topK        keep only the k most likely symbols; 0 keeps all
 * @param topP        keep the smallest set of symbols whose probability reaches p (nucleus sampling); 1 keeps all
 * @param prefix      every name starts with this text, which the model continues
 * @param maxLength   stop a name at this many code points (prefix included) if no end marker came
 * @param seed        seeds the draws, so a seed gives the same names
 * @param language    language code for a language-conditioned model; empty draws each name's language from the
 *                    training names' mix
 * @param scriptOnly  mask, for a language-conditioned model, each language's symbols outside its writing system
 *                    (the script of most of its training names' letters), so no name mixes scripts; this changes
 *                    what is drawn, not the model, and commands that apply it say so ({@link Sampler#scriptOnly})
 */
public record SampleConfig(int count, double temperature, int topK, double topP, String prefix, int maxLength,
                           long seed, String language, boolean scriptOnly) implements java.io.Serializable {

    public static final SampleConfig DEFAULTS = new SampleConfig(
            20,    // a screenful
            1.0,   // the model's own distribution
            0,     // no top-k cut
            1.0,   // no nucleus cut
            "",    // start from the boundary token only
            50,    // as data.maxLength: no real name is longer
            2147483647L,  // makemore's sampling seed
            "",    // languages as often as in the training names
            false); // the model's own distribution; submit/local.sh's demo turns it on, and says so

    /** Names in any language (or from a plain model). */
    public SampleConfig(int count, double temperature, int topK, double topP, String prefix, int maxLength, long seed) {
        this(count, temperature, topK, topP, prefix, maxLength, seed, "");
    }

    /** Names in one language (empty: drawn from the training mix), without a script mask. */
    public SampleConfig(int count, double temperature, int topK, double topP, String prefix, int maxLength, long seed,
                        String language) {
        this(count, temperature, topK, topP, prefix, maxLength, seed, language, false);
    }

    /** These settings for another count and language. */
    public SampleConfig with(int newCount, String newLanguage) {
        return new SampleConfig(newCount, temperature, topK, topP, prefix, maxLength, seed, newLanguage, scriptOnly);
    }

    public SampleConfig {
        if (count < 0) throw new IllegalArgumentException("sample.count must be >= 0, got " + count);
        if (!(temperature >= 0))
            throw new IllegalArgumentException("sample.temperature must be >= 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("sample.topK must be >= 0, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("sample.topP must be in (0, 1], got " + topP);
        if (maxLength < 1) throw new IllegalArgumentException("sample.maxLength must be >= 1, got " + maxLength);
    }
}
