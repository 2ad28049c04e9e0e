package org.sparkmore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.sparkmore.data.NameCleaner;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.sample.NameScorer;

/**
 * Per-name scoring speed on one thread, without Spark: loads a model directory, cleans and scores the names of a
 * text file (one per line, repeated to N), untimed once to warm the JIT, then timed. What a scoring task does per
 * row, so the gap to {@code score}'s rows/s is Spark's own share.
 *
 * <p>Usage: {@code java -cp ... org.sparkmore.bench.ScorerProbe MODEL_DIR NAMES_FILE N}; prints one line
 * {@code scorer jvm n=N names/s=... nll_per_symbol=...}.
 */
public final class ScorerProbe {

    private ScorerProbe() {
    }

    public static void main(String[] args) throws IOException {
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(1);
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(1);
        SavedModel m = ModelStore.load(args[0], new Configuration());
        List<String> file = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
        int n = Integer.parseInt(args[2]);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add(file.get(i % file.size()));
        NameScorer scorer = NameScorer.of(m, 50);
        score(scorer, names.subList(0, Math.min(n, 50_000)));
        long start = System.nanoTime();
        double[] totals = score(scorer, names);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "scorer jvm n=%d seconds=%.3f names/s=%.0f nll_per_symbol=%.4f%n", n, seconds,
                n / seconds, -totals[0] / totals[1]);
    }

    /** [sum of log-likelihoods, symbols], scoring as a Spark task does: a chunk of cleaned names at a time. */
    private static double[] score(NameScorer scorer, List<String> names) {
        double[] totals = new double[2];
        scorer.scoreAll(names.iterator(), raw -> NameCleaner.clean(raw, true), null, (raw, s) -> s)
                .forEachRemaining(s -> {
                    if (!s.ok()) return;
                    totals[0] += s.logLikelihood();
                    totals[1] += s.symbols();
                });
        return totals;
    }
}
