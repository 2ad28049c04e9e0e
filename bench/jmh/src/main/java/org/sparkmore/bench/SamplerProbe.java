package org.sparkmore.bench;

import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.Params;
import org.sparkmore.sample.SampleConfig;
import org.sparkmore.sample.Sampler;

/**
 * Driver-side sampling speed on one thread, JVM start-up and JIT warm-up excluded: loads a model directory, draws
 * WARMUP names untimed, then N names timed (SampleConfig.DEFAULTS otherwise: temperature 1, no cut, maxLength 50).
 * "stream" hands each name to a sink that keeps only counts (memory bounded by the sampler's chunk), "list" collects
 * {@code sample(config)}, the API the sampler had before streaming, so the same probe also times older builds.
 *
 * <p>Usage: {@code java -cp bench/jmh/target/benchmarks.jar org.sparkmore.bench.SamplerProbe MODEL_DIR N
 * [stream|list] [WARMUP]}; prints one line {@code sampler jvm n=N names/s=... mean_len=... nll_per_symbol=...}.
 */
public final class SamplerProbe {

    private SamplerProbe() {
    }

    public static void main(String[] args) {
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        String dir = args[0];
        int n = Integer.parseInt(args[1]);
        boolean stream = args.length < 3 || args[2].equals("stream");
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        SavedModel m = ModelStore.load(dir, new Configuration());
        Params p = Params.wrap(m.model(), Nd4j.createFromArray(m.params()));
        Sampler sampler = new Sampler(m.model(), m.vocabulary(), m.languages(), p);
        SampleConfig c = SampleConfig.DEFAULTS;
        if (warmup > 0) run(sampler, c.with(warmup, ""), stream);
        long start = System.nanoTime();
        double[] totals = run(sampler, new SampleConfig(n, c.temperature(), c.topK(), c.topP(), c.prefix(),
                c.maxLength(), 42L, ""), stream);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "sampler jvm mode=%s n=%d seconds=%.3f names/s=%.0f mean_len=%.3f"
                        + " nll_per_symbol=%.4f%n", stream ? "stream" : "list", n, seconds, n / seconds,
                totals[0] / n, stream ? -totals[1] / (totals[0] + n) : Double.NaN);
    }

    /** [code points drawn, sum of log-likelihoods (stream only)] */
    private static double[] run(Sampler sampler, SampleConfig c, boolean stream) {
        double[] totals = new double[2];
        if (stream) sampler.draw(c, s -> {
            totals[0] += s.name().length();
            totals[1] += s.logLikelihood();
        });
        else {
            List<String> names = sampler.sample(c);
            for (String name : names) totals[0] += name.length();
        }
        return totals;
    }
}
