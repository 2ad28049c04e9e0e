package org.sparkmore.io;

import java.util.Map;
import java.util.Objects;

import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig;

/**
 * Everything a model directory holds: the network's shape, its vocabulary, the run configuration that produced it,
 * its final metrics and its flat parameters.
 *
 * @param model      shape of the network, vocabulary size included
 * @param vocabulary the symbols the model knows
 * @param languages  the table's languages with their training names ({@link Languages#NONE} without a language
 *                   column); a conditioned model has an embedding row for each
 * @param config     the resolved run configuration, as a JSON-like tree (maps, lists, strings, numbers, booleans);
 *                   numbers come back as Jackson reads them (Integer when they fit, else Long, Double for decimals)
 * @param metrics    final metrics by name, e.g. losses per split
 * @param params     the flat parameters in the layout of {@code org.sparkmore.model.Params}
 */
public record SavedModel(ModelConfig model, Vocabulary vocabulary, Languages languages, Map<String, Object> config,
                         Map<String, Double> metrics, float[] params) implements java.io.Serializable {

    public SavedModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vocabulary, "vocabulary");
        Objects.requireNonNull(languages, "languages");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(params, "params");
        // The loader's bound, so that nothing is saved that would then be refused on load
        int unusable = 0;
        for (float p : params) if (!(Math.abs(p) <= ModelValues.MAX_MAGNITUDE)) unusable++;
        if (unusable > 0) throw new IllegalArgumentException("the model's parameters hold " + unusable + " NaN, "
                + "infinite or larger than " + ModelValues.MAX_MAGNITUDE + " values (a diverged run); such a model is "
                + "never saved or loaded");
    }
}
