package org.sparkmore.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkmore.data.Languages;
import org.sparkmore.data.Vocabulary;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;

/**
 * python/sparkmore_numpy.py, run as a real python3 process, scores names as NameScorer does: the same problems, and
 * log-likelihoods within 1e-5 absolute (both use float32 products; only their summation order differs). Skipped
 * when python3 with NumPy is not installed.
 */
class NumpyModuleTest {
    static final Path SCRIPT = Path.of("python/sparkmore_numpy.py").toAbsolutePath();
    /** a-z, é, ü and Gothic ahsa (outside the BMP), then the unknown token. */
    static final Vocabulary VOCAB = vocabulary();
    static final Languages LANGUAGES = new Languages(List.of("de", "en", "fr"), List.of(50L, 30L, 20L));
    static final int MAX_LENGTH = 12;

    @TempDir
    Path tmp;

    record Run(int exitCode, String stdout, String stderr) {
    }

    /** Whether python3 runs and imports numpy; checked once. */
    static Boolean hasNumpy;

    @BeforeEach
    void needsNumpy() throws InterruptedException {
        if (hasNumpy == null) {
            try {
                hasNumpy = Files.isRegularFile(SCRIPT) && new ProcessBuilder("python3", "-c", "import numpy")
                        .redirectErrorStream(true).start().waitFor() == 0;
            } catch (IOException e) {
                hasNumpy = false;
            }
        }
        Assumptions.assumeTrue(hasNumpy, "needs python3 with numpy");
    }

    @Test
    void plainModelScoresAsTheJvm() throws Exception {
        ModelConfig model = new ModelConfig(VOCAB.size(), 3, 10, List.of(64), Activation.TANH);
        compare(save(model, Languages.NONE, "plain"), names(1000, 1), null);
    }

