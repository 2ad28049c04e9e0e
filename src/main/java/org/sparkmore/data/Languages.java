package org.sparkmore.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The languages of a names table with a language column, in code order, with how many training names each has.
 * A conditioned model gives language i the embedding row vocabSize + i; the counts let the sampler draw a language
 * from the training distribution when none is asked for. Pure Java, so model files and the sampler use it without
 * Spark.
 *
 * @param codes the language codes, ascending
 * @param names training names per language, in the same order
 */
public record Languages(List<String> codes, List<Long> names) implements java.io.Serializable {

    /** A table without a language column. */
    public static final Languages NONE = new Languages(List.of(), List.of());

    public Languages {
        codes = List.copyOf(codes);
        names = List.copyOf(names);
        if (codes.size() != names.size())
            throw new IllegalArgumentException("languages: " + codes.size() + " codes but " + names.size() + " counts");
        for (int i = 1; i < codes.size(); i++)
            if (codes.get(i - 1).compareTo(codes.get(i)) >= 0)
                throw new IllegalArgumentException("language codes must be distinct and ascending");
    }

    public int size() {
        return codes.size();
    }

    public boolean none() {
        return codes.isEmpty();
    }

    /** Index of a language code; an unknown one is an error that lists the known ones. */
    public int index(String code) {
        int at = java.util.Collections.binarySearch(codes, code);
        if (at < 0) throw new IllegalArgumentException(none()
                ? "this model has no languages (it was trained without --language-column), so no language '"
                        + code + "'"
                : "unknown language '" + code + "'; the model knows " + codes.size() + ": " + String.join(", ", codes));
        return at;
    }

    /** A language index drawn with probability proportional to its training names. */
    public int draw(SplittableRandom rng) {
        long total = names.stream().mapToLong(Long::longValue).sum();
        long r = rng.nextLong(total);
        for (int i = 0; i < names.size(); i++) {
            r -= names.get(i);
            if (r < 0) return i;
        }
        throw new IllegalStateException("unreachable: r < total");
    }

    /** Up to n language codes with the most training names, most first (ties by code). */
    public List<String> largest(int n) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size(); i++) order.add(i);
        order.sort((a, b) -> names.get(a).equals(names.get(b)) ? Integer.compare(a, b)
                : Long.compare(names.get(b), names.get(a)));
        return order.stream().limit(n).map(codes::get).toList();
    }
}
