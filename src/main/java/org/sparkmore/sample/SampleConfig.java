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
 */
public record SampleConfig(int count, double temperature, int topK, double topP, String prefix, int maxLength,
                           long seed) {

    public static final SampleConfig DEFAULTS = new SampleConfig(
            20,    // a screenful
            1.0,   // the model's own distribution
            0,     // no top-k cut
            1.0,   // no nucleus cut
            "",    // start from the boundary token only
            50,    // as data.maxLength: no real name is longer
            2147483647L); // makemore's sampling seed

    public SampleConfig {
        if (count < 0) throw new IllegalArgumentException("sample.count must be >= 0");
        if (temperature < 0) throw new IllegalArgumentException("sample.temperature must be >= 0");
        if (topK < 0) throw new IllegalArgumentException("sample.topK must be >= 0");
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("sample.topP must be in (0, 1]");
        if (maxLength < 1) throw new IllegalArgumentException("sample.maxLength must be >= 1");
    }
}
