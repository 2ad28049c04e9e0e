package org.sparkmore.io;

import java.util.List;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;

/**
 * What a model file's values must be once its checksums, JSON and shapes are right: a matching checksum only says
 * the files are as written, not that a writer (or an editor) wrote something usable. Each refusal names the file.
 */
final class ModelValues {

    private ModelValues() {
    }

    /** Every parameter finite, every symbol a printable code point, every language code non-empty. */
    static void check(Vocabulary vocabulary, Languages languages, float[] params, String dir) {
        int nonFinite = 0;
        int first = -1;
        for (int i = 0; i < params.length; i++)
            if (!Float.isFinite(params[i])) {
                nonFinite++;
                if (first < 0) first = i;
            }
        if (nonFinite > 0) throw new ModelFileException(ModelStore.PARAMS + " in " + dir + " holds " + nonFinite
                + " NaN or infinite parameters (the first at index " + first + "): a diverged run, not a model");
        for (int cp : vocabulary.codePoints())
            if (!printable(cp)) throw new ModelFileException(ModelStore.MODEL_JSON + " in " + dir + " lists the "
                    + "vocabulary code point " + String.format("U+%04X", cp) + ", which is not a printable "
                    + "character (out of range, a surrogate, a control or a format character)");
        List<String> codes = languages == null ? List.of() : languages.codes();
        for (String code : codes)
            if (code == null || code.isBlank()) throw new ModelFileException(ModelStore.MODEL_JSON + " in " + dir
                    + " lists an empty language code");
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
