package org.sparkmore.model;

import java.util.List;
import java.util.Locale;

/**
 * Shape of the Bengio et al. (2003) "A Neural Probabilistic Language Model" MLP, as in makemore: an embedding
 * table, the context's embeddings concatenated, tanh hidden layers, softmax over the vocabulary.
 *
 * <p>With languages, the model is conditioned on the name's language: each language has an embedding row of
 * width embeddingDim after the symbols' rows in the same table, and the language's row is concatenated to the
 * context's embeddings as one more input position ({@link ContextLayout}), so the first layer sees
 * (blockSize + 1) * embeddingDim inputs.
 * With languageBias, each language also has its own row of output biases, added to the logits: a per-language
 * log-prior over the symbols. Shared output weights get their gradient mostly from the large languages, so through
 * them alone a language with a few hundred names learns only slowly that another script's letters never follow
 * its own; its bias row gets only its own gradient, which Adam scales up to full-size steps.
 *
 * @param vocabSize    number of symbols, boundary and unknown tokens included; set from the data, never by the user
 * @param languages    number of language embedding rows, 0 for a plain model; set from the data, never by the user
 * @param blockSize    how many previous symbols the model sees
 * @param embeddingDim width of one symbol's embedding
 * @param hiddenSizes  widths of the hidden layers, in order
 * @param activation   hidden activation; only tanh is implemented
 * @param languageEmbedding condition on the language when the table has a language column
 * @param languageBias a conditioned model also learns an output bias row per language
 * @param embeddingDropout training drops each context position's whole embedding with this probability
 *                         ({@link Dropout}); evaluation and sampling never drop
 * @param hiddenDropout    training drops each hidden activation with this probability
 */
public record ModelConfig(int vocabSize, int languages, int blockSize, int embeddingDim, List<Integer> hiddenSizes,
                          Activation activation, boolean languageEmbedding, boolean languageBias,
                          double embeddingDropout, double hiddenDropout)
        implements java.io.Serializable {

    /** makemore's MLP: block 3, embedding 10, one hidden layer of 200 (Karpathy's lecture settings). */
    public static final ModelConfig DEFAULTS = new ModelConfig(
            0,            // filled in from the vocabulary when the data is read
            0,            // filled in from the language column when the data is read
            3,            // three previous characters, as in the lecture
            10,           // 10-dimensional character embeddings
            List.of(200), // one hidden layer of 200 tanh units
            Activation.TANH, // the paper's and makemore's non-linearity
            true,         // a language column is there to be used: one model generates names per language
            true,         // keeps a small language's names in its own script (BENCHMARKS.md, multilingual)
            0.0,          // no dropout: the lecture's small model underfits rather than overfits names
            0.0);         // (conf/names-large.conf turns both on for a model large enough to overfit)

    public ModelConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        if (languages < 0) throw new IllegalArgumentException("model.languages must be >= 0, got " + languages);
        if (blockSize < 1) throw new IllegalArgumentException("model.blockSize must be >= 1, got " + blockSize);
        if (embeddingDim < 1)
            throw new IllegalArgumentException("model.embeddingDim must be >= 1, got " + embeddingDim);
        if (hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1))
            throw new IllegalArgumentException("model.hiddenSizes must be one or more positive widths, got "
                    + hiddenSizes);
        // A saved model.json without the key reads as null
        if (activation == null) throw new IllegalArgumentException("model.activation is missing");
        if (!(embeddingDropout >= 0 && embeddingDropout < 1) || !(hiddenDropout >= 0 && hiddenDropout < 1))
            throw new IllegalArgumentException("model.embeddingDropout and model.hiddenDropout must be in [0, 1), got "
                    + embeddingDropout + " and " + hiddenDropout);
    }

    /** A model without dropout. */
    public ModelConfig(int vocabSize, int languages, int blockSize, int embeddingDim, List<Integer> hiddenSizes,
                       Activation activation, boolean languageEmbedding, boolean languageBias) {
        this(vocabSize, languages, blockSize, embeddingDim, hiddenSizes, activation, languageEmbedding, languageBias,
                0.0, 0.0);
    }

    /** A plain (unconditioned) model. */
    public ModelConfig(int vocabSize, int blockSize, int embeddingDim, List<Integer> hiddenSizes,
                       Activation activation) {
        this(vocabSize, 0, blockSize, embeddingDim, hiddenSizes, activation, false, false);
    }

    /** This shape for the data's vocabulary size and language count (the count is ignored when not conditioning). */
    public ModelConfig forData(int size, int languageCount) {
        return new ModelConfig(size, languageEmbedding ? languageCount : 0, blockSize, embeddingDim, hiddenSizes,
                activation, languageEmbedding, languageBias, embeddingDropout, hiddenDropout);
    }

    public boolean conditioned() {
        return languages > 0;
    }

    /** Rows of the per-language output bias table: the languages when conditioned with languageBias, else 0. */
    public int biasRows() {
        return languageBias ? languages : 0;
    }

    /** Where each id of a window's context sits, for this shape. */
    public ContextLayout layout() {
        return ContextLayout.of(this);
    }

    /** Ids per window context: the blockSize previous symbols, then the language's row when conditioned. */
    public int contextWidth() {
        return layout().width();
    }

    /** Rows of the embedding table: the symbols, then the languages. */
    public int embeddingRows() {
        return layout().rows();
    }

    /** Width of the concatenated context (and language) embeddings: the first layer's input. */
    public int inputWidth() {
        return contextWidth() * embeddingDim;
    }

    /** The hidden layers' non-linearity; spelt in lower case, as config files and model.json hold it. */
    public enum Activation {
        TANH;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
