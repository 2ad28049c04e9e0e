package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.optim.OptimConfig;

class SettingsTest {
    @TempDir Path dir;

    @Test
    void defaultsThenFileThenFlags() throws IOException {
        Path conf = Files.writeString(dir.resolve("a.conf"),
                "# comment\ntrain.rounds = 7\nmodel.hiddenSizes = 64, 32\n");
        Settings s = Settings.defaults().load(conf.toString(), new Configuration())
                .apply(List.of("train.rounds=9"));
        RunConfig c = s.toConfig();
        assertEquals(9, c.train().rounds());
        assertEquals(List.of(64, 32), c.model().hiddenSizes());
        assertEquals(TrainConfig.DEFAULTS.batchSize(), c.train().batchSize());
        assertEquals(RunConfig.DEFAULTS, Settings.defaults().toConfig());
    }

    @Test
    void unknownKeysAreErrorsNamingTheLineAndKey() throws IOException {
        Path conf = Files.writeString(dir.resolve("b.conf"), "train.rounds = 7\ntrain.roundz = 8\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.defaults().load(conf.toString(), new Configuration()));
        assertTrue(e.getMessage().contains("b.conf:2") && e.getMessage().contains("'train.roundz'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.defaults().apply(List.of("nope=1")));
    }

    @Test
    void badValuesAreErrorsNamingTheKey() {
        Settings s = Settings.defaults().apply(List.of("train.rounds=many"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::toConfig);
        assertEquals("train.rounds must be a whole number, got 'many'", e.getMessage());
        Settings neg = Settings.defaults().apply(List.of("train.rounds=0"));
        assertThrows(IllegalArgumentException.class, neg::toConfig);
    }

    /** Modes are enums, read and written as the lower-case words config files and saved models hold. */
    @Test
    void modesAreEnumsSpeltAsConfigFilesSpellThem() {
        Settings s = Settings.defaults().apply(List.of("optim.optimizer=sgd", "train.sync=rounds"));
        assertEquals(OptimConfig.Algorithm.SGD, s.toConfig().optim().optimizer());
        assertEquals(TrainConfig.Sync.ROUNDS, s.toConfig().train().sync());
        assertEquals("adam", Settings.defaults().asMap().get("optim.optimizer"));
        assertEquals("tanh", Settings.defaults().asMap().get("model.activation"));
        String[][] bad = {{"optim.optimizer=adamm", "optim.optimizer must be one of sgd, adam, got 'adamm'"},
                {"optim.schedule=Cosine", "optim.schedule must be one of constant, step, cosine, got 'Cosine'"},
                {"train.mode=avg", "train.mode must be one of average, gradients, got 'avg'"},
                {"train.sync=", "train.sync must be one of barrier, rounds, got ''"},
                {"model.activation=relu", "model.activation must be one of tanh, got 'relu'"}};
        for (String[] b : bad) {
            Settings wrong = Settings.defaults().apply(List.of(b[0]));
            assertEquals(b[1], assertThrows(IllegalArgumentException.class, wrong::toConfig).getMessage());
        }
    }

    /** Every sparkmore config file shipped in conf/ (the demo's, the recipes) resolves: known keys, valid values. */
    @Test
    void shippedConfigFilesResolve() throws IOException {
        List<Path> files;
        try (var listing = Files.list(Path.of("conf"))) {
            files = listing.filter(f -> f.toString().endsWith(".conf"))
                    .filter(f -> !f.endsWith("spark-defaults.conf")).sorted().toList(); // Spark's own
        }
        assertTrue(files.size() >= 3, files.toString());
        for (Path f : files) {
            RunConfig c = Settings.defaults().load(f.toString(), new Configuration()).toConfig();
            assertTrue(c.train().rounds() > 0, f.toString());
        }
    }

    /** conf/sparkmore.conf documents every key with its default; it must never drift from the code. */
    @Test
    void shippedConfFileListsEveryDefault() throws IOException {
        Map<String, String> defaults = Settings.defaults().asMap();
        Settings fromFile = Settings.defaults().load("conf/sparkmore.conf", new Configuration());
        assertEquals(defaults, fromFile.asMap());
        String text = Files.readString(Path.of("conf/sparkmore.conf"));
        for (String key : defaults.keySet())
            assertTrue(text.contains("\n" + key + " = "), "conf lacks " + key);
    }
}
