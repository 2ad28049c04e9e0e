package org.sparkmore.report;

import java.util.List;
import java.util.Locale;

/**
 * Embedding rows drawn in two dimensions: the raw axes when the rows have two, else their first two principal
 * components (the directions of most variance, found by power iteration on the covariance, which is small: one row
 * and column per embedding dimension). Each component's sign is fixed so that its largest entry is positive, so the
 * same model always gives the same picture.
 *
 * @param labels what each point stands for: a symbol or a language code
 * @param x      the points' first coordinates, in the order of labels
 * @param y      their second coordinates
 * @param xAxis  the first axis's name, with the share of the variance it shows for principal components
 * @param yAxis  the second axis's name
 */
public record Projection(List<String> labels, double[] x, double[] y, String xAxis, String yAxis) {

    /** Power iterations per component: enough for any gap between eigenvalues that a picture can show. */
    private static final int ITERATIONS = 500;

    /** @param rows one embedding row per label: [label][dimension] */
    public static Projection of(List<String> labels, double[][] rows) {
        if (labels.size() != rows.length)
            throw new IllegalArgumentException(labels.size() + " labels for " + rows.length + " rows");
        int dims = rows.length == 0 ? 0 : rows[0].length;
        if (dims == 2) return new Projection(labels, column(rows, 0), column(rows, 1), "dimension 1", "dimension 2");
        double[][] centred = centred(rows);
        double[][] cov = covariance(centred);
        double total = 0;
        for (int i = 0; i < dims; i++) total += cov[i][i];
        double[] first = component(cov);
        double firstVar = deflate(cov, first);
        double[] second = component(cov);
        double secondVar = deflate(cov, second);
        return new Projection(labels, project(centred, first), project(centred, second),
                axis(1, firstVar, total), axis(2, secondVar, total));
    }

    private static String axis(int k, double variance, double total) {
        return total > 0 ? String.format(Locale.ROOT, "principal component %d (%.0f%% of the variance)", k,
                100 * variance / total) : "principal component " + k;
    }

    private static double[] column(double[][] rows, int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) c[i] = rows[i][j];
        return c;
    }

    private static double[][] centred(double[][] rows) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) for (int j = 0; j < d; j++) mean[j] += r[j] / n;
        double[][] c = new double[n][d];
        for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) c[i][j] = rows[i][j] - mean[j];
        return c;
    }

    private static double[][] covariance(double[][] centred) {
        int d = centred.length == 0 ? 0 : centred[0].length;
        double[][] cov = new double[d][d];
        for (double[] r : centred)
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] += r[a] * r[b] / centred.length;
        return cov;
    }

    /** The leading eigenvector of a symmetric matrix, unit length, its largest entry positive. */
    private static double[] component(double[][] m) {
        int d = m.length;
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = 1 + 0.01 * i; // not orthogonal to the answer, barring a contrived matrix
        for (int it = 0; it < ITERATIONS; it++) {
            double[] next = new double[d];
            for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) next[a] += m[a][b] * v[b];
            double norm = Math.sqrt(dot(next, next));
            if (norm == 0) break; // nothing left: the remaining variance is zero
            for (int a = 0; a < d; a++) v[a] = next[a] / norm;
        }
        double norm = Math.sqrt(dot(v, v));
        int largest = 0;
        for (int a = 0; a < d; a++) if (Math.abs(v[a]) > Math.abs(v[largest])) largest = a;
        double sign = d > 0 && v[largest] < 0 ? -1 : 1;
        for (int a = 0; a < d; a++) v[a] = sign * v[a] / norm;
        return v;
    }

    /** Removes the component from the matrix; returns its variance (eigenvalue). */
    private static double deflate(double[][] m, double[] v) {
        double[] mv = new double[v.length];
        for (int a = 0; a < v.length; a++) for (int b = 0; b < v.length; b++) mv[a] += m[a][b] * v[b];
        double lambda = dot(v, mv);
        for (int a = 0; a < v.length; a++) for (int b = 0; b < v.length; b++) m[a][b] -= lambda * v[a] * v[b];
        return lambda;
    }

    private static double[] project(double[][] centred, double[] v) {
        double[] p = new double[centred.length];
        for (int i = 0; i < centred.length; i++) p[i] = dot(centred[i], v);
        return p;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
