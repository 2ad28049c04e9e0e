package org.sparkmore.report;

import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.sample.Sampler;

/**
 * The prefix of the next-symbol bars: the lecture's "abi" when the vocabulary has a, b and i; else the model's own
 * most likely start (three greedy steps), which the report then says it chose.
 *
 * @param note why this prefix, when it is not the one asked for or the default; null otherwise
 */
record Prefix(String text, String note) {

    private static final int GREEDY_STEPS = 3;

    static Prefix choose(Sampler sampler, String language) {
        Vocabulary v = sampler.vocabulary();
        if (ModelReport.DEFAULT_PREFIX.codePoints().allMatch(c -> v.codePoints().contains(c)))
            return new Prefix(ModelReport.DEFAULT_PREFIX, null);
        StringBuilder text = new StringBuilder();
        for (int step = 0; step < GREEDY_STEPS; step++) {
            double[] p = sampler.nextDistribution(text.toString(), 0, language);
            int id = argmax(p);
            if (id == ContextLayout.BOUNDARY || id == v.unknownId()) break;
            text.append(v.symbol(id));
        }
        return new Prefix(text.toString(), "the vocabulary lacks one of the letters of '" + ModelReport.DEFAULT_PREFIX
                + "', so the bars follow the model's own most likely start instead: '" + text + "' (greedy)");
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return best;
    }
}
