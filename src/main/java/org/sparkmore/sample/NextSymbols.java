package org.sparkmore.sample;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The next-symbol probabilities after a prefix at T = 0.5, 1 and 2, the symbols most likely at T = 1 first: the
 * table {@code sample --show-distribution} prints and the report draws as bars.
 *
 * @param prefix        the text the model continues
 * @param symbols       the symbols shown, most likely first
 * @param probabilities [temperature][symbol], in the order of {@link #TEMPERATURES} and {@code symbols}
 */
public record NextSymbols(String prefix, List<String> symbols, double[][] probabilities) {

    /** Sharper, the model's own, flatter: what temperature does to a distribution. */
    public static final List<Double> TEMPERATURES = List.of(0.5, 1.0, 2.0);

    /**
     * @param language a conditioned model's language; empty for its most common one
     * @param limit    the most symbols to keep
     */
    public static NextSymbols of(Sampler sampler, String prefix, String language, int limit) {
        double[][] all = new double[TEMPERATURES.size()][];
        for (int t = 0; t < all.length; t++) all[t] = sampler.nextDistribution(prefix, TEMPERATURES.get(t), language);
        int[] order = IntStream.range(0, all[0].length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -all[1][i]))
                .limit(limit).mapToInt(Integer::intValue).toArray();
        double[][] p = new double[all.length][order.length];
        for (int t = 0; t < all.length; t++) for (int k = 0; k < order.length; k++) p[t][k] = all[t][order[k]];
        return new NextSymbols(prefix, IntStream.of(order).mapToObj(sampler.vocabulary()::symbol).toList(), p);
    }
}
