package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curves.json: kept with the model inside its atomic save, optional on load, checked like the model's files. */
class LossCurvesStoreTest {
    @TempDir Path tmp;
    final Configuration conf = new Configuration();

    static final LossCurves CURVES = new LossCurves(
            List.of(new LossCurves.Point(1, 3.3), new LossCurves.Point(2, 2.9), new LossCurves.Point(3, 2.5)),
            List.of(new LossCurves.Point(2, 3.0), new LossCurves.Point(3, 2.6)));

    private String save(LossCurves curves) {
        String dir = tmp.resolve("model").toString();
        ModelStore.save(ModelStoreTest.model(1), Map.of(ModelStore.CURVES, ModelStore.curvesJson(curves)), dir, conf);
        return dir;
    }

    @Test
    void curvesComeBackAsSavedAndAreListedInTheChecksums() throws Exception {
        String dir = save(CURVES);
        assertEquals(Optional.of(CURVES), ModelStore.curves(dir, conf));
        assertTrue(Files.readString(Path.of(dir, ModelStore.CHECKSUMS)).contains(ModelStore.CURVES));
        ModelStore.load(dir, conf); // the model itself is unchanged
    }

    @Test
    void aModelSavedWithoutCurvesLoadsAndHasNone() {
        String dir = tmp.resolve("old").toString();
        ModelStore.save(ModelStoreTest.model(1), dir, conf);
        ModelStore.load(dir, conf);
        assertEquals(Optional.empty(), ModelStore.curves(dir, conf));
    }

    @Test
    void anEditedOrImpossibleCurvesFileIsRefusedWithItsName() throws Exception {
        String dir = save(CURVES);
        Path file = Path.of(dir, ModelStore.CURVES);
        Files.writeString(file, Files.readString(file).replace("3.3", "1.3"));
        ModelFileException edited = assertThrows(ModelFileException.class, () -> ModelStore.curves(dir, conf));
        assertTrue(edited.getMessage().contains(ModelStore.CURVES), edited.getMessage());

        String bad = save(new LossCurves(List.of(new LossCurves.Point(0, 2.0)), List.of()));
        ModelFileException round = assertThrows(ModelFileException.class, () -> ModelStore.curves(bad, conf));
        assertTrue(round.getMessage().contains("impossible point: round 0"), round.getMessage());

        String garbled = tmp.resolve("garbled").toString();
        ModelStore.save(ModelStoreTest.model(1), Map.of(ModelStore.CURVES,
                "{\"train\":[{\"round\":1}],\"dev\":7}".getBytes(StandardCharsets.UTF_8)), garbled, conf);
        ModelFileException malformed = assertThrows(ModelFileException.class, () -> ModelStore.curves(garbled, conf));
        assertTrue(malformed.getMessage().contains("curves.json in " + garbled + " is malformed"),
                malformed.getMessage());
    }
}
