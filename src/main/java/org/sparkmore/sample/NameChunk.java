package org.sparkmore.sample;

import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Scripts;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.model.ModelConfig;

/**
 * The names of one chunk while they are drawn, symbol by symbol. Only unfinished names are active rows: a name that
 * draws the end marker leaves them at once, and the rows that stay are moved up in order, so a finished name costs
 * no more forward passes and the rows stay in name order (which fixes the order of the random draws). Each row keeps
 * its window, the context the model sees, as {@link ContextLayout} lays it out.
 *
 * <p>Reused from chunk to chunk: memory is set by the capacity, not by how many names a call draws.
 */
final class NameChunk {

    private final ContextLayout layout;
    private final int width;              // contextWidth: blockSize symbols, then the language row if any
    private final int vocab;
    private final int[] codePoints;       // (vocabSize) code point of each symbol id, 0 for boundary and unknown
    private final int[] contexts;         // (capacity, width) the active rows' windows, in name order
    private final int[] slots;            // (capacity) the name of each active row
    private final StringBuilder[] names;  // (capacity) each name's text so far
    private final double[] logLikelihood; // (capacity) each name's ln p so far
    private final int[] language;         // (capacity) each name's language index, -1 for a plain model
    private final boolean[] lettered;     // (capacity) whether each name holds a letter (a scripted symbol) yet
    private int count;
    private int active;

    NameChunk(ModelConfig config, Vocabulary vocabulary, int capacity) {
        this.layout = config.layout();
        this.width = layout.width();
        this.vocab = config.vocabSize();
        this.codePoints = new int[vocab];
        for (int i = 0; i < vocabulary.codePoints().size(); i++) codePoints[i + 1] = vocabulary.codePoints().get(i);
        this.contexts = new int[capacity * width];
        this.slots = new int[capacity];
        this.names = new StringBuilder[capacity];
        for (int i = 0; i < capacity; i++) names[i] = new StringBuilder();
        this.logLikelihood = new double[capacity];
        this.language = new int[capacity];
        this.lettered = new boolean[capacity];
    }

    /**
     * Starts count names that continue the prefix, all active.
     *
     * @param prefix     the prefix's symbol ids
     * @param languages  each next name's language index, in name order; null for a plain model
     */
    void start(int count, int[] prefix, String prefixText, IntSupplier languages) {
        if (count > slots.length) throw new IllegalArgumentException(count + " names in a chunk of " + slots.length);
        this.count = count;
        this.active = count;
        for (int i = 0; i < count; i++) {
            slots[i] = i;
            names[i].setLength(0);
            names[i].append(prefixText);
            logLikelihood[i] = 0;
            language[i] = languages == null ? -1 : languages.getAsInt();
            lettered[i] = prefixText.codePoints().anyMatch(cp -> Scripts.script(cp) != null);
            layout.window(prefix, prefix.length, language[i], contexts, i * width); // as in training
        }
    }

    /** Unfinished names. */
    int active() {
        return active;
    }

    /** (active, contextWidth) row-major windows of the unfinished names; the first active rows are valid. */
    int[] contexts() {
        return contexts;
    }

    /**
     * One symbol for every active name from its row of logits (active, vocabSize): the end marker finishes the
     * name, anything else extends it and slides its window. Finished names are dropped from the rows.
     */
    void advance(float[] logits, RowDraw draw) {
        int kept = 0;
        for (int r = 0; r < active; r++) {
            int name = slots[r];
            int next = draw.next(logits, r * vocab, language[name], lettered[name]);
            logLikelihood[name] += draw.logProbability();
            if (next == Vocabulary.BOUNDARY) continue;
            names[name].appendCodePoint(codePoints[next]);
            lettered[name] |= Scripts.script(codePoints[next]) != null;
            layout.slide(contexts, r, kept, next); // kept <= r: rows only move up
            slots[kept++] = name;
        }
        active = kept;
    }

    /** Hands the chunk's names to the sink, in name order. */
    void emit(Languages languages, Consumer<Sampler.Sample> sink) {
        for (int i = 0; i < count; i++) {
            String code = language[i] < 0 ? "" : languages.codes().get(language[i]);
            sink.accept(new Sampler.Sample(names[i].toString(), code, logLikelihood[i]));
        }
    }
}
