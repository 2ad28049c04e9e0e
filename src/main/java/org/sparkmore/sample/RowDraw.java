package org.sparkmore.sample;

import java.util.SplittableRandom;
import org.sparkmore.data.Vocabulary;

/**
 * Draws the next symbol of one name from its row of float logits, by {@link Distribution}'s rules (temperature,
 * then top-k and top-p; temperature 0 is greedy; never the unknown token, nor, under a script mask, a symbol outside
 * the name's writing system), and keeps the drawn symbol's
 * log-probability under the model's own distribution: temperature 1, untruncated, the unknown token included in the
 * normaliser, as {@link Sampler#nextDistribution} gives it. Without truncation a draw allocates nothing and, at
 * temperature 1, takes one exp per symbol for both the draw and the log-probability.
 *
 * <p>One instance per draw call: it holds the call's generator and a scratch row.
 */
final class RowDraw {

    private final SampleConfig config;
    private final int vocab;
    private final int banned;         // the unknown token, never drawn; -1 when the vocabulary has none
    private final boolean truncated;  // top-k or top-p may cut symbols: the general path through Distribution
    private final double[] weights;   // (vocab) one row's unnormalised sampling weights, banned symbol 0
    private final SplittableRandom rng;
    private final boolean[][] masks;  // (languages, vocab) the symbols each language may draw; null for no mask
    private boolean[] allowed;        // the current row's language's mask; null for none
    private boolean mayEnd;           // under a mask: whether the current row's name holds a letter yet
    private double weightSum;         // sum of weights after a fast draw
    private double logProbability;

    /** @param masks per language index, the symbols it may draw ({@link Sampler#scriptOnly}); null for no mask */
    RowDraw(SampleConfig config, int vocab, int banned, SplittableRandom rng, boolean[][] masks) {
        this.config = config;
        this.vocab = vocab;
        this.banned = banned;
        this.truncated = (config.topK() > 0 && config.topK() < vocab) || config.topP() < 1;
        this.weights = new double[vocab];
        this.rng = rng;
        this.masks = masks;
    }

    /**
     * The id drawn for a name in a language (its index; -1 for none) from z[off, off + vocab).
     *
     * @param lettered whether the name holds a letter yet: under a mask, a name may not end before it does, since
     *                 a name of no letter is in no writing system
     */
    int next(float[] z, int off, int language, boolean lettered) {
        allowed = masks == null || language < 0 ? null : masks[language];
        mayEnd = lettered;
        return next(z, off);
    }

    /** Whether symbol j may be drawn: not the unknown token, and in the row's mask if any. */
    private boolean drawable(int j) {
        return j != banned && (allowed == null || (allowed[j] && (j != Vocabulary.BOUNDARY || mayEnd)));
    }

    /** The id drawn from z[off, off + vocab) under the current mask; {@link #logProbability} then gives its ln p. */
    private int next(float[] z, int off) {
        float max = Float.NEGATIVE_INFINITY;        // over all symbols: the model's own normaliser
        float allowedMax = Float.NEGATIVE_INFINITY; // over the drawable ones: exp cannot underflow to an all-0 row
        for (int j = 0; j < vocab; j++) {
            float v = z[off + j];
            max = Math.max(max, v);
            if (drawable(j)) allowedMax = Math.max(allowedMax, v);
        }
        int k;
        if (config.temperature() == 0) k = argmax(z, off);
        else if (truncated) k = truncatedDraw(z, off);
        else k = weightedDraw(z, off, allowedMax);
        // weights hold exp(z - max) of every symbol but the banned one
        boolean reuse = config.temperature() == 1 && !truncated && max == allowedMax && allowed == null;
        double total = reuse ? weightSum + (banned < 0 ? 0 : Math.exp((double) z[off + banned] - max))
                : normaliser(z, off, max);
        logProbability = ((double) z[off + k] - max) - Math.log(total);
        return k;
    }

    /** ln p of the last drawn symbol at temperature 1, untruncated. */
    double logProbability() {
        return logProbability;
    }

    /** weights = exp((z - max) / T), banned 0, then one uniform draw in proportion to them. */
    private int weightedDraw(float[] z, int off, float max) {
        double t = config.temperature();
        double sum = 0;
        for (int j = 0; j < vocab; j++)
            sum += weights[j] = !drawable(j) ? 0
                    : Math.exp(t == 1 ? (double) z[off + j] - max : ((double) z[off + j] - max) / t);
        weightSum = sum;
        double u = rng.nextDouble() * sum;
        double acc = 0;
        for (int j = 0; j < vocab; j++) {
            acc += weights[j];
            if (u < acc) return j;
        }
        return Distribution.argmax(weights); // rounding left u at the very top
    }

    /** Top-k / top-p sort the row: the general path, with the banned symbol's logit at -infinity. */
    private int truncatedDraw(float[] z, int off) {
        for (int j = 0; j < vocab; j++) weights[j] = drawable(j) ? z[off + j] : Double.NEGATIVE_INFINITY;
        return Distribution.draw(weights, config, rng);
    }

    /** The first most likely drawable symbol. */
    private int argmax(float[] z, int off) {
        int best = 0;
        while (!drawable(best)) best++; // a mask keeps at least one letter (Sampler#scriptOnly), so this stops
        for (int j = best + 1; j < vocab; j++) if (drawable(j) && z[off + j] > z[off + best]) best = j;
        return best;
    }

    /** sum over all symbols of exp(z - max). */
    private double normaliser(float[] z, int off, float max) {
        double sum = 0;
        for (int j = 0; j < vocab; j++) sum += Math.exp((double) z[off + j] - max);
        return sum;
    }
}
