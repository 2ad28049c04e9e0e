package org.sparkmore.data;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the names come from and how they are cleaned, counted and split.
 *
 * @param input          names table (file, directory or URI); empty, with no table either, means the embedded
 *                       Datafaker dataset
 * @param table          a table in Spark's catalog ({@code db.names}, or a temporary view), read with
 *                       {@code spark.table}: instead of input, never with it or an explicit split; empty for none
 * @param format         text, csv, parquet, json or any other Spark data source on the classpath (orc, avro, ...);
 *                       "auto" picks from the file extension; a catalog table has its own
 * @param options        options for Spark's reader, {@code k=v} pairs separated by commas (so a value holds no
 *                       comma); they override sparkmore's own (csv header=true and multiLine=true, csv and json
 *                       encoding=data.encoding); empty for none
 * @param encoding       the charset text, csv and json files are written in (Java's name or alias: UTF-8,
 *                       ISO-8859-1, windows-1252, ...); rows with bytes that do not decode in it are dropped and
 *                       counted, never kept with U+FFFD. Parquet and ORC strings are UTF-8 by their spec, and a
 *                       catalog table decodes its own, so for those anything but UTF-8 is an error
 * @param nameColumn     column holding the name (every format but text, which has one column)
 * @param languageColumn optional column holding a language code, trimmed, case kept; rows without one are dropped;
 *                       empty for none
 * @param train          explicit training table; when set, dev and test must be set too and input is ignored
 * @param dev            explicit dev table
 * @param test           explicit test table
 * @param lowercase      lower-case names with their language's case mapping (Turkish and Azerbaijani I → ı and
 *                       İ → i), Locale.ROOT without one, and İ → i everywhere (see {@link NameCleaner}); scripts
 *                       without case are unchanged
 * @param maxLength      names longer than this many code points are dropped
 * @param mainScriptOnly drop (and count) names not written in their language's writing system: the script of most
 *                       of the language's letters, Japanese and Korean as in {@link Scripts}; needs languages
 * @param minCount       code points seen fewer times than this map to the unknown-symbol token
 * @param maxVocab       the most code points kept, the most frequent first (ties to the lower code point); the rest
 *                       map to the unknown-symbol token; 0 = no cap. The boundary and unknown tokens come on top
 * @param devPercent     share of names, by hash, that go to dev
 * @param testPercent    share of names, by hash, that go to test
 * @param splitSeed      seed of the name hash that assigns splits
 * @param driverMaxNames a table of at most this many kept names is collected to the driver once, which derives
 *                       its vocabulary, languages and windows ({@link SmallTable}: the same results, no further
 *                       Spark job), and the embedded names, when no more, are also cleaned and split there
 *                       ({@link DriverCleaning}); a larger one is prepared by Spark jobs; 0 = always Spark
 */
