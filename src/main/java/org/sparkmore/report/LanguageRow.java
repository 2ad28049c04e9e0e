package org.sparkmore.report;

/**
 * One language's figures for the report's table, as {@code evaluate} measures them.
 *
 * @param devWindows    the language's dev windows; its dev loss is NaN without any
 * @param samples       names generated in the language; novelty and purity are NaN without any
 * @param novelty       the share of those names that are not training names
 * @param purity        the share whose letters all belong to the language's writing system
 * @param writingSystem that writing system, in words
 */
public record LanguageRow(String language, long devWindows, double devLoss, int samples, double novelty,
                          double purity, String writingSystem) {
}
