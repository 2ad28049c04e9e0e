package org.sparkmore.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.model.Mlp;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/**
 * Scores whole names under a trained model, without Spark: a name's log-likelihood is the sum of ln p over its
 * symbols and the end marker, each predicted from the blockSize symbols before it (boundary-padded, plus the name's
 * language row in a conditioned model, as {@link ContextLayout} lays them out). These are exactly the windows of
 * {@code data.Windows.explodeNames} and the per-window losses of {@link Mlp#losses}, the ones evaluation sums: over
 * a split, the sum of -logLikelihood divided by the sum of {@link Score#symbols} is evaluation's loss. Many names'
 * windows go through one forward pass. The products are float32 as in evaluation, and BLAS rounds a window's row a
 * little differently at another place in a batch, so a name's score depends on its batch-mates at about 1e-7
 * relative; these differences average out over a split.
 *
 * <p>Names are scored as given: clean them first as training did, with
 * {@code NameCleaner.inspect(raw, lowercase, maxLength)} and the model's {@code data.lowercase} setting, or a name
 * written differently (case, NFC form, stray control characters) scores as other symbols or as unknown ones. Rows
 * the model cannot score (null, empty, too long, unknown language, a symbol outside a vocabulary without an unknown
 * token) give a {@link Score} with a {@link Problem} and NaN values, never an exception.
 *
 * <p>Not thread-safe (nor is {@link Mlp}): use one per partition or thread.
 */
public final class NameScorer {

    /** Windows per forward pass, as evaluation's batches. */
    public static final int WINDOWS_PER_CALL = 4096;
    /** Names per chunk of {@link #scoreAll}: memory stays bounded however long the stream. */
    public static final int NAMES_PER_CHUNK = 1024;

    /** Why a row has no score; {@link #reason()} is a stable text, fit for a column and for counting. */
    public enum Problem {
        NULL("null"),
        EMPTY("empty"),
        TOO_LONG("too long"),
        UNKNOWN_LANGUAGE("unknown language"),
        OUT_OF_VOCABULARY("symbol outside the vocabulary");

        private final String reason;

        Problem(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * One name's score.
     *
     * @param logLikelihood  sum of ln p (nats) over the name's symbols and the end marker; NaN when not scored
     * @param symbols        predicted symbols: the name's code points + 1 for the end marker; 0 when not scored
     * @param unknownSymbols code points that the vocabulary's unknown token stands for (each scored as that token)
     * @param problem        why the row was not scored, or null when it was
     */
    public record Score(double logLikelihood, int symbols, int unknownSymbols, Problem problem) {

        static Score failed(Problem problem) {
            return new Score(Double.NaN, 0, 0, problem);
        }

        public boolean ok() {
            return problem == null;
        }

        /** Mean negative log-likelihood per predicted symbol (nats); NaN when not scored. */
        public double nllPerSymbol() {
            return ok() ? -logLikelihood / symbols : Double.NaN;
        }

        /** exp(nllPerSymbol): the model's per-symbol perplexity on this name; NaN when not scored. */
        public double perplexity() {
            return Math.exp(nllPerSymbol());
        }
    }

    private final ModelConfig config;
    private final Languages languages;
    private final Params params;
    private final Mlp mlp;
    private final int maxLength;
    private final int[] codePoints;   // the vocabulary's code points, ascending: id = index + 1
    private final int unknownId;      // -1 without an unknown token

    private final int[] contexts;     // (WINDOWS_PER_CALL, contextWidth) row-major, the pending windows
    private final int[] targets;      // (WINDOWS_PER_CALL) their next symbols
    private final int[] owners;       // (WINDOWS_PER_CALL) index of each window's name in the current call
    private final double[] rowLosses; // (WINDOWS_PER_CALL) per-window cross-entropy of the last pass
    private int pending;

    /** @param maxLength names with more code points are not scored ({@link Problem#TOO_LONG}) */
    public NameScorer(ModelConfig config, Vocabulary vocabulary, Languages languages, Params params, int maxLength) {
        Sampler.requireMatching(config, vocabulary, languages);
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        this.config = config;
        this.languages = languages;
        this.params = params;
        this.mlp = new Mlp(config, params.flat().dataType());
        this.maxLength = maxLength;
        this.codePoints = vocabulary.codePoints().stream().mapToInt(Integer::intValue).toArray();
        this.unknownId = vocabulary.unknownId();
        this.contexts = new int[WINDOWS_PER_CALL * config.contextWidth()];
        this.targets = new int[WINDOWS_PER_CALL];
        this.owners = new int[WINDOWS_PER_CALL];
        this.rowLosses = new double[WINDOWS_PER_CALL];
    }

    /** Without a length limit. */
    public NameScorer(ModelConfig config, Vocabulary vocabulary, Languages languages, Params params) {
        this(config, vocabulary, languages, params, Integer.MAX_VALUE);
    }

    /** A saved model's scorer, with its float32 parameters as evaluation uses them. */
    public static NameScorer of(SavedModel saved, int maxLength) {
        return new NameScorer(saved.model(), saved.vocabulary(), saved.languages(),
                Params.wrap(saved.model(), Nd4j.createFromArray(saved.params())), maxLength);
    }

    public boolean conditioned() {
        return config.conditioned();
    }

    /**
     * One name's score; prefer {@link #score(List, List)} for many, which shares forward passes.
     *
     * @param language the name's language code for a conditioned model (null or unknown: a problem); ignored by a
     *                 plain model
     */
    public Score score(String name, String language) {
        return score(Collections.singletonList(name), conditioned() ? Collections.singletonList(language) : null)
                .get(0);
    }

    /**
     * The names' scores, in order. Windows go through the network {@link #WINDOWS_PER_CALL} at a time, so memory
     * beyond the result is bounded; a name's windows may straddle two passes.
     *
     * @param names     cleaned names (see the class comment); null and empty ones are problems, not errors
     * @param languages each name's language code, same size as names, for a conditioned model (a null or unknown
     *                  code is that row's problem); null for a plain model
     */
    public List<Score> score(List<String> names, List<String> languages) {
        checkLanguages(names.size(), languages);
        pending = 0; // windows a failed call left behind belong to no name of this one
        int n = names.size();
        Score[] scores = new Score[n];
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            int[] unknown = new int[1];
            String language = languages == null ? null : languages.get(i);
            Problem problem = problem(names.get(i), language);
            int index = problem == null && conditioned() ? languageIndex(language) : -1;
            int[] ids = problem == null ? encode(names.get(i), unknown) : null;
            if (problem == null && ids == null) problem = Problem.OUT_OF_VOCABULARY;
            if (problem != null) {
                scores[i] = Score.failed(problem);
                continue;
            }
            addWindows(ids, index, i, losses);
            scores[i] = new Score(0, ids.length + 1, unknown[0], null);
        }
        flush(losses);
        for (int i = 0; i < n; i++) {
            Score s = scores[i];
            if (s.ok()) scores[i] = new Score(-losses[i], s.symbols(), s.unknownSymbols(), null);
        }
        return Arrays.asList(scores);
    }