    @Test
    void conditionedModelWithLanguageBiasScoresAsTheJvm() throws Exception {
        ModelConfig model = new ModelConfig(VOCAB.size(), LANGUAGES.size(), 3, 10, List.of(64), Activation.TANH,
                true, true);
        List<String> names = names(1000, 2);
        Random r = new Random(3);
        List<String> languages = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) languages.add(LANGUAGES.codes().get(r.nextInt(3)));
        languages.set(5, "xx");  // unknown language
        languages.set(6, null);  // no language
        compare(save(model, LANGUAGES, "conditioned"), names, languages);
    }

    @Test
    void aChangedParameterFileIsRefused() throws Exception {
        Path dir = save(new ModelConfig(VOCAB.size(), 3, 10, List.of(64), Activation.TANH), Languages.NONE, "changed");
        byte[] npy = Files.readAllBytes(dir.resolve("params.npy"));
        npy[npy.length - 1] ^= 1;
        Files.write(dir.resolve("params.npy"), npy);
        Run run = python(List.of("score", dir.toString()), "abc\n");
        assertNotEquals(0, run.exitCode());
        assertTrue(run.stderr().contains("params.npy in " + dir + " is changed or corrupt"), run.stderr());
    }

    @Test
    void samplesStayInTheVocabularyAndLanguage() throws Exception {
        ModelConfig model = new ModelConfig(VOCAB.size(), LANGUAGES.size(), 3, 10, List.of(64), Activation.TANH,
                true, true);
        Path dir = save(model, LANGUAGES, "sampled");
        String code = "import sys; sys.path.insert(0, sys.argv[1]); import sparkmore_numpy as s\n"
                + "m = s.load(sys.argv[2])\n"
                + "for name, lang in m.sample(200, temperature=0.8, top_k=10, top_p=0.95, prefix='a', language='fr', "
                + "seed=1, max_length=12): print(lang + '\\t' + name)\n";
        Run run = run(List.of("python3", "-c", code, SCRIPT.getParent().toString(), dir.toString()), "");
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(200, lines.size());
        for (String line : lines) {
            String[] cells = line.split("\t", -1);
            assertEquals("fr", cells[0]);
            assertTrue(cells[1].startsWith("a") && cells[1].codePointCount(0, cells[1].length()) <= MAX_LENGTH, line);
            assertTrue(cells[1].codePoints().allMatch(cp -> VOCAB.codePoints().contains(cp)), line);
        }
    }

    /** Scores the names with both, and checks each row's problem and log-likelihood. */
    private void compare(Path dir, List<String> names, List<String> languages) throws Exception {
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            tsv.append(names.get(i) == null ? "\\N" : names.get(i));
            if (languages != null) tsv.append('\t').append(languages.get(i) == null ? "\\N" : languages.get(i));
            tsv.append('\n');
        }
        Run run = python(List.of("score", dir.toString(), "--max-length", String.valueOf(MAX_LENGTH)), tsv.toString());
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(names.size(), lines.size());
        NameScorer scorer = NameScorer.of(ModelStore.load(dir.toString(), new Configuration()), MAX_LENGTH);
        List<NameScorer.Score> expected = scorer.score(names, languages);
        int scored = 0;
        for (int i = 0; i < names.size(); i++) {
            String[] cells = lines.get(i).split("\t", -1);
            NameScorer.Score s = expected.get(i);
            String row = names.get(i) + " / " + (languages == null ? "" : languages.get(i)) + ": " + lines.get(i);
            assertEquals(s.ok() ? "" : s.problem().reason(), cells[3], row);
            if (!s.ok()) {
                assertEquals(List.of("None", "None", "None"), Arrays.asList(cells).subList(0, 3), row);
                continue;
            }
            assertEquals(s.logLikelihood(), Double.parseDouble(cells[0]), 1e-5, row);
            assertEquals(s.symbols(), Integer.parseInt(cells[1]), row);
            assertEquals(s.unknownSymbols(), Integer.parseInt(cells[2]), row);
            scored++;
        }
        assertTrue(scored > 800, scored + " of " + names.size() + " names scored");
    }

    private Run python(List<String> args, String stdin) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
        command.addAll(args);
        return run(command, stdin);
    }

    private Run run(List<String> command, String stdin) throws Exception {
        Path in = Files.writeString(tmp.resolve("stdin.tsv"), stdin, StandardCharsets.UTF_8);
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 ran over 120 s: " + command);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Random parameters with larger output weights and language biases, saved as a model directory. */
    private Path save(ModelConfig model, Languages languages, String name) {
        Params p = Params.init(model, 17, DataType.FLOAT);
        p.weight(p.layers() - 1).muli(40);
        INDArray bias = p.languageBias();
        Random r = new Random(5);
        if (bias != null)
            for (int i = 0; i < bias.rows(); i++)
                for (int j = 0; j < bias.columns(); j++) bias.putScalar(i, j, r.nextGaussian());
        Path dir = tmp.resolve(name);
        ModelStore.save(new SavedModel(model, VOCAB, languages, Map.of(), Map.of(), p.flat().toFloatVector()),
                dir.toString(), new Configuration());
        return dir;
    }

    /**
     * Names of 1 to MAX_LENGTH symbols over the vocabulary, one in twenty symbols unknown (ß, ø or Gothic hwair),
     * with one empty name, one null name and one of 13 symbols (too long) at fixed places.
     */
    static List<String> names(int n, long seed) {
        Random r = new Random(seed);
        int[] unknown = {0xDF, 0xF8, 0x10348};
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 1 + r.nextInt(MAX_LENGTH); k > 0; k--)
                sb.appendCodePoint(r.nextInt(20) == 0 ? unknown[r.nextInt(3)]
                        : VOCAB.codePoints().get(r.nextInt(VOCAB.codePoints().size())));
            names.add(sb.toString());
        }
        names.set(0, "");
        names.set(1, null);
        names.set(2, "abcdefghijklm");
        return names;
    }

    private static Vocabulary vocabulary() {
        List<Integer> cps = new ArrayList<>();
        for (int c = 'a'; c <= 'z'; c++) cps.add(c);
        cps.addAll(List.of(0xE9, 0xFC, 0x10330));
        return new Vocabulary(cps, true);
    }
}
