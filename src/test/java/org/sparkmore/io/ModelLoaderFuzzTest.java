package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.sparkmore.data.Languages;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/**
 * A seeded fuzz of the loader: a real saved model (and a registry holding it) corrupted in a few hundred ways, each
 * of which must be refused with a {@link ModelFileException} naming the file, within seconds, and never with another
 * error. The seed fixes every drawn position and length, so a failing case reproduces by its number.
 */
class ModelLoaderFuzzTest {

    static final long SEED = 20261202L;
    /** The base model's shape: conditioned on two languages, with language biases, so every section is there. */
    static final ModelConfig SHAPE = new ModelConfig(6, 2, 3, 4, List.of(5), Activation.TANH, true, true);
    static final int PARAM_COUNT = (int) Params.count(SHAPE);
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    @TempDir Path tmp;
    final Configuration conf = new Configuration();

    static SavedModel base() {
        Random r = new Random(SEED);
        float[] params = new float[PARAM_COUNT];
        for (int i = 0; i < params.length; i++) params[i] = (float) r.nextGaussian();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("data", Map.of("input", "names.tsv", "languageColumn", "lang"));
        config.put("data.splitSeed", "42");
        return new SavedModel(SHAPE, ModelStoreTest.VOCAB, new Languages(List.of("de", "en"), List.of(3L, 5L)),
                config, Map.of("devLoss", 2.5), params);
    }

    @Test
    void theBaseLoadsAndEveryCorruptionOfItIsRefusedNamingTheFile() throws Exception {
        Path model = tmp.resolve("base-model");
        ModelStore.save(base(), model.toString(), conf);
        assertArrayEquals(base().params(), ModelStore.load(model.toString(), conf).params());
        Path registry = tmp.resolve("base-registry");
        ModelRegistry.open(registry.toString(), conf).commit(base(), Map.of(), RegistryConfig.DEFAULTS);
        assertArrayEquals(base().params(), ModelStore.load(registry.toString(), conf).params());

        Random rng = new Random(SEED);
        List<Corruption> cases = new ArrayList<>(Corruption.all(rng));
        cases.addAll(ContentCorruptions.all(rng));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Corruption c = cases.get(i);
            Path copy = tmp.resolve("case-" + i);
            copyTree(c.registry() ? registry : model, copy);
            String problem = problem(c, copy);
            if (problem != null) problems.add("case " + i + " (" + c.description() + "): " + problem);
            deleteTree(copy); // its links to /dev/zero would make the temporary directory's cleanup warn
        }
        System.out.println(cases.size() + " corruptions of a saved model, " + (cases.size() - problems.size())
                + " refused as they should be");
        assertTrue(cases.size() >= 200, cases.size() + " cases");
        assertEquals("", String.join("\n", problems));
    }

    /** What is wrong with the loader's answer to the corrupted copy; null when it refused it as it should. */
    private String problem(Corruption c, Path copy) throws Exception {
        c.edit().apply(copy);
        Throwable thrown;
        try {
            thrown = assertTimeoutPreemptively(PATIENCE, () -> {
                try {
                    ModelStore.load(copy.toString(), conf);
                    return null;
                } catch (Throwable t) {
                    return t; // OutOfMemoryError included: reported, not rethrown
                }
            });
        } catch (AssertionFailedError e) {
            return "no answer within " + PATIENCE.toSeconds() + " s";
        }
        if (thrown == null) return "loaded";
        if (!(thrown instanceof ModelFileException)) return "threw " + thrown;
        String message = thrown.getMessage();
        if (c.names().stream().noneMatch(message::contains))
            return "the message names none of " + c.names() + ": " + message;
        return null;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
    }
}
