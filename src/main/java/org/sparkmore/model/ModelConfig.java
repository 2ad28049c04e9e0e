package org.sparkmore.model;

import java.util.List;

/**
 * Shape of the Bengio et al. (2003) "A Neural Probabilistic Language Model" MLP, as in makemore: an embedding
 * table, the context's embeddings concatenated, tanh hidden layers, softmax over the vocabulary.
 *
 * @param vocabSize    number of symbols, boundary and unknown tokens included; set from the data, never by the user
 * @param blockSize    how many previous symbols the model sees
 * @param embeddingDim width of one symbol's embedding
 * @param hiddenSizes  widths of the hidden layers, in order
 * @param activation   hidden activation; only "tanh" is implemented
 */
public record ModelConfig(int vocabSize, int blockSize, int embeddingDim, List<Integer> hiddenSizes, String activation)
        implements java.io.Serializable {

    /** makemore's MLP: block 3, embedding 10, one hidden layer of 200 (Karpathy's lecture settings). */
    public static final ModelConfig DEFAULTS = new ModelConfig(
            0,            // filled in from the vocabulary when the data is read
            3,            // three previous characters, as in the lecture
            10,           // 10-dimensional character embeddings
            List.of(200), // one hidden layer of 200 tanh units
            "tanh");      // the paper's and makemore's non-linearity

    public ModelConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        if (blockSize < 1) throw new IllegalArgumentException("model.blockSize must be >= 1, got " + blockSize);
        if (embeddingDim < 1) throw new IllegalArgumentException("model.embeddingDim must be >= 1, got " + embeddingDim);
        if (hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1))
            throw new IllegalArgumentException("model.hiddenSizes must be one or more positive widths, got " + hiddenSizes);
        if (!"tanh".equals(activation))
            throw new IllegalArgumentException("model.activation must be tanh, got " + activation);
    }

    public ModelConfig withVocabSize(int size) {
        return new ModelConfig(size, blockSize, embeddingDim, hiddenSizes, activation);
    }

    /** Width of the concatenated context embeddings: the first layer's input. */
    public int inputWidth() {
        return blockSize * embeddingDim;
    }
}
