package org.sparkmore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir Path tmp;
    final Configuration conf = new Configuration();

    static SavedCheckpoint checkpoint(int round) {
        float[] state = new float[2 * ModelStoreTest.PARAM_COUNT];
        for (int i = 0; i < state.length; i++) state[i] = i * 0.5f + round;
        return new SavedCheckpoint(ModelStoreTest.model(round), round, 1000L * round, state,
                Map.of("output", "models/names", "partitions", "2"));
    }

    private String dir() {
        return tmp.resolve("ckpt").toString();
    }

    @Test
    void roundTripKeepsEverythingAndReplacesThePreviousCheckpoint() throws IOException {
        CheckpointStore.save(checkpoint(4), dir(), conf);
        CheckpointStore.save(checkpoint(8), dir(), conf);
        SavedCheckpoint back = CheckpointStore.load(dir(), conf);
        assertEquals(8, back.round());
        assertEquals(8000L, back.examples());
        assertArrayEquals(checkpoint(8).optimizerState(), back.optimizerState());
        assertArrayEquals(checkpoint(8).model().params(), back.model().params());
        assertEquals(checkpoint(8).run(), back.run());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("ckpt"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(4, Files.readAllLines(tmp.resolve("ckpt/checksums.sha256")).size());
    }

    @Test
    void aModelOrNothingIsNoCheckpointAndIsNeverDeleted() {
        assertTrue(assertThrows(ModelFileException.class, () -> CheckpointStore.load(dir(), conf)).getMessage()
                .contains("no checkpoint at " + dir()));
        ModelStore.save(ModelStoreTest.model(1), dir(), conf);
        assertFalse(CheckpointStore.exists(dir(), conf));
        CheckpointStore.delete(dir(), conf);
        assertTrue(Files.exists(tmp.resolve("ckpt/model.json")));
    }

    @Test
    void aChangedOptimizerStateIsCaught() throws IOException {
        CheckpointStore.save(checkpoint(3), dir(), conf);
        Path npy = tmp.resolve("ckpt/optimizer.npy");
        byte[] bytes = Files.readAllBytes(npy);
        bytes[bytes.length - 1] ^= 1;
        Files.write(npy, bytes);
        assertEquals("optimizer.npy in " + dir() + " is changed or corrupt: its SHA-256 does not match "
                + "checksums.sha256", assertThrows(ModelFileException.class,
                () -> CheckpointStore.load(dir(), conf)).getMessage());
        CheckpointStore.delete(dir(), conf);
        assertFalse(Files.exists(tmp.resolve("ckpt")));
    }
}
