package org.sparkmore.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.sparkmore.data.DataConfig;
import org.sparkmore.data.DataReport;
import org.sparkmore.data.NamesTable;
import org.sparkmore.data.TextTable;
import org.sparkmore.data.VocabularyBuilder;
import org.sparkmore.train.JobLabel;
import org.sparkmore.train.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sparkmore data inspect}: what a names table holds, per language, read and cleaned exactly as {@code train}
 * would: rows kept, dropped and cleaned, symbols, name lengths, scripts, then the vocabulary and its coverage.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print per language: rows kept, dropped (by reason) and cleaned, distinct symbols, name "
                + "lengths in code points, main scripts; then the vocabulary and its coverage per language.")
public final class InspectCommand implements Callable<Integer> {

    @Mixin CommonOptions common = new CommonOptions();
    @Mixin DataOptions data = new DataOptions();
    @Mixin DataOptions.Vocab vocab = new DataOptions.Vocab();

    @Option(names = "--scripts", paramLabel = "N", defaultValue = "3",
            description = "scripts shown per language (default: ${DEFAULT-VALUE})")
    int scripts;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new LinkedHashMap<>(data.flags());
        flags.putAll(vocab.flags());
        Settings settings = common.resolve(common.hadoop(), flags);
        DataConfig config = settings.toConfig().data(); // every section checked before Spark starts
        SparkSession session = common.start("sparkmore data inspect");
        try (JobLabel command = JobLabel.group(session, "data inspect")) {
            inspect(session, settings, config);
            return 0;
        } finally {
            session.stop();
        }
    }

    private void inspect(SparkSession session, Settings settings, DataConfig config) {
        System.out.println("config data:" + settings.asMap().entrySet().stream()
                .filter(e -> e.getKey().startsWith("data."))
                .map(e -> " " + e.getKey().substring("data.".length()) + "=" + e.getValue())
                .collect(Collectors.joining()));
        NamesTable.Loaded table = JobLabel.describe(session, "reading, cleaning and counting the names table",
                () -> NamesTable.load(session, config));
        System.out.println("data: " + table.counts().describe());
        VocabularyBuilder.Result vocabulary = JobLabel.describe(session, "vocabulary: counting symbols",
                () -> VocabularyBuilder.build(table.names(), config));
        DataReport report = JobLabel.describe(session, "name lengths and scripts per language",
                () -> DataReport.of(table, vocabulary));
        System.out.println("p50, p90, p99, max: name lengths in code points (Spark's percentile_approx, exact up to "
                + number(DataReport.ACCURACY) + " names per language)");
        table(report).lines().forEach(System.out::println);
        System.out.println("vocabulary: " + vocabulary.describe(config.minCount()));
        if (!vocabulary.byLanguage().isEmpty()) {
            System.out.println("coverage by language:");
            vocabulary.describeLanguages().forEach(System.out::println);
        }
    }

    /** One row per language, the most rows first, then all. */
    private TextTable table(DataReport report) {
        TextTable t = new TextTable().left("language").right("kept").right("dropped").right("cleaned")
                .right("symbols").right("p50").right("p90").right("p99").right("max").left("main scripts")
                .left("dropped by reason");
        report.languages().forEach(l -> row(t, l));
        row(t, report.all());
        return t;
    }

    private void row(TextTable t, DataReport.Language l) {
        String reasons = l.rows().dropped().entrySet().stream()
                .map(e -> e.getKey().replaceFirst("^input: ", "") + "=" + e.getValue())
                .collect(Collectors.joining(", "));
        t.row(l.language(), number(l.rows().kept()), number(l.rows().droppedTotal()), number(l.rows().cleanedTotal()),
                number(l.symbols().distinctSymbols()), number(l.lengths().p50()), number(l.lengths().p90()),
                number(l.lengths().p99()), number(l.lengths().max()), l.mainScripts(scripts),
                reasons.isEmpty() ? "-" : reasons);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
