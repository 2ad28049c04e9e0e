package org.sparkmore.model;

import java.util.SplittableRandom;

/**
 * The masks of inverted dropout (Srivastava et al., 2014, "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting") for one training step of the MLP: one on the concatenated context embeddings, one on each hidden
 * layer's tanh output. A unit is kept with probability 1 - rate and then scaled by 1 / (1 - rate), so the
 * expected activation is unchanged and evaluation simply runs without masks. The backward pass multiplies by the
 * same mask. On the embeddings the unit is a context position's whole embedding, as in Gal and Ghahramani's (2016)
 * embedding dropout: the model then learns to predict from part of its context, as a back-off n-gram model does.
 * (On names-split neither this nor element-wise embedding dropout beat dropout on the hidden layers alone,
 * BENCHMARKS.md.)
 *
 * <p>Masks come from the caller's random stream, so a step is a function of that stream: the same (seed, round,
 * partition) gives the same masks wherever and however often a task runs. Each element takes 16 bits of a
 * {@link SplittableRandom#nextLong()}, four elements a draw, which keeps drawing cheap next to the step; the rate is
 * applied in steps of 1/65536 and the scale uses the rate so rounded, so every mask's expectation is exactly 1.
 */
final class Dropout {

    private static final int LEVELS = 1 << 16;

    private final int embeddingCut; // a 16-bit draw below this drops the element; 0 = no dropout
    private final int hiddenCut;
    private final float embeddingScale;
    private final float hiddenScale;
    private final int embeddingDim;  // elements per context position: one draw each
    private float[] embedding;      // (batch*contextWidth*embeddingDim) 0 or embeddingScale
    private float[][] hidden;       // hidden[l]: (batch*widths[l+1]) 0 or hiddenScale

    Dropout(double embeddingRate, double hiddenRate, int embeddingDim) {
        this.embeddingDim = embeddingDim;
        embeddingCut = (int) Math.round(embeddingRate * LEVELS);
        hiddenCut = (int) Math.round(hiddenRate * LEVELS);
        embeddingScale = (float) LEVELS / (LEVELS - embeddingCut);
        hiddenScale = (float) LEVELS / (LEVELS - hiddenCut);
    }

    /** Whether any mask is drawn at all: a model without dropout draws nothing from the stream. */
    boolean active() {
        return embeddingCut > 0 || hiddenCut > 0;
    }

    /** Draws fresh masks for a batch, embeddings first, then the hidden layers in order; widths as in Params. */
    void draw(SplittableRandom rng, int batch, int[] widths) {
        if (embedding == null || embedding.length != batch * widths[0]) allocate(batch, widths);
        if (embeddingCut > 0) fill(embedding, embeddingDim, embeddingCut, embeddingScale, rng);
        if (hiddenCut > 0) for (float[] mask : hidden) fill(mask, 1, hiddenCut, hiddenScale, rng);
    }

    /** The embeddings' mask of the last draw, or null when embeddings are not dropped. */
    float[] embedding() {
        return embeddingCut > 0 ? embedding : null;
    }

    /** Hidden layer l's mask of the last draw, or null when hidden units are not dropped. */
    float[] hidden(int l) {
        return hiddenCut > 0 ? hidden[l] : null;
    }

    private void allocate(int batch, int[] widths) {
        embedding = new float[batch * widths[0]];
        hidden = new float[widths.length - 2][];
        for (int l = 0; l < hidden.length; l++) hidden[l] = new float[batch * widths[l + 1]];
    }

    /** Draws one keep-or-drop per run of {@code unit} elements; mask.length is a multiple of unit. */
    private static void fill(float[] mask, int unit, int cut, float scale, SplittableRandom rng) {
        int units = mask.length / unit;
        for (int u = 0; u < units; u += 4) {
            long bits = rng.nextLong();
            for (int k = 0; k < 4 && u + k < units; k++, bits >>>= 16) {
                float m = (bits & (LEVELS - 1)) < cut ? 0f : scale;
                java.util.Arrays.fill(mask, (u + k) * unit, (u + k + 1) * unit, m);
            }
        }
    }
}
