package org.sparkmore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.ModelRegistry;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.ParamsRemap;
import org.sparkmore.train.Checkpoint;

/**
 * {@code --warm-start}: initial parameters from an earlier model, for faster retraining on a grown table. The new
 * run's vocabulary and languages come from the new table; the symbols and languages the old model knew keep their
 * trained rows and output columns, new ones start as in a fresh model ({@link ParamsRemap}). The optimizer state
 * starts fresh, and so does the learning-rate schedule: Adam's bias correction assumes moments that start at zero
 * at step 0, so old moments under a restarted step count would be scaled up (tenfold at the first step), and they
 * cover neither the new rows nor the new table; the warm-up then eases the carried parameters into the new data.
 */
final class WarmStart {

    /** The value of {@code --warm-start} that means the model the run's own output holds. */
    static final String LATEST = "latest";

    private WarmStart() {
    }

    /**
     * The model to start from, or null for fresh parameters: {@code latest} is the model the output holds (a
     * registry's LATEST, or the plain model directory), and none there yet is a first run; any other value is a
     * model or registry directory that must exist.
     */
    static SavedModel source(String warmStart, String output, Configuration hadoop) {
        if (warmStart == null) return null;
        String dir = warmStart.equals(LATEST) ? output : warmStart;
        if (warmStart.equals(LATEST) && !ModelStore.exists(output, hadoop)) {
            System.out.println("warm start: no model in " + output + " yet; training from fresh parameters");
            return null;
        }
        String resolved = ModelRegistry.resolve(dir, hadoop);
        SavedModel model = ModelStore.load(resolved, hadoop);
        System.out.println("warm start: from " + resolved);
        return model;
    }

    /** The old model's parameters in the new model's shape, as the run's start. */
    static Checkpoint start(SavedModel from, ModelConfig model, Vocabulary vocabulary, Languages languages, long seed) {
        int[] symbols = symbolMap(from.vocabulary(), vocabulary);
        int[] langs = model.conditioned() ? languageMap(from.languages(), languages) : new int[0];
        float[] params = ParamsRemap.carry(from.model(), from.params(), model, symbols, langs, seed);
        System.out.printf(Locale.ROOT, "warm start: %d of %d symbols and %d of %d languages carried over; new: %s%n",
                carried(symbols), symbols.length, carried(langs), langs.length, added(symbols, vocabulary, langs,
                        languages));
        return Checkpoint.start(params);
    }

    /** For each new symbol id, the old id of the same symbol (boundary to boundary, unknown to unknown), or -1. */
    static int[] symbolMap(Vocabulary old, Vocabulary now) {
        int[] map = new int[now.size()];
        map[Vocabulary.BOUNDARY] = Vocabulary.BOUNDARY;
        for (int i = 0; i < now.codePoints().size(); i++) {
            int at = java.util.Collections.binarySearch(old.codePoints(), now.codePoints().get(i));
            map[i + 1] = at >= 0 ? at + 1 : -1;
        }
        if (now.hasUnknown()) map[now.unknownId()] = old.unknownId();
        return map;
    }

    /** For each new language, the old index of the same code, or -1. */
    static int[] languageMap(Languages old, Languages now) {
        int[] map = new int[now.size()];
        for (int i = 0; i < map.length; i++) {
            int at = java.util.Collections.binarySearch(old.codes(), now.codes().get(i));
            map[i] = at >= 0 ? at : -1;
        }
        return map;
    }

    private static int carried(int[] map) {
        int n = 0;
        for (int id : map) if (id >= 0) n++;
        return n;
    }

    private static String added(int[] symbols, Vocabulary vocabulary, int[] langs, Languages languages) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < symbols.length; i++) if (symbols[i] < 0) names.add(vocabulary.symbol(i));
        for (int i = 0; i < langs.length; i++) if (langs[i] < 0) names.add("language " + languages.codes().get(i));
        return names.isEmpty() ? "none" : String.join(" ", names);
    }
}
