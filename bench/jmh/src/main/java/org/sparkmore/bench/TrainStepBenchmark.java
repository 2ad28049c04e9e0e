package org.sparkmore.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sparkmore.model.ContextLayout;
import org.sparkmore.model.Mlp;
import org.sparkmore.model.ModelConfig.Activation;
import org.sparkmore.model.ModelConfig;
import org.sparkmore.model.Params;
import org.sparkmore.optim.OptimConfig.Algorithm;
import org.sparkmore.optim.OptimConfig.Schedule;
import org.sparkmore.optim.OptimConfig;
import org.sparkmore.optim.Optimizer;

/**
 * One training step of the Bengio et al. (2003) MLP on a single thread: {@link Mlp#lossAndGradient} followed by an
 * Adam (Kingma and Ba, 2015) step over the flat parameter vector, in float as in training. Throughput is steps per
 * second; multiply by the batch size for examples per second (bench/jmh.sh prints both).
 *
 * <p>The model is named "vocab/block/embedding/[hidden,...]", with "/languages" for a language-conditioned model
 * and "/languages+bias" for one with per-language output biases too (model.languageBias). The batches are random
 * symbols drawn once from a fixed seed and cycled, so every run sees the same data and the step cannot specialise
 * to a single batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrainStepBenchmark {

    private static final int BATCHES = 8;

    @Param({"27/3/10/[200]", "27/5/24/[512]"})
    public String model;

    @Param({"32", "256", "1024"})
    public int batch;

    private Mlp mlp;
    private Params params;
    private Params grad;
    private INDArray state;
    private Optimizer adam;
    private int[][] contexts;
    private int[][] targets;
    private long step;

    @Setup
    public void setUp() {
        // One OpenMP and one BLAS thread, as Spark tasks run; OMP_NUM_THREADS/OPENBLAS_NUM_THREADS come from
        // bench/jmh.sh.
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        ModelConfig config = parse(model);
        params = Params.init(config, 1, DataType.FLOAT);
        grad = Params.zeros(config, DataType.FLOAT);
        mlp = new Mlp(config, DataType.FLOAT);
        // Constant, small rate: thousands of steps on random data must not drive the tanh units into saturation.
        OptimConfig optim = new OptimConfig(Algorithm.ADAM, 1e-3, 0, 0.9, 0.999, 1e-8, 0, 0, Schedule.CONSTANT, 0,
                1, 1, 1);
        adam = Optimizer.create(optim, Long.MAX_VALUE);
        state = Nd4j.create(DataType.FLOAT, adam.stateSize(Params.count(config)));
        Random rng = new Random(42);
        contexts = new int[BATCHES][];
        targets = new int[BATCHES][];
        for (int i = 0; i < BATCHES; i++) {
            contexts[i] = rng.ints((long) batch * config.contextWidth(), 0, config.vocabSize()).toArray();
            ContextLayout layout = config.layout();
            for (int b = 0; layout.conditioned() && b < batch; b++) // each window ends in its language's row
                contexts[i][b * layout.width() + layout.languageSlot()] = layout.languageRow(
                        rng.nextInt(config.languages()));
            targets[i] = rng.ints(batch, 0, config.vocabSize()).toArray();
        }
        step = 0;
    }

    @Benchmark
    public double trainStep() {
        int i = (int) (step % BATCHES);
        double loss = mlp.lossAndGradient(params, contexts[i], targets[i], batch, grad);
        adam.step(params.flat(), grad.flat(), state, step++);
        return loss;
    }

    /** "27/3/10/[200]" -> vocab 27, block 3, embedding 10, hidden [200]; "3084/3/10/[200]/136+bias" adds languages. */
    static ModelConfig parse(String spec) {
        String[] parts = spec.split("/", 5);
        String hidden = parts[3].replaceAll("[\\[\\]\\s]", "");
        List<Integer> sizes = java.util.Arrays.stream(hidden.split(",")).map(Integer::valueOf).toList();
        String languages = parts.length > 4 ? parts[4] : "0";
        int count = Integer.parseInt(languages.replace("+bias", ""));
        return new ModelConfig(Integer.parseInt(parts[0]), count, Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]), sizes, Activation.TANH, count > 0, languages.endsWith("+bias"));
    }
}
