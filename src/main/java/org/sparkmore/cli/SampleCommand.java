package org.sparkmore.cli;

import java.io.BufferedOutputStream;
import java.lang.Character.UnicodeScript;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.DefaultDataset;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.ReferenceNames;
import org.sparkmore.data.SampleLabels;
import org.sparkmore.data.Scripts;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.ml.NameMlpModel;
import org.sparkmore.model.Params;
import org.sparkmore.sample.NextSymbols;
import org.sparkmore.sample.SampleConfig;
import org.sparkmore.sample.Sampler;
import org.sparkmore.train.JobLabel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkmore sample}: names from a saved model, rebuilt from its file alone, labelled as makemore does. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate names from a saved model, labelled in-train / in-dev / in-test / new.")
public final class SampleCommand implements Callable<Integer> {

    @Mixin CommonOptions common = new CommonOptions();
    @Mixin DataOptions data = new DataOptions();

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "models/default",
            description = "model directory (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = {"-n", "--count"}, description = "how many names (sample.count)") String count;
    @Option(names = {"-t", "--temperature"}, description = "0 = greedy, 1 = the model's distribution")
    String temperature;
    @Option(names = "--top-k", description = "keep the k most likely symbols; 0 = all") String topK;
    @Option(names = "--top-p", description = "nucleus sampling mass; 1 = all") String topP;
    @Option(names = "--prefix", description = "continue names starting with this text") String prefix;
    @Option(names = "--max-length", description = "longest name in symbols") String maxLength;
    @Option(names = "--seed", description = "seed of the draws") String seed;
    @Option(names = "--language", paramLabel = "CODE",
            description = "names in this language (a language-conditioned model); default: each name's language "
                    + "drawn from the training mix (sample.language)")
    String language;
    @Option(names = "--show-distribution", paramLabel = "PREFIX",
            description = "print the next-symbol probabilities after PREFIX at T = 0.5, 1 and 2, and exit")
    String showDistribution;
    @Option(names = "--no-label", description = "skip labelling, which reads the training table with Spark")
    boolean noLabel;
    @Option(names = "--script-only", description = "no letter outside each name's language's writing system: a "
            + "per-language symbol mask, which changes what is drawn, not the model (sample.scriptOnly)")
    boolean scriptOnly;
    @Option(names = "--output", paramLabel = "PATH", description = "generate on the executors and write the names "
            + "as a table of (name, language, logLikelihood) here instead of printing them (local, hdfs://, s3a://)")
    String output;
    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "parquet",
            description = "the --output table's format: parquet, csv, json, orc... (default: ${DEFAULT-VALUE})")
    String outputFormat;
    @Option(names = "--partitions", paramLabel = "N", description = "with --output: tasks that share the names, "
            + "each drawing from its own seeded stream; the same seed and N give the same table (default: Spark's "
            + "default parallelism)")
    Integer partitions;

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = common.hadoop();
        SampleConfig config = common.resolve(hadoop, flags()).toConfig().sample(); // every section, before the model
        SavedModel saved = ModelStore.load(model, hadoop);
        Params params = Params.wrap(saved.model(), Nd4j.createFromArray(saved.params()));
        Sampler sampler = new Sampler(saved.model(), saved.vocabulary(), saved.languages(), params);
        if (showDistribution != null) {
            printDistribution(sampler, showDistribution, language == null ? "" : language);
            return 0;
        }
        if (config.scriptOnly() && (output != null || noLabel))
            throw new IllegalArgumentException("sample.scriptOnly (--script-only) learns each language's writing "
                    + "system from the training table, which --output and --no-label do not read: drop one of them");
        if (output != null) return write(saved, config);
        if (noLabel) {
            // Streamed a chunk at a time: a million names never sit in memory at once
            PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false,
                    StandardCharsets.UTF_8);
            sampler.draw(config, n -> out.println(n.name() + (n.language().isEmpty() ? "" : "\t" + n.language())));
            out.flush();
            return 0;
        }
        DataConfig source = data.forModel(saved);
        if (source.embedded()) DefaultDataset.prefetch(); // parsed while Spark starts, as train does
        SparkSession session = common.start("sparkmore sample");
        try (JobLabel command = JobLabel.group(session, "sample")) {
            NamesTable.Loaded table = JobLabel.describe(session, "reading, cleaning and counting the names table",
                    () -> NamesTable.load(session, source));
            ReferenceNames references = ReferenceNames.of(session, table);
            Map<String, Set<UnicodeScript>> systems = writingSystems(session, references, sampler);
            Sampler drawing = config.scriptOnly() && systems != null ? sampler.scriptOnly(systems) : sampler;
            printLabelled(session, references, drawing.draw(config), systems, drawing.masked());
            return 0;
        } finally {
            session.stop();
        }
    }

    /** Generates on the executors with {@link NameMlpModel#generate} and writes the table; only counts come back. */
    private int write(SavedModel saved, SampleConfig c) {
        SparkSession session = common.start("sparkmore sample");
        try (JobLabel command = JobLabel.group(session, "sample");
             JobLabel label = JobLabel.describe(session, "generating " + c.count() + " names to " + output)) {
            int parts = partitions != null ? partitions : session.sparkContext().defaultParallelism();
            long start = System.nanoTime();
            new NameMlpModel("sample", saved).generate(c.count(), c, parts)
                    .write().mode("errorifexists").format(outputFormat).option("header", "true").save(output);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "wrote %,d names in %d partitions to %s in %.1f s (%,.0f names/s)%n",
                    c.count(), parts, output, seconds, c.count() / seconds);
            return 0;
        } finally {
            session.stop();
        }
    }

    /**
     * Samples and prints labelled names; used by train after it finishes. A conditioned model shows a few of its
     * largest languages, count / 4 names each.
     */
    static void print(SparkSession session, ReferenceNames references, Sampler sampler, SampleConfig config,
                      int count) {
        Map<String, Set<UnicodeScript>> systems = config.scriptOnly() ? writingSystems(session, references, sampler)
                : null;
        Sampler drawing = systems != null ? sampler.scriptOnly(systems) : sampler;
        List<Sampler.Sample> names = new java.util.ArrayList<>();
        if (sampler.languages().none() || !config.language().isEmpty())
            names.addAll(drawing.draw(config.with(count, config.language())));
        else for (String l : sampler.languages().largest(4))
            names.addAll(drawing.draw(config.with(Math.max(1, count / 4), l)));
        printLabelled(session, references, names, systems, drawing.masked());
    }

    /** Each language's writing system, for a conditioned model's names; null for a plain model. */
    private static Map<String, Set<UnicodeScript>> writingSystems(SparkSession session, ReferenceNames references,
                                                                  Sampler sampler) {
        if (sampler.languages().none()) return null;
        return JobLabel.describe(session, "writing systems: counting each language's letters by script",
                references::writingSystems);
    }

    /**
     * Prints the names with their labels and, given the writing systems, how many are written in their
     * language's: the script purity {@code evaluate --report} measures.
     */
    private static void printLabelled(SparkSession session, ReferenceNames references, List<Sampler.Sample> samples,
                                      Map<String, Set<UnicodeScript>> systems, boolean masked) {
        List<String> names = samples.stream().map(Sampler.Sample::name).toList();
        Map<String, String> labels = JobLabel.describe(session, "labelling samples: in train, dev, test or new",
                () -> references.labels(names));
        int width = names.stream().mapToInt(n -> n.codePointCount(0, n.length())).max().orElse(0);
        System.out.println(masked ? "samples (sample.scriptOnly: each language's letters outside its writing system "
                + "masked, which changes what is drawn, not the model):" : "samples:");
        for (Sampler.Sample s : samples)
            System.out.println("  " + (s.language().isEmpty() ? "" : s.language() + "  ") + s.name()
                    + " ".repeat(width - s.name().codePointCount(0, s.name().length()) + 2) + labels.get(s.name()));
        long fresh = names.stream().filter(n -> labels.get(n).equals(SampleLabels.NEW)).count();
        System.out.printf(Locale.ROOT, "%d of %d samples are new%n", fresh, names.size());
        if (systems == null) return;
        long pure = samples.stream()
                .filter(n -> Scripts.isPure(n.name(), systems.getOrDefault(n.language(), Set.of()))).count();
        System.out.printf(Locale.ROOT, "purity: %d of %d samples written in their language's writing system%s%n",
                pure, samples.size(), masked ? " (masked)" : "");
    }

    private static void printDistribution(Sampler sampler, String prefix, String language) {
        NextSymbols next = NextSymbols.of(sampler, prefix, language, 30);
        System.out.printf(Locale.ROOT, "next symbol after '%s'%n%-8s %8s %8s %8s%n",
                prefix, "symbol", "T=0.5", "T=1", "T=2");
        double[][] p = next.probabilities();
        for (int k = 0; k < next.symbols().size(); k++)
            System.out.printf(Locale.ROOT, "%-8s %8.4f %8.4f %8.4f%n", next.symbols().get(k), p[0][k], p[1][k],
                    p[2][k]);
    }

    private Map<String, String> flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("sample.count", count);
        f.put("sample.temperature", temperature);
        f.put("sample.topK", topK);
        f.put("sample.topP", topP);
        f.put("sample.prefix", prefix);
        f.put("sample.maxLength", maxLength);
        f.put("sample.seed", seed);
        f.put("sample.language", language);
        f.put("sample.scriptOnly", scriptOnly ? "true" : null);
        return f;
    }
}
