package org.sparkmore.sample;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Turns logits into a sampling distribution: temperature, then top-k, then top-p (nucleus; Holtzman et al. 2020).
 * Temperature 0 is greedy decoding.
 */
final class Distribution {

    private Distribution() {
    }

    static int draw(double[] logits, SampleConfig c, SplittableRandom rng) {
        if (c.temperature() == 0) return argmax(logits);
        double[] p = probabilities(logits, c.temperature());
        // truncating sorts the vocabulary: skip it when it would keep everything (thousands of symbols per draw)
        if ((c.topK() > 0 && c.topK() < p.length) || c.topP() < 1) truncate(p, c.topK(), c.topP());
        double u = rng.nextDouble() * Arrays.stream(p).sum();
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i];
            if (u < acc) return i;
        }
        return argmax(p);
    }

    /** softmax(logits / T), stable; T = 0 gives one-hot on the argmax. */
    static double[] probabilities(double[] logits, double temperature) {
        double[] p = new double[logits.length];
        if (temperature == 0) {
            p[argmax(logits)] = 1;
            return p;
        }
        double max = Arrays.stream(logits).max().orElse(0);
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp((logits[i] - max) / temperature);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    /** Zeroes all but the k most likely, then all beyond the smallest set reaching mass topP (ties kept). */
    static void truncate(double[] p, int topK, double topP) {
        double[] sorted = p.clone();
        Arrays.sort(sorted); // ascending
        double cut = 0;
        if (topK > 0 && topK < p.length) cut = sorted[p.length - topK];
        if (topP < 1) {
            double total = Arrays.stream(p).filter(x -> x >= 0).sum();
            double mass = 0;
            for (int i = p.length - 1; i >= 0; i--) {
                mass += sorted[i];
                if (mass >= topP * total) {
                    cut = Math.max(cut, sorted[i]);
                    break;
                }
            }
        }
        for (int i = 0; i < p.length; i++) if (p[i] < cut) p[i] = 0;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
