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

class SettingsTest {
    @TempDir Path dir;

    @Test
    void defaultsThenFileThenFlags() throws IOException {
        Path conf = Files.writeString(dir.resolve("a.conf"), "# comment\ntrain.rounds = 7\nmodel.hiddenSizes = 64, 32\n");
        Settings s = Settings.defaults().load(conf.toString(), new Configuration())
                .apply(List.of("train.rounds=9"));
        assertEquals(9, s.get("train", TrainConfig.class).rounds());
        assertEquals(List.of(64, 32), s.get("model", ModelConfig.class).hiddenSizes());
        assertEquals(TrainConfig.DEFAULTS.batchSize(), s.get("train", TrainConfig.class).batchSize());
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
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.get("train", TrainConfig.class));
        assertTrue(e.getMessage().contains("train.rounds"), e.getMessage());
        Settings neg = Settings.defaults().apply(List.of("train.rounds=0"));
        assertThrows(IllegalArgumentException.class, () -> neg.get("train", TrainConfig.class));
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
