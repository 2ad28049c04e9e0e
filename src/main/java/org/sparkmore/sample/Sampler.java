package org.sparkmore.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.Mlp;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/**
 * Generates names from a trained model symbol by symbol until the end marker, as makemore's {@code generate}:
 * all names of a call advance together, one batched forward pass per position.
 */
public final class Sampler {

    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final Params params;
    private final Mlp mlp;

    public Sampler(ModelConfig config, Vocabulary vocabulary, Params params) {
        if (config.vocabSize() != vocabulary.size())
            throw new IllegalArgumentException("model has " + config.vocabSize() + " outputs but the vocabulary has "
                    + vocabulary.size() + " symbols");
        this.config = config;
        this.vocabulary = vocabulary;
        this.params = params;
        this.mlp = new Mlp(config, params.flat().dataType());
    }

    /** {@code c.count()} names; the same config and seed give the same names. */
    public List<String> sample(SampleConfig c) {
        int n = c.count();
        int[] prefix = vocabulary.encode(c.prefix());
        int[][] names = new int[n][];
        List<StringBuilder> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names[i] = prefix.clone();
            out.add(new StringBuilder(c.prefix()));
        }
        boolean[] done = new boolean[n];
        SplittableRandom rng = new SplittableRandom(c.seed());
        for (int len = prefix.length; len < c.maxLength() && n > 0; len++) {
            // 1. The last blockSize symbols of every name, padded with the boundary token: (n, blockSize)
            int[] contexts = contexts(names, len);
            // 2. One forward pass for all names: (n, vocabSize) logits
            double[][] logits = mlp.logits(params, contexts, n).toDoubleMatrix();
            boolean any = false;
            for (int i = 0; i < n; i++) {
                if (done[i]) continue;
                // 3. Draw the next symbol from the tempered, truncated distribution; never the unknown token,
                //    which stands for many rare symbols and has no text of its own
                if (vocabulary.hasUnknown()) logits[i][vocabulary.unknownId()] = Double.NEGATIVE_INFINITY;
                int next = Distribution.draw(logits[i], c, rng);
                // 4. The end marker finishes a name; anything else extends it
                if (next == Vocabulary.BOUNDARY) done[i] = true;
                else {
                    names[i] = append(names[i], next);
                    out.get(i).append(vocabulary.symbol(next));
                    any = true;
                }
            }
            if (!any) break;
        }
        return out.stream().map(StringBuilder::toString).toList();
    }

    /** The next-symbol probabilities after a prefix at a temperature (T = 0 is one-hot on the argmax). */
    public double[] nextDistribution(String prefix, double temperature) {
        int[] ids = vocabulary.encode(prefix);
        INDArray logits = mlp.logits(params, contexts(new int[][] {ids}, ids.length), 1);
        return Distribution.probabilities(logits.getRow(0).toDoubleVector(), temperature);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** (names.length, blockSize) row-major: the last blockSize symbols before position len, boundary-padded. */
    private int[] contexts(int[][] names, int len) {
        int bs = config.blockSize();
        int[] ctx = new int[names.length * bs];
        for (int i = 0; i < names.length; i++) {
            int[] name = names[i];
            int have = Math.min(name.length, len);
            for (int k = 0; k < bs; k++) {
                int pos = have - bs + k;
                ctx[i * bs + k] = pos < 0 ? Vocabulary.BOUNDARY : name[pos];
            }
        }
        return ctx;
    }

    private static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
