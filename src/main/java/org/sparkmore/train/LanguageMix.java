package org.sparkmore.train;

import java.util.SplittableRandom;
import org.sparkmore.data.WindowBlock;

/**
 * Draws window indices of one block with languages reweighted: language l with probability proportional to
 * n_l^alpha (n_l its windows in the block), then one of its windows uniformly, as Conneau and Lample (2019) sample
 * languages for cross-lingual pretraining. alpha = 1 is the block's own mix, alpha = 0 gives every language the
 * same share, so small languages are not drowned out by large ones.
 */
final class LanguageMix {

    private final int[] byLanguage;   // (windows) window indices grouped by language, ascending within a language
    private final int[] starts;       // (languages + 1) where each language's indices begin in byLanguage
    private final double[] cumulative; // (languages) running sum of the weights, normalised to end at 1

    LanguageMix(WindowBlock block, double alpha) {
        int count = 0;
        for (int w = 0; w < block.size(); w++) count = Math.max(count, block.language(w) + 1);
        starts = new int[count + 1];
        for (int w = 0; w < block.size(); w++) starts[block.language(w) + 1]++;
        for (int l = 0; l < count; l++) starts[l + 1] += starts[l];
        byLanguage = new int[block.size()];
        int[] next = starts.clone();
        for (int w = 0; w < block.size(); w++) byLanguage[next[block.language(w)]++] = w;
        cumulative = new double[count];
        double total = 0;
        for (int l = 0; l < count; l++) {
            int n = starts[l + 1] - starts[l];
            total += n == 0 ? 0 : Math.pow(n, alpha);
            cumulative[l] = total;
        }
        for (int l = 0; l < count; l++) cumulative[l] /= total;
    }

    /** One window index: a language by weight, then a window of it uniformly. */
    int draw(SplittableRandom rng) {
        double u = rng.nextDouble();
        int l = java.util.Arrays.binarySearch(cumulative, u);
        l = l >= 0 ? l + 1 : -l - 1; // the first language whose running sum exceeds u
        while (starts[l + 1] == starts[l]) l++; // u can only land past a zero weight by rounding
        int n = starts[l + 1] - starts[l];
        return byLanguage[starts[l] + rng.nextInt(n)];
    }

    /** Share of draws that land on each language, for tests and reports. */
    double share(int language) {
        return cumulative[language] - (language == 0 ? 0 : cumulative[language - 1]);
    }
}
