package org.sparkmore.model;

import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained model's parameters carried over to a model of a grown vocabulary and language list, for warm-started
 * retraining. The new model starts as a fresh one would ({@link Params#init} of its shape and seed); then every
 * symbol and language the old model knew gets its old values back: its embedding row, and for a symbol also its
 * output-layer column (the column of W and the bias entry that score it). The hidden layers are copied whole. So a
 * symbol the old vocabulary lacks starts exactly as in a model trained from scratch, and an old one exactly where
 * training left it. Per-language output biases carry over for every old (language, symbol) pair when both models
 * have them; a model that gains them starts them at 0, as a fresh one does.
 *
 * <p>The shapes must agree apart from the vocabulary and language counts: the same block size, embedding width,
 * hidden widths and activation, and conditioned on languages in both or neither (the first layer's input width
 * depends on it).
 */
public final class ParamsRemap {

    private ParamsRemap() {
    }

    /**
     * The old parameters in the new shape.
     *
     * @param from      the old model's shape
     * @param params    the old model's flat parameters
     * @param to        the new model's shape
     * @param symbols   for each new symbol id, the old id of the same symbol, or -1 when the old model lacks it
     * @param languages for each new language index, the old index of the same language, or -1 (empty when the new
     *                  model is not conditioned)
     * @param seed      the seed of the new model's fresh initialisation
     */
    public static float[] carry(ModelConfig from, float[] params, ModelConfig to, int[] symbols, int[] languages,
                                long seed) {
        checkShapes(from, to);
        if (symbols.length != to.vocabSize() || languages.length != to.languages())
            throw new IllegalArgumentException("the id maps must have one entry per new symbol (" + to.vocabSize()
                    + ") and per new language (" + to.languages() + "), got " + symbols.length + " and "
                    + languages.length);
        checkIds(symbols, from.vocabSize(), "symbol");
        checkIds(languages, from.languages(), "language");
        Params old = Params.wrap(from, Nd4j.createFromArray(Objects.requireNonNull(params, "params")));
        Params fresh = Params.init(to, seed, DataType.FLOAT);
        int out = to.hiddenSizes().size();
        for (int i = 0; i < symbols.length; i++) {
            if (symbols[i] < 0) continue;
            fresh.embedding().putRow(i, old.embedding().getRow(symbols[i]));
            fresh.weight(out).putColumn(i, old.weight(out).getColumn(symbols[i]));
            fresh.bias(out).putScalar(0, i, old.bias(out).getDouble(0, symbols[i]));
        }
        for (int l = 0; l < languages.length; l++)
            if (languages[l] >= 0) fresh.embedding().putRow(to.layout().languageRow(l),
                    old.embedding().getRow(from.layout().languageRow(languages[l])));
        if (from.biasRows() > 0 && to.biasRows() > 0) carryLanguageBias(old, fresh, symbols, languages);
        for (int layer = 0; layer < out; layer++) {
            fresh.weight(layer).assign(old.weight(layer));
            fresh.bias(layer).assign(old.bias(layer));
        }
        return fresh.flat().toFloatVector();
    }

    private static void carryLanguageBias(Params old, Params fresh, int[] symbols, int[] languages) {
        for (int l = 0; l < languages.length; l++)
            for (int i = 0; languages[l] >= 0 && i < symbols.length; i++)
                if (symbols[i] >= 0)
                    fresh.languageBias().putScalar(l, i, old.languageBias().getDouble(languages[l], symbols[i]));
    }

    /** Fails, naming the difference, unless the two shapes differ only in vocabulary and language counts. */
    public static void checkShapes(ModelConfig from, ModelConfig to) {
        StringBuilder diff = new StringBuilder();
        if (from.blockSize() != to.blockSize()) diff.append(", model.blockSize ").append(from.blockSize())
                .append(" vs ").append(to.blockSize());
        if (from.embeddingDim() != to.embeddingDim()) diff.append(", model.embeddingDim ").append(from.embeddingDim())
                .append(" vs ").append(to.embeddingDim());
        if (!from.hiddenSizes().equals(to.hiddenSizes())) diff.append(", model.hiddenSizes ")
                .append(from.hiddenSizes()).append(" vs ").append(to.hiddenSizes());
        if (!from.activation().equals(to.activation())) diff.append(", model.activation ").append(from.activation())
                .append(" vs ").append(to.activation());
        if (from.conditioned() != to.conditioned()) diff.append(", conditioned on languages ")
                .append(from.conditioned()).append(" vs ").append(to.conditioned());
        if (diff.length() > 0)
            throw new IllegalArgumentException("cannot warm-start: the models' shapes differ (old vs new" + diff
                    + "); train the new model with the old one's shape, or without --warm-start");
    }

    private static void checkIds(int[] ids, int oldCount, String what) {
        for (int id : ids)
            if (id < -1 || id >= oldCount)
                throw new IllegalArgumentException("old " + what + " id " + id
                        + " is out of range [0, " + oldCount + ")");
    }
}
