package org.sparkmore.sample;

import java.util.SplittableRandom;

/**
 * Draws the next symbol of one name from its row of float logits, by {@link Distribution}'s rules (temperature,
 * then top-k and top-p; temperature 0 is greedy; never the unknown token), and keeps the drawn symbol's
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
    private double weightSum;         // sum of weights after a fast draw
    private double logProbability;

    RowDraw(SampleConfig config, int vocab, int banned, SplittableRandom rng) {
        this.config = config;
        this.vocab = vocab;
        this.banned = banned;
        this.truncated = (config.topK() > 0 && config.topK() < vocab) || config.topP() < 1;
        this.weights = new double[vocab];
        this.rng = rng;
    }

    /** The id drawn from z[off, off + vocab); {@link #logProbability} then gives its ln p. */
    int next(float[] z, int off) {
        float max = Float.NEGATIVE_INFINITY;        // over all symbols: the model's own normaliser
        float allowedMax = Float.NEGATIVE_INFINITY; // over the drawable ones: exp cannot underflow to an all-0 row
        for (int j = 0; j < vocab; j++) {
            float v = z[off + j];
            max = Math.max(max, v);
            if (j != banned) allowedMax = Math.max(allowedMax, v);
        }
        int k;
        if (config.temperature() == 0) k = argmax(z, off);
        else if (truncated) k = truncatedDraw(z, off);
        else k = weightedDraw(z, off, allowedMax);
        boolean reuse = config.temperature() == 1 && !truncated && max == allowedMax; // weights hold exp(z - max)
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
            sum += weights[j] = j == banned ? 0
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
        for (int j = 0; j < vocab; j++) weights[j] = z[off + j];
        if (banned >= 0) weights[banned] = Double.NEGATIVE_INFINITY;
        return Distribution.draw(weights, config, rng);
    }

    /** The first most likely drawable symbol. */
    private int argmax(float[] z, int off) {
        int best = banned == 0 ? 1 : 0;
        for (int j = best + 1; j < vocab; j++) if (j != banned && z[off + j] > z[off + best]) best = j;
        return best;
    }

    /** sum over all symbols of exp(z - max). */
    private double normaliser(float[] z, int off, float max) {
        double sum = 0;
        for (int j = 0; j < vocab; j++) sum += Math.exp((double) z[off + j] - max);
        return sum;
    }
}
