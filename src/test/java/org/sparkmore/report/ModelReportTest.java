package org.sparkmore.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.LossCurves;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/** The report drawn from in-memory models, without Spark: its files, their sizes, and what the page says. */
class ModelReportTest {

    /** a..z: the lecture's letters, so the default prefix "abi" applies. */
    static final Vocabulary LETTERS = new Vocabulary(IntStream.rangeClosed('a', 'z').boxed().toList(), false);
    /** Symbols that HTML would read as markup, and no 'a', 'b' or 'i'. */
    static final Vocabulary HOSTILE = new Vocabulary(List.of((int) '"', (int) '&', (int) '\'', (int) '<',
            (int) '>', (int) 'x', (int) 'y'), false);

    static SavedModel model(Vocabulary v, Languages languages, int embeddingDim) {
        ModelConfig shape = new ModelConfig(v.size(), languages.size(), 3, embeddingDim, List.of(8),
                ModelConfig.Activation.TANH, !languages.none(), false);
        float[] params = Params.init(shape, 7, DataType.FLOAT).flat().toFloatVector();
        return new SavedModel(shape, v, languages, Map.of(), Map.of("devLoss", 2.5), params);
    }

    static final LossCurves CURVES = new LossCurves(
            List.of(new LossCurves.Point(1, 3.2), new LossCurves.Point(2, 2.8), new LossCurves.Point(3, 2.6)),
            List.of(new LossCurves.Point(3, 2.7)));

    @Test
    void everyPictureDecodesAtItsSizeAndThePageShowsEachOne() throws IOException {
        ModelReport.Output out = ModelReport.draw(new ModelReport.Input("models/x", model(LETTERS, Languages.NONE,
                10), Optional.of(CURVES), List.of(), null, null));
        assertEquals(List.of(Figure.LOSS.file(), Figure.SYMBOLS.file(), Figure.NEXT.file(), ModelReport.PAGE),
                List.copyOf(out.files().keySet()));
        checkPictures(out, List.of(Figure.LOSS, Figure.SYMBOLS, Figure.NEXT));
        String page = page(out);
        assertTrue(page.contains("Next symbol after &#39;abi&#39;"), page);
        assertEquals(List.of(), out.notes());
        assertEquals(LETTERS.size(), out.symbols().labels().size());
    }

    @Test
    void aConditionedModelAddsItsLanguageTableAndMap() throws IOException {
        Languages languages = new Languages(List.of("<el>", "ru"), List.of(10L, 20L));
        List<LanguageRow> rows = List.of(new LanguageRow("<el>", 12, 2.1, 10, 0.9, 1.0, "Greek"),
                new LanguageRow("ru", 0, Double.NaN, 10, 0.5, 0.8, "Cyrillic"));
        ModelReport.Output out = ModelReport.draw(new ModelReport.Input("m", model(LETTERS, languages, 2),
                Optional.of(CURVES), rows, "b", "ru"));
        checkPictures(out, List.of(Figure.LOSS, Figure.SYMBOLS, Figure.NEXT, Figure.LANGUAGES));
        String page = page(out);
        assertTrue(page.contains("<td>&lt;el&gt;</td><td class=\"n\">12</td><td class=\"n\">2.1000</td>"), page);
        assertTrue(page.contains("<td>ru</td><td class=\"n\">0</td><td class=\"n\">-</td>"), page);
        assertTrue(page.contains("Next symbol after &#39;b&#39; in ru"), page);
        assertTrue(page.contains("the embedding&#39;s own two dimensions"), page);
        assertEquals(2, tableRows(page, "language embeddings").size());
    }

    @Test
    void aModelWithoutCurvesOrTheLecturesLettersSaysSoAndEscapesItsSymbols() throws IOException {
        ModelReport.Output out = ModelReport.draw(new ModelReport.Input("<dir>", model(HOSTILE, Languages.NONE, 4),
                Optional.empty(), List.of(), null, null));
        assertFalse(out.files().containsKey(Figure.LOSS.file()));
        checkPictures(out, List.of(Figure.SYMBOLS, Figure.NEXT));
        String page = page(out);
        assertTrue(out.notes().get(0).startsWith("no loss chart"), out.notes().toString());
        assertTrue(out.notes().get(1).contains("the model's own most likely start"), out.notes().toString());
        assertTrue(page.contains("sparkmore report: &lt;dir&gt;"), page);
        List<String> labels = tableRows(page, "symbol embeddings");
        assertEquals(List.of(".", "&quot;", "&amp;", "&#39;", "&lt;", "&gt;", "x", "y"), labels);
        String text = page.replaceAll("<[^<>]*>", ""); // the tags gone, no '<' or '>' may be left
        assertFalse(text.contains("<") || text.contains(">"), text);
    }

    @Test
    void theMapDrawsOneLabelPerSymbol() {
        Projection p = ModelReport.draw(new ModelReport.Input("m", model(LETTERS, Languages.NONE, 10),
                Optional.empty(), List.of(), null, null)).symbols();
        JFreeChart chart = Charts.map("Symbol embeddings", p);
        XYPlot plot = chart.getXYPlot();
        assertEquals(1, plot.getDataset().getSeriesCount());
        assertEquals(LETTERS.size(), plot.getDataset().getItemCount(0));
        List<String> drawn = IntStream.range(0, LETTERS.size()).mapToObj(i -> plot.getRenderer()
                .getItemLabelGenerator(0, i).generateLabel(plot.getDataset(), 0, i)).toList();
        assertEquals(IntStream.range(0, LETTERS.size()).mapToObj(LETTERS::symbol).toList(), drawn);
        assertTrue(plot.getRenderer().isItemLabelVisible(0, 0));
    }

    /** Every figure decodes at its size, and the page references each picture, and no other. */
    static void checkPictures(ModelReport.Output out, List<Figure> figures) throws IOException {
        for (Figure f : figures) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.files().get(f.file())));
            assertNotNull(image, f.file());
            assertEquals(f.width(), image.getWidth(), f.file());
            assertEquals(f.height(), image.getHeight(), f.file());
        }
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\"").matcher(page(out));
        List<String> shown = m.results().map(r -> r.group(1)).toList();
        assertEquals(figures.stream().map(Figure::file).toList(), shown);
    }

    static String page(ModelReport.Output out) {
        return new String(out.files().get(ModelReport.PAGE), StandardCharsets.UTF_8);
    }

    /** The labels of a map's table of points, as the page writes them. */
    static List<String> tableRows(String page, String map) {
        int at = page.indexOf("<summary>" + map);
        String table = page.substring(at, page.indexOf("</table>", at));
        return Pattern.compile("<tr><td>([^<]*)</td>").matcher(table).results().map(r -> r.group(1)).toList();
    }
}
