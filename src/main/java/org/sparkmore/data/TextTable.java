package org.sparkmore.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for the job's output: a header, rows of cells, and columns padded to their widest cell, text
 * left-aligned and numbers right-aligned, two spaces apart. Callers format the numbers.
 */
public final class TextTable {

    private final List<String> header = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    /** Adds a left-aligned (text) column. */
    public TextTable left(String title) {
        return column(title, false);
    }

    /** Adds a right-aligned (number) column. */
    public TextTable right(String title) {
        return column(title, true);
    }

    /** Adds a row of one cell per column. */
    public TextTable row(String... cells) {
        if (cells.length != header.size())
            throw new IllegalArgumentException("a row of " + cells.length + " cells for " + header.size() + " columns");
        rows.add(List.of(cells));
        return this;
    }

    /** The header line, then one line per row, without trailing spaces. */
    public List<String> lines() {
        int[] width = new int[header.size()];
        for (List<String> r : all())
            for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], length(r.get(i)));
        List<String> out = new ArrayList<>();
        for (List<String> r : all()) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                String pad = " ".repeat(width[i] - length(r.get(i)));
                if (i > 0) line.append("  ");
                line.append(rightAligned.get(i) ? pad + r.get(i) : r.get(i) + pad);
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }

    private TextTable column(String title, boolean right) {
        if (!rows.isEmpty()) throw new IllegalStateException("columns come before rows");
        header.add(title);
        rightAligned.add(right);
        return this;
    }

    private List<List<String>> all() {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    /** Width in code points, so that language codes or script names outside the BMP do not skew the columns. */
    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }
}
