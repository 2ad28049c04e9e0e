package org.sparkmore.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkmore.data.NamesTable;
import org.sparkmore.io.LossCurves;
import org.sparkmore.io.ModelStore;
import org.sparkmore.io.SavedModel;
import org.sparkmore.model.Params;
import org.sparkmore.report.LanguageRow;
import org.sparkmore.report.ModelReport;
import org.sparkmore.sample.SampleConfig;
import org.sparkmore.sample.Sampler;
import org.sparkmore.train.JobLabel;
import org.sparkmore.train.LanguageEvaluation;
import org.sparkmore.train.Trainer;
import org.sparkmore.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sparkmore report}: a saved model's pictures and the HTML page that shows them ({@link ModelReport}). Drawn
 * from the model directory alone, without Spark, except for a language-conditioned model, whose per-language table
 * is measured on its table as {@code evaluate} measures it: the per-language dev losses need the data, which
 * training does not keep.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Draw a saved model's loss curves, embedding maps and next-symbol probabilities as PNGs, and "
                + "one HTML page that shows them (report.html).")
public final class ReportCommand implements Callable<Integer> {

    /** Names generated per language for novelty and purity: evaluate's default. */
    static final int SAMPLES = 100;

    @Mixin CommonOptions common = new CommonOptions();
    @Mixin DataOptions data = new DataOptions();

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "models/default",
            description = "model directory or registry (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--output", paramLabel = "DIR", defaultValue = "report",
            description = "where the PNGs and report.html go; local, hdfs:// or s3a:// (default: ${DEFAULT-VALUE})")
    String output;
    @Option(names = "--prefix", description = "the next-symbol bars' prefix (default: \"abi\" when the vocabulary "
            + "has those letters, else the model's most likely start)")
    String prefix;
    @Option(names = "--language", paramLabel = "CODE",
            description = "a conditioned model's language for the next-symbol bars (default: its most common)")
    String language;
    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + SAMPLES,
            description = "a conditioned model: names generated per language for novelty and purity "
                    + "(default: ${DEFAULT-VALUE})")
    int samples;

    @Override
    public Integer call() throws Exception {
        Configuration hadoop = common.hadoop();
        SampleConfig sample = common.resolve(hadoop, Map.of()).toConfig().sample(); // for the generated names
        SavedModel saved = ModelStore.load(model, hadoop);
        Optional<LossCurves> curves = ModelStore.curves(model, hadoop);
        checkOutput(output, hadoop);
        if (!saved.model().conditioned()) {
            write(new ModelReport.Input(model, saved, curves, List.of(), prefix, language), output, hadoop);
            return 0;
        }
        SparkSession session = common.start("sparkmore report");
        try (JobLabel command = JobLabel.group(session, "report")) {
            NamesTable.Loaded names = JobLabel.describe(session, "reading, cleaning and counting the names table",
                    () -> NamesTable.load(session, data.forModel(saved)));
            TrainingData dev = TrainingData.of(names.names(), NamesTable.DEV, saved.vocabulary(), saved.languages(),
                    saved.model(), session.sparkContext().defaultParallelism());
            List<LanguageRow> rows = languageRows(session, saved, names.names(), dev, sample, samples);
            dev.release();
            write(new ModelReport.Input(model, saved, curves, rows, prefix, language), output, hadoop);
            return 0;
        } finally {
            session.stop();
        }
    }

    /** Refuses, before any work, an output that is an existing file. */
    static void checkOutput(String dir, Configuration hadoop) throws IOException {
        Path path = new Path(dir);
        FileSystem fs = path.getFileSystem(hadoop);
        if (fs.exists(path) && !fs.getFileStatus(path).isDirectory())
            throw new IllegalArgumentException("the report's output " + dir + " is a file; give a directory");
    }

    /** A conditioned model's figures per language, measured as evaluate measures them, on the cached dev windows. */
    static List<LanguageRow> languageRows(SparkSession session, SavedModel saved, Dataset<Row> names,
                                          TrainingData dev, SampleConfig sample, int samples) {
        double[] devSums = JobLabel.describe(session, "report: dev loss per language", () -> Trainer.lossSums(
                session, saved.model(), dev, saved.params(), saved.languages().size()));
        Sampler sampler = new Sampler(saved.model(), saved.vocabulary(), saved.languages(),
                Params.wrap(saved.model(), Nd4j.createFromArray(saved.params())));
        LanguageEvaluation e = JobLabel.describe(session, "report: labelling generated names (novelty)",
                () -> LanguageEvaluation.of(session, devSums, saved.languages(), names, sampler, sample, samples));
        return e.rows().stream().map(r -> new LanguageRow(r.language(), r.devWindows(), r.devLoss(), r.samples(),
                r.novelty(), r.purity(), r.writingSystem())).toList();
    }

    /** Draws the report and writes its files into dir, replacing files of the same names. */
    static void write(ModelReport.Input in, String dir, Configuration hadoop) throws IOException {
        ModelReport.Output out = ModelReport.draw(in);
        for (String note : out.notes()) System.out.println("report: " + note);
        Path path = new Path(dir);
        FileSystem fs = ModelStore.fileSystem(path, hadoop); // no .crc side files beside the pictures
        if (!fs.mkdirs(path)) throw new IOException("cannot create " + dir);
        for (Map.Entry<String, byte[]> f : out.files().entrySet())
            try (java.io.OutputStream o = fs.create(new Path(path, f.getKey()), true)) {
                o.write(f.getValue());
            }
        System.out.println("report: " + out.files().size() + " files in " + dir + "; open "
                + new Path(path, ModelReport.PAGE));
    }
}
