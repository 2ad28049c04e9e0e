package org.sparkmore.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sparkmore.data.DataConfig;
import org.sparkmore.io.SavedModel;
import org.sparkmore.train.Settings;
import picocli.CommandLine.Option;

/**
 * Flags that say where the names table is; each is a shorthand for a data.* config key. {@link Vocab} adds the
 * vocabulary flags for the commands that build one.
 */
final class DataOptions {

    @Option(names = "--input", paramLabel = "PATH",
            description = "names table: file, directory or URI (default: the embedded Datafaker names)")
    String input;
    @Option(names = "--table", paramLabel = "NAME",
            description = "a table in Spark's catalog, e.g. db.names, instead of --input (data.table)")
    String table;
    @Option(names = "--format", description = "auto, text, csv, parquet, json, or any Spark data source on the "
            + "classpath, e.g. orc (data.format)")
    String format;
    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "an option for Spark's reader, e.g. sep=; "
            + "(repeatable; overrides sparkmore's csv header=true and multiLine=true, and --encoding; data.options)")
    List<String> options;
    @Option(names = "--encoding", paramLabel = "CHARSET", description = "charset of text, csv and json files, e.g. "
            + "ISO-8859-1 or windows-1252; rows that do not decode are dropped and counted (default UTF-8; "
            + "data.encoding)")
    String encoding;
    @Option(names = "--name-column", paramLabel = "COL", description = "column with the names (data.nameColumn)")
    String nameColumn;
    @Option(names = "--language-column", paramLabel = "COL",
            description = "column with a language code (data.languageColumn)")
    String languageColumn;
    @Option(names = "--main-script-only", description = "drop names not written in their language's writing system, "
            + "e.g. romanised entries (data.mainScriptOnly)")
    Boolean mainScriptOnly;
    @Option(names = "--train", paramLabel = "PATH", description = "explicit training table (with --dev and --test)")
    String train;
    @Option(names = "--dev", paramLabel = "PATH", description = "explicit dev table") String dev;
    @Option(names = "--test", paramLabel = "PATH", description = "explicit test table") String test;

    /** The keys that say where the names are: flags that name a table replace all of the model's. */
    private static final Set<String> SOURCE = Set.of("data.input", "data.table", "data.train", "data.dev", "data.test");

    /**
     * The data config a saved model was trained with, with these flags on top: where evaluate and sample look. A
     * table named by flags replaces the model's, however the model's was given (--table after --input, say).
     */
    DataConfig forModel(SavedModel saved) {
        Settings settings = Settings.defaults();
        Map<String, String> flags = flags();
        boolean newSource = SOURCE.stream().anyMatch(k -> flags.get(k) != null);
        saved.config().forEach((k, v) -> {
            if (k.startsWith("data.") && !(newSource && SOURCE.contains(k))) settings.set(k, String.valueOf(v));
        });
        flags.forEach((k, v) -> {
            if (v != null) settings.set(k, v);
        });
        return settings.toConfig().data();
    }

    Map<String, String> flags() {
        Map<String, String> f = source(input, table, format, options, encoding, nameColumn, languageColumn);
        f.put("data.mainScriptOnly", mainScriptOnly == null ? null : mainScriptOnly.toString());
        f.put("data.train", train);
        f.put("data.dev", dev);
        f.put("data.test", test);
        return f;
    }

    /** The keys that name the table and its columns, as both sets of source flags give them. */
    private static Map<String, String> source(String input, String table, String format, List<String> options,
                                              String encoding, String nameColumn, String languageColumn) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("data.input", input);
        f.put("data.table", table);
        f.put("data.format", format);
        f.put("data.options", options == null ? null : joined(options));
        f.put("data.encoding", encoding);
        f.put("data.nameColumn", nameColumn);
        f.put("data.languageColumn", languageColumn);
        return f;
    }

    /** The --option pairs as data.options, which separates pairs with commas: so no value can hold one. */
    private static String joined(List<String> pairs) {
        for (String pair : pairs)
            if (pair.contains(","))
                throw new IllegalArgumentException("--option takes one KEY=VALUE pair whose value holds no comma "
                        + "(data.options separates pairs with commas), got '" + pair + "'");
        return String.join(",", pairs);
    }

    /**
     * The table a command reads whole, with its other columns, rather than as names to train on: score's input.
     * Its format flag is --input-format, since score's --format names its output's.
     */
    static final class Source {
        @Option(names = "--input", paramLabel = "PATH", description = "the table: file, directory or URI")
        String input;
        @Option(names = "--table", paramLabel = "NAME", description = "a table in Spark's catalog instead of --input")
        String table;
        @Option(names = "--input-format", paramLabel = "FORMAT", description = "auto, text, csv, parquet, json, or "
                + "any Spark data source on the classpath, e.g. orc (data.format)")
        String format;
        @Option(names = "--option", paramLabel = "KEY=VALUE", description = "an option for Spark's reader "
                + "(repeatable; data.options)")
        List<String> options;
        @Option(names = "--encoding", paramLabel = "CHARSET",
                description = "charset of a text, csv or json table (default UTF-8; data.encoding)")
        String encoding;
        @Option(names = "--name-column", paramLabel = "COL", description = "column with the names (data.nameColumn)")
        String nameColumn;
        @Option(names = "--language-column", paramLabel = "COL",
                description = "column with language codes, for a language-conditioned model (data.languageColumn)")
        String languageColumn;

        Map<String, String> flags() {
            return source(input, table, format, options, encoding, nameColumn, languageColumn);
        }
    }

    /** Flags that shape the vocabulary: for the commands that build one, not those that read it from a model. */
    static final class Vocab {
        @Option(names = "--min-count", paramLabel = "N",
                description = "rarer code points map to the unknown-symbol token (data.minCount)")
        String minCount;
        @Option(names = "--max-vocab", paramLabel = "N",
                description = "keep at most N code points, the most frequent; 0 = no cap (data.maxVocab)")
        String maxVocab;

        Map<String, String> flags() {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("data.minCount", minCount);
            f.put("data.maxVocab", maxVocab);
            return f;
        }
    }
}
