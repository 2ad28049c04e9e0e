package org.sparkmore.data;

/**
 * Where the names come from and how they are cleaned, counted and split.
 *
 * @param input          names table (file, directory or URI); empty means the embedded Datafaker dataset
 * @param format         text, csv, parquet or json; "auto" picks from the file extension
 * @param nameColumn     column holding the name (csv, parquet, json); text tables have one column
 * @param languageColumn optional column holding a language code, trimmed, case kept; rows without one are dropped;
 *                       empty for none
 * @param train          explicit training table; when set, dev and test must be set too and input is ignored
 * @param dev            explicit dev table
 * @param test           explicit test table
 * @param lowercase      lower-case names with Locale.ROOT (scripts without case are unchanged)
 * @param maxLength      names longer than this many code points are dropped
 * @param mainScriptOnly drop (and count) names not written in their language's writing system: the script of most
 *                       of the language's letters, Japanese and Korean as in {@link Scripts}; needs languages
 * @param minCount       code points seen fewer times than this map to the unknown-symbol token
 * @param maxVocab       the most code points kept, the most frequent first (ties to the lower code point); the rest
 *                       map to the unknown-symbol token; 0 = no cap. The boundary and unknown tokens come on top
 * @param devPercent     share of names, by hash, that go to dev
 * @param testPercent    share of names, by hash, that go to test
 * @param splitSeed      seed of the name hash that assigns splits
 */
public record DataConfig(String input, String format, String nameColumn, String languageColumn,
                         String train, String dev, String test,
                         boolean lowercase, int maxLength, boolean mainScriptOnly, int minCount, int maxVocab,
                         int devPercent, int testPercent, long splitSeed) {

    /** The input of a model trained on a DataFrame by the Spark ML estimator: no path names its table. */
    public static final String DATAFRAME = "<DataFrame>";

    public static final DataConfig DEFAULTS = new DataConfig(
            "",       // the embedded Datafaker dataset, so a fresh clone trains with no download
            "auto",   // names.txt -> text, x.csv -> csv, x.parquet -> parquet, x.json -> json
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
            42L);     // any fixed value; changing it reshuffles the splits

    public DataConfig {
        if (maxLength < 1) throw new IllegalArgumentException("data.maxLength must be >= 1, got " + maxLength);
        if (minCount < 1) throw new IllegalArgumentException("data.minCount must be >= 1, got " + minCount);
        if (maxVocab < 0) throw new IllegalArgumentException("data.maxVocab must be >= 0 (0 = no cap), got " + maxVocab);
        if (devPercent < 0 || testPercent < 0 || devPercent + testPercent >= 100)
            throw new IllegalArgumentException("data.devPercent + data.testPercent must be in [0, 100), got "
                    + devPercent + " + " + testPercent);
        if (mainScriptOnly && languageColumn.isEmpty() && !(input.isEmpty() && train.isEmpty()))
            throw new IllegalArgumentException("data.mainScriptOnly needs a language column (--language-column)");
        boolean anyExplicit = !train.isEmpty() || !dev.isEmpty() || !test.isEmpty();
        if (anyExplicit && (train.isEmpty() || dev.isEmpty() || test.isEmpty()))
            throw new IllegalArgumentException("an explicit split needs all of --train, --dev and --test");
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
        return input.isEmpty() && !explicitSplits();
    }
}
