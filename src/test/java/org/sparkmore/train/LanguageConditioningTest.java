package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.data.WindowArrays;
import org.sparkmore.data.WindowBlock;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.sample.SampleConfig;
import org.sparkmore.sample.Sampler;
import org.sparkmore.train.TrainConfig.Mode;
import org.sparkmore.train.TrainConfig.Sync;

/**
 * Language conditioning without Spark: two languages that share no letters (Greek and Russian names), trained with
 * the same PartitionTrainer code the executors run; the conditioned model must generate each language's letters
 * only, the language mix must draw languages as configured, per-language losses must add up, and per-language
 * output biases must keep a small language's probability off a large one's script.
 */
class LanguageConditioningTest {
    static final List<String> GREEK = List.of("ελένη", "νίκος", "μαρία", "γιώργος", "σοφία",
            "κώστας", "άννα", "δήμος");
    static final List<String> RUSSIAN = List.of("иван", "мария", "ольга", "пётр", "анна",
            "сергей", "дмитрий", "елена");
    static final Languages LANGUAGES = new Languages(List.of("el", "ru"), List.of(8L, 8L));
    static final Vocabulary VOCAB = vocabulary();

    @Test
    void conditionedModelWritesEachLanguageInItsOwnScript() {
        ModelConfig model = new ModelConfig(VOCAB.size(), 2, 3, 8, List.of(32), Activation.TANH, true, true);
        Sampler sampler = new Sampler(model, VOCAB, LANGUAGES, trained(model));
        for (String code : LANGUAGES.codes()) {
            Character.UnicodeScript script = code.equals("el") ? Character.UnicodeScript.GREEK
                    : Character.UnicodeScript.CYRILLIC;
            List<Sampler.Sample> names = sampler.draw(new SampleConfig(100, 1.0, 0, 1.0, "", 20, 3, code));
            for (Sampler.Sample s : names) {
                assertEquals(code, s.language());
                assertTrue(s.name().codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == script),
                        code + " sample in another script: " + s.name());
            }
        }
        // Without a language, each name's language is drawn from the training mix (here half and half)
        long greek = sampler.draw(new SampleConfig(400, 1.0, 0, 1.0, "", 20, 5, "")).stream()
                .filter(s -> s.language().equals("el")).count();
        assertTrue(greek > 150 && greek < 250, "el drawn " + greek + " of 400 times");
    }

    @Test
    void unknownLanguageIsAnErrorListingTheKnownOnes() {
        ModelConfig model = new ModelConfig(VOCAB.size(), 2, 3, 8, List.of(32), Activation.TANH, true, true);
        Sampler sampler = new Sampler(model, VOCAB, LANGUAGES, Params.init(model, 1, DataType.FLOAT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sampler.draw(new SampleConfig(3, 1.0, 0, 1.0, "", 20, 3, "xx")));
        assertTrue(e.getMessage().contains("unknown language 'xx'") && e.getMessage().contains("el, ru"),
                e.getMessage());
        ModelConfig plain = new ModelConfig(VOCAB.size(), 3, 8, List.of(32), Activation.TANH);
        Sampler p = new Sampler(plain, VOCAB, Params.init(plain, 1, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> p.draw(new SampleConfig(3, 1.0, 0, 1.0, "", 20, 3, "ru")));
    }

    @Test
    void languageMixDrawsLanguagesByWeight() {
        // 900 windows of language 0, 100 of language 1
        int[] langs = new int[1000];
        for (int i = 900; i < 1000; i++) langs[i] = 1;
        WindowBlock block = new WindowArrays(1, new int[1000], new int[1000], langs);
        assertEquals(0.9, new LanguageMix(block, 1.0).share(0), 1e-12);
        assertEquals(0.5, new LanguageMix(block, 0.0).share(0), 1e-12);
        assertEquals(0.75, new LanguageMix(block, 0.5).share(0), 1e-12); // sqrt(900) : sqrt(100) = 30 : 10
        LanguageMix even = new LanguageMix(block, 0.0);
        SplittableRandom rng = new SplittableRandom(1);
        int small = 0;
        for (int i = 0; i < 20000; i++) if (langs[even.draw(rng)] == 1) small++;
        assertEquals(10000, small, 300);
    }

    @Test
    void perLanguageLossesAddUpToTheTotal() {
        ModelConfig model = new ModelConfig(VOCAB.size(), 2, 3, 8, List.of(32), Activation.TANH, true, true);
        WindowBlock block = block(model);
        float[] params = Params.init(model, 4, DataType.FLOAT).flat().toFloatVector();
        double[] sums = PartitionTrainer.lossSums(model, block, params, 2);
        assertEquals(sums[0], sums[2] + sums[4], 1e-9 * sums[0]);
        assertEquals(block.size(), sums[1]);
        assertEquals(sums[1], sums[3] + sums[5]);
        assertEquals(PartitionTrainer.lossSum(model, block, params)[0], sums[0], 0.0);
    }

    @Test
    void languageBiasKeepsASmallLanguageOutOfTheLargeOnesScript() {
        // Russian names 40 times over, the Greek ones once: Greek is 1/41 of the windows, as a small language is.
        // With 10, 40 or 100 copies and 30, 100 or 300 rounds, the biases always lowered the Cyrillic probability,
        // by 20-50%, most after the longest training (0.59x here); on the multiscript table, with thousands of
        // foreign symbols, they halve it (BENCHMARKS.md).
        ModelConfig biased = new ModelConfig(VOCAB.size(), 2, 3, 8, List.of(32), Activation.TANH, true, true);
        ModelConfig shared = new ModelConfig(VOCAB.size(), 2, 3, 8, List.of(32), Activation.TANH, true, false);
        double withBias = foreignMass(biased, trained(biased, block(biased, 1, 40), 300));
        double without = foreignMass(shared, trained(shared, block(shared, 1, 40), 300));
        assertTrue(withBias < 0.75 * without, "Cyrillic probability in Greek contexts: " + withBias + " with the "
                + "language's own output biases, " + without + " without");
    }

    /** Mean probability the model gives to Cyrillic symbols after each context of the Greek names. */
    private static double foreignMass(ModelConfig model, Params p) {
        WindowArrays greek = block(model, 1, 0);
        int n = greek.size();
        org.nd4j.linalg.api.ndarray.INDArray probs = org.nd4j.linalg.ops.transforms.Transforms.softmax(
                new org.sparkmore.model.Mlp(model, DataType.FLOAT).logits(p, greek.contexts(), n).dup());
        double mass = 0;
        for (int i = 0; i < VOCAB.codePoints().size(); i++) // symbol id i + 1, after the boundary
            if (Character.UnicodeScript.of(VOCAB.codePoints().get(i)) == Character.UnicodeScript.CYRILLIC)
                mass += probs.getColumn(i + 1).sumNumber().doubleValue();
        return mass / n;
    }

    /** Local steps on one partition, as an executor runs them. */
    static Params trained(ModelConfig model) {
        return trained(model, block(model), 100);
    }

    static Params trained(ModelConfig model, WindowBlock block, int rounds) {
        TrainConfig train = new TrainConfig(rounds, 20, 64, Mode.AVERAGE, Sync.ROUNDS, 1, 10, 7L, 1.0);
        PartitionTrainer.LocalStepper stepper = new PartitionTrainer(model, TrainFixtures.adam(0.02), train)
                .localStepper();
        float[] params = Params.init(model, 7, DataType.FLOAT).flat().toFloatVector();
        float[] state = new float[2 * params.length];
        for (int round = 0; round < train.rounds(); round++) {
            PartitionTrainer.LocalResult u = stepper.localSteps(block, params, state, round, 0);
            params = u.vector();
            state = u.state();
        }
        return Params.wrap(model, Nd4j.createFromArray(params));
    }

    /** The windows of both languages' names, as Windows.explodeNames builds them for this model. */
    static WindowBlock block(ModelConfig model) {
        return block(model, 1, 1);
    }

    /** The windows of the Greek names greekCopies times over, then the Russian ones russianCopies times. */
    static WindowArrays block(ModelConfig model, int greekCopies, int russianCopies) {
        WindowArrays.Builder b = new WindowArrays.Builder(model.contextWidth(), true);
        for (int l = 0; l < 2; l++)
            for (int copy = 0; copy < (l == 0 ? greekCopies : russianCopies); copy++)
            for (String name : l == 0 ? GREEK : RUSSIAN) {
                int[] ids = VOCAB.encode(name);
                int[] padded = new int[model.blockSize() + ids.length + 1]; // boundary, name, boundary
                System.arraycopy(ids, 0, padded, model.blockSize(), ids.length);
                for (int i = 0; i + model.blockSize() < padded.length; i++) {
                    int[] ctx = new int[model.contextWidth()];
                    System.arraycopy(padded, i, ctx, 0, model.blockSize());
                    if (model.conditioned()) ctx[model.blockSize()] = model.vocabSize() + l;
                    b.add(ctx, padded[i + model.blockSize()], l);
                }
            }
        return b.build();
    }

    private static Vocabulary vocabulary() {
        List<Integer> cps = new ArrayList<>();
        GREEK.forEach(n -> n.codePoints().forEach(cps::add));
        RUSSIAN.forEach(n -> n.codePoints().forEach(cps::add));
        return new Vocabulary(cps.stream().distinct().sorted().toList(), false);
    }
}
