package org.sparkmore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.sparkmore.io.Npy;

/**
 * What a finished training run left: the parameters it saved and the final losses it printed, as printed.
 *
 * @param params the one params.npy under the run's output directory
 * @param train  the {@code done:} line's train loss
 * @param dev    its dev loss
 * @param test   its test loss
 */
record TrainedModel(float[] params, String train, String dev, String test) {

    private static final Pattern LOSSES = Pattern.compile("done: train (\\S+) \\| dev (\\S+) \\| test (\\S+)");

    /**
     * Reads the model saved under {@code model} and the losses in {@code out}; fails, showing it, where it has none.
     */
    static TrainedModel of(Path model, String out) throws IOException {
        Matcher m = LOSSES.matcher(out);
        assertTrue(m.find(), "no done: line in\n" + out);
        List<Path> found;
        try (Stream<Path> files = Files.walk(model)) {
            found = files.filter(f -> f.getFileName().toString().equals("params.npy")).collect(Collectors.toList());
        }
        assertEquals(1, found.size(), "params.npy files under " + model + ": " + found);
        try (InputStream in = Files.newInputStream(found.get(0))) {
            return new TrainedModel(Npy.readFloats(in, found.get(0).toString()), m.group(1), m.group(2), m.group(3));
        }
    }

    String losses() {
        return "train " + train + ", dev " + dev + ", test " + test;
    }
}
