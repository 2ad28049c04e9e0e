package org.sparkmore.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.LossCurves;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.model.Params;
import org.sparkmore.sample.NextSymbols;
import org.sparkmore.sample.Sampler;

/**
 * A saved model's report: PNG charts and the HTML page that shows them ({@value #PAGE}), drawn from the model
 * directory alone: the loss curves it kept, the map of its symbol embeddings, the next-symbol bars after a prefix
 * and, for a language-conditioned model, the per-language table (measured by the caller) and the map of its
 * language embeddings.
 */
public final class ModelReport {

    public static final String PAGE = "report.html";
    /** The lecture's example, used when the vocabulary has its letters. */
    public static final String DEFAULT_PREFIX = "abi";
    /** The most bars: more would not be legible, and the rest hold little probability. */
    static final int BARS = 30;

    /**
     * What a report is drawn from.
     *
     * @param name      what the page calls the model, e.g. its directory
     * @param curves    the curves the model kept; empty for a model saved without them
     * @param languages per-language figures of a conditioned model; empty when not measured
     * @param prefix    the prefix of the next-symbol bars; null for the default
     * @param language  a conditioned model's language for the bars; null or empty for its most common one
     */
    public record Input(String name, SavedModel model, Optional<LossCurves> curves, List<LanguageRow> languages,
                        String prefix, String language) {
    }

    /**
     * @param files   file name to content: the PNGs, then the page
     * @param symbols the symbol map's points, one per symbol
     * @param notes   what the page says is missing or was chosen for the user
     */
    public record Output(Map<String, byte[]> files, Projection symbols, List<String> notes) {
    }

    private final Input in;
    private final SavedModel m;
    private final Params params;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final ReportPage page;

    private ModelReport(Input in) {
        this.in = in;
        this.m = in.model();
        this.params = Params.wrap(m.model(), Nd4j.createFromArray(m.params()));
        this.page = new ReportPage("sparkmore report: " + in.name());
    }

    public static Output draw(Input in) {
        ModelReport r = new ModelReport(in);
        r.page.facts(Summary.of(r.m));
        r.losses();
        Projection symbols = r.symbols();
        r.nextSymbols();
        if (r.m.model().conditioned()) r.languages();
        r.files.put(PAGE, r.page.bytes());
        return new Output(r.files, symbols, r.notes);
    }

    /** Says it on the page and to the caller. */
    private void note(String text) {
        notes.add(text);
        page.note(text);
    }

    private void losses() {
        page.section("Loss per round");
        LossCurves curves = in.curves().orElse(null);
        if (curves == null || curves.train().isEmpty() && curves.dev().isEmpty()) {
            note("no loss chart: the model kept no loss curves (it was saved before models kept them, or not by "
                    + "train)");
            return;
        }
        files.put(Figure.LOSS.file(), png(Charts.losses(curves), Figure.LOSS));
        page.figure(Figure.LOSS, "train and dev loss per round", curves.train().size() + " rounds, "
                + curves.dev().size() + " dev evaluation(s)");
    }

    private Projection symbols() {
        Projection symbols = symbolMap(m, params.embedding());
        page.section("Symbol embeddings");
        files.put(Figure.SYMBOLS.file(), png(Charts.map("Symbol embeddings", symbols), Figure.SYMBOLS));
        page.figure(Figure.SYMBOLS, "map of the symbol embeddings", mapCaption(m, symbols.labels().size()
                + " symbols; '" + Vocabulary.BOUNDARY_TEXT + "' is the boundary that starts and ends every name"))
                .points("symbol embeddings", symbols);
        List<String> boxes = Charts.withoutGlyphs(symbols.labels());
        if (!boxes.isEmpty())
            note(boxes.size() + " symbols show as boxes on the map: this machine's fonts have no glyph for them "
                    + "(the table of points lists them all), e.g. "
                    + String.join(" ", boxes.subList(0, Math.min(10, boxes.size()))));
        return symbols;
    }

    private static String mapCaption(SavedModel m, String what) {
        return what + (m.model().embeddingDim() == 2 ? "; the embedding's own two dimensions"
                : "; the first two principal components of the " + m.model().embeddingDim() + "-dimensional rows");
    }

    /** The symbols' rows of the embedding table, ids 0 to vocabSize - 1. */
    private static Projection symbolMap(SavedModel m, INDArray embedding) {
        Vocabulary v = m.vocabulary();
        List<String> labels = new ArrayList<>();
        double[][] rows = new double[v.size()][];
        for (int id = 0; id < v.size(); id++) {
            labels.add(v.symbol(id));
            rows[id] = embedding.getRow(id).toDoubleVector();
        }
        return Projection.of(labels, rows);
    }

    private void nextSymbols() {
        Sampler sampler = new Sampler(m.model(), m.vocabulary(), m.languages(), params);
        String language = in.language() == null || !m.model().conditioned() ? "" : in.language();
        boolean mostCommon = m.model().conditioned() && language.isEmpty();
        if (mostCommon) language = m.languages().largest(1).get(0);
        Prefix prefix = in.prefix() != null ? new Prefix(in.prefix(), null) : Prefix.choose(sampler, language);
        NextSymbols next = NextSymbols.of(sampler, prefix.text(), language, BARS);
        String title = "Next symbol after '" + prefix.text() + "'" + (language.isEmpty() ? "" : " in " + language);
        page.section("Next-symbol probabilities");
        if (prefix.note() != null) note(prefix.note());
        files.put(Figure.NEXT.file(), png(Charts.nextSymbols(title, next), Figure.NEXT));
        page.figure(Figure.NEXT, title, String.format(Locale.ROOT, "the %d most likely symbols at T = 1, at "
                + "temperatures 0.5, 1 and 2: a low temperature sharpens the distribution, a high one flattens it%s",
                next.symbols().size(), mostCommon ? "; in the language with the most training names" : ""));
    }

    private void languages() {
        INDArray embedding = params.embedding();
        ContextLayout layout = m.model().layout();
        page.section("Languages");
        if (in.languages().isEmpty()) page.note("no per-language figures were measured");
        else page.paragraph("Dev loss on each language's dev names; novelty and purity of names generated in it: "
                + "novelty = not a training name, purity = every letter in the language's writing system.")
                .languages(in.languages());
        List<String> codes = m.languages().codes();
        double[][] rows = new double[codes.size()][];
        for (int l = 0; l < codes.size(); l++) rows[l] = embedding.getRow(layout.languageRow(l)).toDoubleVector();
        Projection map = Projection.of(codes, rows);
        files.put(Figure.LANGUAGES.file(), png(Charts.map("Language embeddings", map), Figure.LANGUAGES));
        page.figure(Figure.LANGUAGES, "map of the language embeddings", mapCaption(m, codes.size() + " languages"))
                .points("language embeddings", map);
    }

    private static byte[] png(org.jfree.chart.JFreeChart chart, Figure f) {
        return Charts.png(chart, f.width(), f.height());
    }
}
