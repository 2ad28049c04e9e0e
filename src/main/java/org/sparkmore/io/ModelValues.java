package org.sparkmore.io;

import java.util.List;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/**
 * What a model file's values must be once its checksums, JSON and shapes are right: a matching checksum only says
 * the files are as written, not that a writer (or an editor) wrote something usable. Each refusal names the file.
 */
final class ModelValues {

    /**
     * The largest parameter magnitude a model may hold. Trained weights stay within a few hundred; and below this
     * bound no product of two parameters, summed over any layer a params.npy can hold, overflows float32, so a
     * larger value is a corrupt file, not a model.
     */
    static final float MAX_MAGNITUDE = 1e9f;

    private ModelValues() {
    }

    /**
     * The number of parameters the shape needs, refusing a shape whose count a params.npy cannot hold. Counted here
     * in exact arithmetic first: Params.count's int and long arithmetic would wrap on the huge dimensions of a
     * corrupt model.json, and a wrapped count could even match a small params.npy.
     */
    static int parameterCount(ModelConfig m, String dir) {
        try {
            long width = Math.multiplyExact((long) m.contextWidth(), m.embeddingDim()); // both exact: no wrapping
            long n = Math.multiplyExact((long) m.embeddingRows(), m.embeddingDim());
            for (int h : m.hiddenSizes()) {
                n = Math.addExact(n, Math.multiplyExact(width + 1, h));
                width = h;
            }
            n = Math.addExact(n, Math.multiplyExact(width + 1 + (m.languageBias() ? m.languages() : 0),
                    m.vocabSize()));
            if (n <= Npy.MAX_FLOATS && n == Params.count(m)) return (int) n;
        } catch (ArithmeticException e) {
            // falls through to the refusal: a width or count beyond an int or a long is beyond any file
        }
        throw new ModelFileException(ModelStore.MODEL_JSON + " in " + dir + " has a model shape of more than "
                + Npy.MAX_FLOATS + " parameters, more than a " + ModelStore.PARAMS + " can hold: " + m);
    }

    /**
     * Every parameter finite and of a sane magnitude, every symbol a printable code point, every language code
     * non-empty and the languages' training-name counts usable: none negative, and some names in all when there are
     * languages, as the sampler draws a language in proportion to them.
     */
    static void check(Vocabulary vocabulary, Languages languages, float[] params, String dir) {
        checkParams(params, dir);
        for (int cp : vocabulary.codePoints())
            if (!printable(cp)) throw new ModelFileException(ModelStore.MODEL_JSON + " in " + dir + " lists the "
                    + "vocabulary code point " + String.format("U+%04X", cp) + ", which is not a printable "
                    + "character (out of range, a surrogate, a control or a format character)");
        List<String> codes = languages == null ? List.of() : languages.codes();
        for (String code : codes)
            if (code == null || code.isBlank()) throw new ModelFileException(ModelStore.MODEL_JSON + " in " + dir
                    + " lists an empty language code");
        if (languages != null) checkCounts(languages, dir);
    }

    private static void checkParams(float[] params, String dir) {
        int nonFinite = 0;
        int huge = 0;
        int first = -1;
        for (int i = 0; i < params.length; i++) {
            boolean finite = Float.isFinite(params[i]);
            if (!finite) nonFinite++;
            else if (Math.abs(params[i]) > MAX_MAGNITUDE) huge++;
            else continue;
            if (first < 0) first = i;
        }
        if (nonFinite > 0) throw new ModelFileException(ModelStore.PARAMS + " in " + dir + " holds " + nonFinite
                + " NaN or infinite parameters (the first at index " + first + "): a diverged run, not a model");
        if (huge > 0) throw new ModelFileException(ModelStore.PARAMS + " in " + dir + " holds " + huge
                + " parameters of magnitude above " + MAX_MAGNITUDE + " (the first, " + params[first] + ", at index "
                + first + "): no training run writes such values, and float32 arithmetic would overflow on them");
    }

    private static void checkCounts(Languages languages, String dir) {
        long total = 0;
        for (int i = 0; i < languages.size(); i++) {
            long names = languages.names().get(i);
            if (names < 0) throw new ModelFileException(ModelStore.MODEL_JSON + " in " + dir + " gives language '"
                    + languages.codes().get(i) + "' a negative count of training names: " + names);
            total = total + names < 0 ? Long.MAX_VALUE : total + names;
        }
        if (!languages.none() && total == 0) throw new ModelFileException(ModelStore.MODEL_JSON + " in " + dir
                + " lists " + languages.size() + " languages with no training names in all; a sampler could not "
                + "draw a language");
        if (total == Long.MAX_VALUE) throw new ModelFileException(ModelStore.MODEL_JSON + " in " + dir
                + " gives its languages more training names in all than a count can hold");
    }

    /**
     * What cleaning lets into a vocabulary: a valid, non-surrogate code point that is neither control nor format
     * (but ZWNJ and ZWJ, which cleaning keeps). Unassigned code points pass: a newer Unicode may assign them.
     */
    private static boolean printable(int cp) {
        if (!Character.isValidCodePoint(cp) || Character.getType(cp) == Character.SURROGATE) return false;
        int type = Character.getType(cp);
        return type != Character.CONTROL && (type != Character.FORMAT
                || cp == 0x200C || cp == 0x200D);
    }
}
