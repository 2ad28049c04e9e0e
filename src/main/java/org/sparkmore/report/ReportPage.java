package org.sparkmore.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's HTML page: one file, its style inline, nothing fetched from elsewhere; the pictures are the PNG files
 * beside it, referenced by name. Every text that comes from the model (symbols, language codes, the model's path)
 * is escaped.
 */
final class ReportPage {

    private static final String STYLE = "body{font-family:sans-serif;max-width:1040px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em}"
            + "td.n{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%;height:auto}"
            + "p.note{background:#fff6dd;padding:.4em .8em}figcaption{color:#555}";

    private final StringBuilder html = new StringBuilder();

    ReportPage(String title) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>").append(escape(title)).append("</h1>\n");
    }

    /** &amp;, &lt;, &gt; and both quotes as entities: safe in text and in attribute values. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    ReportPage section(String heading) {
        html.append("<h2>").append(escape(heading)).append("</h2>\n");
        return this;
    }

    ReportPage paragraph(String text) {
        html.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    ReportPage note(String text) {
        html.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    ReportPage figure(Figure f, String alt, String caption) {
        html.append("<figure><img src=\"").append(escape(f.file())).append("\" width=\"").append(f.width())
                .append("\" height=\"").append(f.height()).append("\" alt=\"").append(escape(alt))
                .append("\"><figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** A two-column table of names and values. */
    ReportPage facts(Map<String, String> facts) {
        html.append("<table>\n");
        facts.forEach((k, v) -> html.append("<tr><th>").append(escape(k)).append("</th><td>").append(escape(v))
                .append("</td></tr>\n"));
        html.append("</table>\n");
        return this;
    }

    /** A map's points as numbers, folded away: one row per label. */
    ReportPage points(String what, Projection p) {
        html.append("<details><summary>").append(escape(what)).append(": the points as numbers</summary>\n")
                .append("<table class=\"points\">\n<tr><th>label</th><th>x</th><th>y</th></tr>\n");
        for (int i = 0; i < p.labels().size(); i++)
            html.append("<tr><td>").append(escape(p.labels().get(i))).append("</td><td class=\"n\">")
                    .append(fixed(p.x()[i])).append("</td><td class=\"n\">").append(fixed(p.y()[i]))
                    .append("</td></tr>\n");
        html.append("</table>\n</details>\n");
        return this;
    }

    ReportPage languages(List<LanguageRow> rows) {
        html.append("<table class=\"languages\">\n<tr><th>language</th><th>dev windows</th><th>dev loss</th>"
                + "<th>generated</th><th>novelty</th><th>purity</th><th>writing system</th></tr>\n");
        for (LanguageRow r : rows)
            html.append("<tr><td>").append(escape(r.language())).append("</td><td class=\"n\">")
                    .append(String.format(Locale.ROOT, "%,d", r.devWindows())).append("</td><td class=\"n\">")
                    .append(fixed(r.devLoss())).append("</td><td class=\"n\">").append(r.samples())
                    .append("</td><td class=\"n\">").append(percent(r.novelty())).append("</td><td class=\"n\">")
                    .append(percent(r.purity())).append("</td><td>").append(escape(r.writingSystem()))
                    .append("</td></tr>\n");
        html.append("</table>\n");
        return this;
    }

    byte[] bytes() {
        return (html + "</body>\n</html>\n").getBytes(StandardCharsets.UTF_8);
    }

    static String fixed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
