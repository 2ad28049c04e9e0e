package org.sparkmore.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.sparkmore.io.LossCurves;
import org.sparkmore.sample.NextSymbols;

/**
 * The report's charts, drawn with JFreeChart and encoded as PNG without a display: the loss curves, a map of
 * embedding rows (each point a circle with its label in it, as in Karpathy's makemore lecture) and the next-symbol
 * bars at three temperatures.
 */
final class Charts {

    static {
        // Before AWT loads: a server or a Spark driver has no display, and charts need none
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color INK = new Color(0x1f, 0x77, 0xb4);
    /** A map's circles: where two overlap, both labels still show. */
    private static final Color SEE_THROUGH = new Color(0x1f, 0x77, 0xb4, 0xb0);
    private static final Color SECOND = new Color(0xff, 0x7f, 0x0e);
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    /** Diameter of a map's circles, in pixels: room for a letter or a two-letter language code. */
    private static final double DOT = 26;
    /** Up to this many points get full-size circles; more get smaller ones, so a large vocabulary stays legible. */
    private static final int ROOMY = 60;
    /** The font of the labels; its size follows the circles'. */
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    private Charts() {
    }

    /** Train loss per round as a line, dev loss per evaluation as a line with points. */
    static JFreeChart losses(LossCurves curves) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("train (mean over the round's steps)", curves.train()));
        data.addSeries(series("dev", curves.dev()));
        JFreeChart chart = ChartFactory.createXYLineChart("Loss per round", "round", "loss (nats per symbol)", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = plain(chart.getXYPlot());
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, INK);
        r.setSeriesPaint(1, SECOND);
        r.setSeriesStroke(0, new BasicStroke(1.5f));
        r.setSeriesStroke(1, new BasicStroke(2f));
        r.setSeriesShapesVisible(1, true);
        plot.setRenderer(r);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }

    private static XYSeries series(String name, List<LossCurves.Point> points) {
        XYSeries s = new XYSeries(name, true, false);
        for (LossCurves.Point p : points) s.add(p.round(), p.loss());
        return s;
    }

    /** One circle per row, its label written in it. */
    static JFreeChart map(String title, Projection p) {
        XYSeries points = new XYSeries(title, false, true);
        for (int i = 0; i < p.labels().size(); i++) points.add(p.x()[i], p.y()[i]);
        JFreeChart chart = ChartFactory.createScatterPlot(title, p.xAxis(), p.yAxis(), new XYSeriesCollection(points),
                PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = plain(chart.getXYPlot());
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        double scale = Math.max(0.5, Math.min(1, Math.sqrt((double) ROOMY / Math.max(1, p.labels().size()))));
        r.setSeriesShape(0, new Ellipse2D.Double(-DOT * scale / 2, -DOT * scale / 2, DOT * scale, DOT * scale));
        r.setSeriesPaint(0, SEE_THROUGH);
        // the series keeps the points in insertion order (autoSort off), so item i is label i
        r.setDefaultItemLabelGenerator((dataset, series, item) -> p.labels().get(item));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelPaint(Color.WHITE);
        r.setDefaultItemLabelFont(LABEL.deriveFont((float) (LABEL.getSize() * scale)));
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.CENTER, TextAnchor.CENTER));
        r.setDefaultNegativeItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.CENTER, TextAnchor.CENTER));
        plot.setRenderer(r);
        // margins, so that circles at the edges are drawn whole
        plot.getDomainAxis().setLowerMargin(0.06);
        plot.getDomainAxis().setUpperMargin(0.06);
        plot.getRangeAxis().setLowerMargin(0.06);
        plot.getRangeAxis().setUpperMargin(0.06);
        return chart;
    }

    /** Grouped bars: for each symbol, its probability at each temperature. */
    static JFreeChart nextSymbols(String title, NextSymbols next) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int t = 0; t < NextSymbols.TEMPERATURES.size(); t++)
            for (int k = 0; k < next.symbols().size(); k++)
                data.addValue(next.probabilities()[t][k], "T = " + NextSymbols.TEMPERATURES.get(t),
                        next.symbols().get(k));
        JFreeChart chart = ChartFactory.createBarChart(title, "next symbol", "probability", data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        BarRenderer r = (BarRenderer) plot.getRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.02);
        r.setSeriesPaint(0, new Color(0x9e, 0xca, 0xe9));
        r.setSeriesPaint(1, INK);
        r.setSeriesPaint(2, new Color(0x08, 0x30, 0x6b));
        return chart;
    }

    /** The labels this machine's fonts have no glyph for: drawn as boxes. */
    static List<String> withoutGlyphs(List<String> labels) {
        return labels.stream().filter(l -> LABEL.canDisplayUpTo(l) != -1).toList();
    }

    private static XYPlot plain(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        return plot;
    }

    /** The chart as PNG bytes of exactly this size. */
    static byte[] png(JFreeChart chart, int width, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
