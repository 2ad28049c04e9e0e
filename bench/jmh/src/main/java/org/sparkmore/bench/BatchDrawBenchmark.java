package org.sparkmore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sparkmore.data.NameBlock;
import org.sparkmore.model.ContextLayout;

/**
 * Gathering one minibatch of windows, the part of a training step the compact windows of issue 13 changed: a
 * {@link NameBlock} rebuilds each drawn window's context from its name's cached ids, where the blocks before it
 * copied {@code width} ints from one flat array ("ints", rebuilt here from the same block). Names-split's train names
 * (../shared/data/names-split/train.txt, 25,626 names, 182k windows), block 3, uniform draws with replacement as
 * the training loop makes them. Compare with TrainStepBenchmark's step at the same batch.
 */
@State(Scope.Thread)
public class BatchDrawBenchmark {

    @Param({"1024"})
    public int batch;

    private NameBlock block;
    private int[] flat;       // (windows, width) the contexts as the old blocks held them
    private int[] targets;    // (windows)
    private int[] contexts;   // (batch, width) the minibatch being filled
    private SplittableRandom rng;

    @Setup
    public void load() throws IOException {
        Path train = Path.of(System.getProperty("names", "../shared/data/names-split/train.txt"));
        List<String> names = Files.readAllLines(train, StandardCharsets.UTF_8);
        NameBlock.Builder b = new NameBlock.Builder(new ContextLayout(3, 27, 0), false);
        for (String name : names) {
            if (name.isBlank()) continue;
            b.add(name.strip().chars().map(c -> c - 'a' + 1).toArray(), -1);
        }
        block = b.build();
        int width = block.width();
        flat = new int[block.size() * width];
        targets = new int[block.size()];
        for (int w = 0; w < block.size(); w++) targets[w] = block.window(w, flat, w * width);
        contexts = new int[batch * width];
        rng = new SplittableRandom(7);
    }

    @Benchmark
    public int nameBlock() {
        int sum = 0;
        for (int i = 0; i < batch; i++) sum += block.window(rng.nextInt(block.size()), contexts, i * 3);
        return sum;
    }

    @Benchmark
    public int ints() {
        int sum = 0;
        for (int i = 0; i < batch; i++) {
            int w = rng.nextInt(targets.length);
            System.arraycopy(flat, w * 3, contexts, i * 3, 3);
            sum += targets[w];
        }
        return sum;
    }
}