    /**
     * Scores a stream lazily, {@link #NAMES_PER_CHUNK} rows at a time, in order: a Spark partition's
     * {@code mapPartitions} can pass its row iterator straight through.
     *
     * @param name     the row's (cleaned) name
     * @param language the row's language code; null for a plain model
     * @param combine  what to return for a row and its score
     */
    public <T, R> Iterator<R> scoreAll(Iterator<T> rows, Function<? super T, String> name,
                                       Function<? super T, String> language,
                                       BiFunction<? super T, Score, ? extends R> combine) {
        return new Iterator<R>() {
            private List<T> chunk = List.of();
            private List<Score> scores = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                return next < chunk.size() || rows.hasNext();
            }

            @Override
            public R next() {
                if (next == chunk.size()) fill();
                T row = chunk.get(next);
                return combine.apply(row, scores.get(next++));
            }

            private void fill() {
                if (!rows.hasNext()) throw new NoSuchElementException();
                List<T> c = new ArrayList<>();
                while (rows.hasNext() && c.size() < NAMES_PER_CHUNK) c.add(rows.next());
                List<String> names = new ArrayList<>(c.size());
                List<String> langs = language == null ? null : new ArrayList<>(c.size());
                for (T row : c) {
                    names.add(name.apply(row));
                    if (langs != null) langs.add(language.apply(row));
                }
                scores = score(names, langs);
                chunk = c;
                next = 0;
            }
        };
    }

    private void checkLanguages(int names, List<String> languages) {
        if (conditioned() && languages == null)
            throw new IllegalArgumentException("this model is conditioned on " + this.languages.size()
                    + " languages: give each name's language");
        if (!conditioned() && languages != null)
            throw new IllegalArgumentException("this model has no languages (it was trained without "
                    + "--language-column or with model.languageEmbedding=false): give no languages");
        if (languages != null && languages.size() != names)
            throw new IllegalArgumentException(names + " names but " + languages.size() + " languages");
    }

    /** The first thing that keeps a row from being scored, short of its symbols; null when there is none. */
    private Problem problem(String name, String language) {
        if (name == null) return Problem.NULL;
        if (name.isEmpty()) return Problem.EMPTY;
        if (name.codePointCount(0, name.length()) > maxLength) return Problem.TOO_LONG;
        if (conditioned() && languageIndex(language) < 0) return Problem.UNKNOWN_LANGUAGE;
        return null;
    }

    /** The language's index; -1 for a null or unknown code. */
    private int languageIndex(String code) {
        int at = code == null ? -1 : Collections.binarySearch(languages.codes(), code);
        return Math.max(at, -1);
    }

    /** The name's symbol ids, counting unknown ones in unknown[0]; null when a symbol has no id at all. */
    private int[] encode(String name, int[] unknown) {
        int[] ids = name.codePoints().toArray();
        for (int i = 0; i < ids.length; i++) {
            int at = Arrays.binarySearch(codePoints, ids[i]);
            if (at >= 0) ids[i] = at + 1;
            else if (unknownId < 0) return null;
            else {
                ids[i] = unknownId;
                unknown[0]++;
            }
        }
        return ids;
    }

    /**
     * The name's ids.length + 1 windows, as explodeNames builds them: window t predicts ids[t] (the end marker at
     * t = ids.length), laid out by the model's {@link ContextLayout}.
     *
     * @param language the name's language index; -1 for a plain model
     */
    private void addWindows(int[] ids, int language, int owner, double[] losses) {
        ContextLayout layout = config.layout();
        int width = layout.width();
        for (int t = 0; t <= ids.length; t++) {
            if (pending == WINDOWS_PER_CALL) flush(losses);
            targets[pending] = layout.window(ids, t, language, contexts, pending * width);
            owners[pending++] = owner;
        }
    }

    /** One forward pass over the pending windows; adds each window's loss to its name's, in window order. */
    private void flush(double[] losses) {
        if (pending == 0) return;
        mlp.losses(params, contexts, targets, pending, rowLosses); // (pending) nats, in double
        for (int w = 0; w < pending; w++) losses[owners[w]] += rowLosses[w];
        pending = 0;
    }
}
