package org.sparkmore.report;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig;

/** The facts at the top of the report: the model's shape, its size and the metrics it was saved with. */
final class Summary {

    private Summary() {
    }

    static Map<String, String> of(SavedModel m) {
        ModelConfig c = m.model();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("vocabulary", c.vocabSize() + " symbols, boundary" + (m.vocabulary().hasUnknown()
                ? " and unknown-symbol token" : "") + " included");
        facts.put("languages", m.languages().none() ? "none"
                : m.languages().size() + (c.conditioned() ? ", conditioned on" : ", not conditioned on"));
        facts.put("shape", String.format(Locale.ROOT, "context %d, embedding %d, hidden %s, %s", c.blockSize(),
                c.embeddingDim(), c.hiddenSizes(), c.activation()));
        facts.put("parameters", String.format(Locale.ROOT, "%,d", m.params().length));
        m.metrics().forEach((k, v) -> facts.put(k, k.endsWith("Loss") ? ReportPage.fixed(v)
                : String.format(Locale.ROOT, "%.4g", v)));
        return facts;
    }
}