public record DataConfig(String input, String table, String format, String options, String encoding,
                         String nameColumn, String languageColumn, String train, String dev, String test,
                         boolean lowercase, int maxLength, boolean mainScriptOnly, int minCount, int maxVocab,
                         int devPercent, int testPercent, long splitSeed, int driverMaxNames) {

    /** The input of a model trained on a DataFrame by the Spark ML estimator: no path names its table. */
    public static final String DATAFRAME = "<DataFrame>";

    public static final DataConfig DEFAULTS = new DataConfig(
            "",       // the embedded Datafaker dataset, so a fresh clone trains with no download
            "",       // no catalog table: most users have files, and a catalog needs a configured metastore
            "auto",   // names.txt -> text, x.csv -> csv, x.parquet -> parquet, x.json -> json, x.orc -> orc
            "",       // Spark's reader defaults, plus sparkmore's csv header=true and multiLine=true
            "UTF-8",  // what Spark, Python and most exports write; a Latin-1 or Windows file is dropped row by row,
                      // each with "not valid UTF-8 (set data.encoding)", until data.encoding names its charset
            "name",   // the usual column name in csv/parquet/json name tables
            "",       // no language column
            "", "", "",  // no explicit split: split by hash
            true,     // makemore's names are lower case; caseless scripts are unaffected
            50,       // longer than any real given name; guards against junk rows
            false,    // keep romanised entries; a user who wants native-script names only turns this on
            5,        // rarer symbols are mostly noise (digits, emoji) and would get untrained rows
            0,        // no cap: minCount already bounds the vocabulary by the data. On the 599k-row multiscript table
                      // it keeps 3,111 of 6,268 code points (99.85% coverage); a cap of 2,000 shrinks the output
                      // layer by a third but drops zh to 96.9% and ko to 97.1% coverage, so it is opt-in
            10,       // makemore's 80/10/10 split
            10,
            42L,      // any fixed value; changing it reshuffles the splits
            100_000); // a few MB on the driver, where the embedded 33k names need no Spark job before training;
                      // on Spark their preparation ran 19, each costing 0.1-2.5 s however small its input

    public DataConfig {
        if (maxLength < 1) throw new IllegalArgumentException("data.maxLength must be >= 1, got " + maxLength);
        if (minCount < 1) throw new IllegalArgumentException("data.minCount must be >= 1, got " + minCount);
        if (driverMaxNames < 0)
            throw new IllegalArgumentException("data.driverMaxNames must be >= 0 (0 = always Spark), got "
                    + driverMaxNames);
        if (maxVocab < 0)
            throw new IllegalArgumentException("data.maxVocab must be >= 0 (0 = no cap), got " + maxVocab);
        if (devPercent < 0 || testPercent < 0 || devPercent + testPercent >= 100)
            throw new IllegalArgumentException("data.devPercent + data.testPercent must be in [0, 100), got "
                    + devPercent + " + " + testPercent);
        if (mainScriptOnly && languageColumn.isEmpty() && !(input.isEmpty() && table.isEmpty() && train.isEmpty()))
            throw new IllegalArgumentException("data.mainScriptOnly needs a language column (--language-column)");
        boolean anyExplicit = !train.isEmpty() || !dev.isEmpty() || !test.isEmpty();
        if (anyExplicit && (train.isEmpty() || dev.isEmpty() || test.isEmpty()))
            throw new IllegalArgumentException("an explicit split needs all of --train, --dev and --test");
        if (!table.isEmpty() && !input.isEmpty())
            throw new IllegalArgumentException("give the names as a file (--input, data.input = '" + input
                    + "') or as a catalog table (--table, data.table = '" + table + "'), not both");
        if (!table.isEmpty() && anyExplicit)
            throw new IllegalArgumentException("a catalog table (--table, data.table = '" + table
                    + "') is split by hash; it cannot be combined with --train, --dev and --test");
        readerOptions(options);
        charset(encoding);
    }

    /** The charset of text, csv and json files: data.encoding. */
    public Charset charset() {
        return charset(encoding);
    }

    /** Whether data.encoding is UTF-8 (under any of its names), what Spark's readers assume. */
    public boolean utf8() {
        return charset().equals(StandardCharsets.UTF_8);
    }

    private static Charset charset(String encoding) {
        try {
            if (Charset.isSupported(encoding)) return Charset.forName(encoding);
        } catch (IllegalCharsetNameException e) {
            // the same answer as an unknown name: the message below says what a valid one looks like
        }
        throw new IllegalArgumentException("data.encoding (--encoding) '" + encoding + "' is not a charset this "
                + "Java knows; use a name such as UTF-8, ISO-8859-1, windows-1252 or Shift_JIS");
    }

    /** The reader options, in the order given; a later pair with the same key wins, as Spark's would. */
    public Map<String, String> readerOptions() {
        return readerOptions(options);
    }

    private static Map<String, String> readerOptions(String options) {
        if (options.isBlank()) return Map.of();
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String pair : options.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0 || pair.substring(0, eq).isBlank())
                throw new IllegalArgumentException("data.options must be key=value pairs separated by commas "
                        + "(--option KEY=VALUE), got '" + pair.strip() + "' in '" + options + "'");
            parsed.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return Collections.unmodifiableMap(parsed);
    }

    public boolean explicitSplits() {
        return !train.isEmpty();
    }

    /** Whether rows carry a language: with a language column, and always for the embedded dataset. */
    public boolean hasLanguage() {
        return !languageColumn.isEmpty() || embedded();
    }

    /** Whether the names come from the embedded Datafaker dataset, whose rows all carry their locale's language. */
    public boolean embedded() {
        return input.isEmpty() && table.isEmpty() && !explicitSplits();
    }
}
