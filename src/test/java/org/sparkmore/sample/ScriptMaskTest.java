package org.sparkmore.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.Character.UnicodeScript;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Scripts;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.Params;

/** sample.scriptOnly: a masked language draws no letter outside its writing system, in every draw mode. */
class ScriptMaskTest {
    /** Latin and Greek letters, a Cyrillic one, an apostrophe (neutral) and the unknown token. */
    static final Vocabulary VOCAB = new Vocabulary(Stream.of("'", "a", "b", "e", "α", "β", "ε", "ж")
            .map(s -> s.codePointAt(0)).sorted().toList(), true);
    static final Languages LANGUAGES = new Languages(List.of("el", "en", "xx"), List.of(5L, 5L, 1L));
    static final ModelConfig MODEL = new ModelConfig(VOCAB.size(), 3, 3, 4, List.of(16), Activation.TANH, true, true);
    static final Map<String, Set<UnicodeScript>> SYSTEMS = Map.of("el", Set.of(UnicodeScript.GREEK),
            "en", Set.of(UnicodeScript.LATIN)); // xx has none

    /** A random model with a sharp output layer, which mixes scripts freely. */
    static Sampler sampler() {
        Params p = Params.init(MODEL, 11, DataType.FLOAT);
        p.weight(p.layers() - 1).muli(30);
        return new Sampler(MODEL, VOCAB, LANGUAGES, p);
    }

    static SampleConfig config(double t, int topK, double topP, String language) {
        return new SampleConfig(400, t, topK, topP, "", 12, 3, language);
    }

    @Test
    void maskedNamesStayInTheirWritingSystem() {
        Sampler raw = sampler();
        Sampler masked = raw.scriptOnly(SYSTEMS);
        assertTrue(masked.masked());
        assertFalse(raw.masked());
        for (String language : List.of("el", "en")) {
            Set<UnicodeScript> system = SYSTEMS.get(language);
            long rawPure = raw.draw(config(1, 0, 1, language)).stream()
                    .filter(s -> Scripts.isPure(s.name(), system)).count();
            assertTrue(rawPure < 400, "the unmasked model mixes scripts: " + rawPure);
            for (SampleConfig c : List.of(config(1, 0, 1, language), config(1.5, 0, 1, language),
                    config(0.7, 3, 1, language), config(1, 0, 0.9, language), config(0, 0, 1, language)))
                for (Sampler.Sample s : masked.draw(c))
                    assertTrue(Scripts.isPure(s.name(), system), language + ": " + s);
        }
    }

    @Test
    void drawsAreSeededAndKeepTheModelsLogLikelihood() {
        Sampler masked = sampler().scriptOnly(SYSTEMS);
        for (Sampler.Sample s : masked.draw(config(1, 0, 1, "en")))
            assertTrue(s.logLikelihood() < 0 && Double.isFinite(s.logLikelihood()), s.toString());
        assertEquals(masked.draw(config(1, 0, 1, "en")), masked.draw(config(1, 0, 1, "en"))); // seeded
    }

    @Test
    void aLanguageWithoutAWritingSystemAndAPlainModelAreNotMasked() {
        Sampler masked = sampler().scriptOnly(SYSTEMS);
        assertEquals(sampler().draw(config(1, 0, 1, "xx")), masked.draw(config(1, 0, 1, "xx")));
        Params p = Params.init(SamplerTest.MODEL, 5, DataType.FLOAT);
        Sampler plain = new Sampler(SamplerTest.MODEL, SamplerTest.VOCAB, p);
        assertSame(plain, plain.scriptOnly(SYSTEMS));
    }
}
