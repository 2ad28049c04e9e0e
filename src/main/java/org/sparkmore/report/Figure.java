package org.sparkmore.report;

/**
 * One picture of the report: its PNG file, beside the page, and its size in pixels.
 *
 * @param file the PNG's name in the report directory, also the page's img src
 */
public record Figure(String file, int width, int height) {

    public static final Figure LOSS = new Figure("loss.png", 900, 500);
    public static final Figure SYMBOLS = new Figure("symbol-embeddings.png", 800, 800);
    public static final Figure NEXT = new Figure("next-symbols.png", 1000, 500);
    public static final Figure LANGUAGES = new Figure("language-embeddings.png", 800, 800);
}
