package org.sparkmore.data;

import java.util.Map;
import org.sparkmore.train.Settings;

/** The data configs the data tests read their tables with: the defaults, with the table and vocabulary keys set. */
final class DataConfigs {

    private DataConfigs() {
    }

    /** A text, csv, parquet or json table with a "name" column and no language, otherwise the defaults. */
    static DataConfig input(String path) {
        return table(path, "name", "", DataConfig.DEFAULTS.minCount(), 0);
    }

    /** A table with the given columns ("" for no language column) and vocabulary limits, lower-cased. */
    static DataConfig table(String path, String nameColumn, String languageColumn, int minCount, int maxVocab) {
        DataConfig d = DataConfig.DEFAULTS;
        return new DataConfig(path, "", d.format(), "", "UTF-8", nameColumn, languageColumn, "", "", "", d.lowercase(),
                d.maxLength(), false, minCount, maxVocab, d.devPercent(), d.testPercent(), d.splitSeed(),
                d.driverMaxNames());
    }

    /** Explicit train, dev and test tables. */
    static DataConfig splits(String train, String dev, String test) {
        DataConfig d = DataConfig.DEFAULTS;
        return new DataConfig("", "", d.format(), "", "UTF-8", d.nameColumn(), "", train, dev, test, d.lowercase(),
                d.maxLength(), false, 1, 0, d.devPercent(), d.testPercent(), d.splitSeed(),
                d.driverMaxNames());
    }

    /** The defaults with these data.* keys set, through the same path as a conf file or the flags. */
    static DataConfig keys(Map<String, String> keys) {
        Settings settings = Settings.defaults();
        keys.forEach(settings::set);
        return settings.toConfig().data();
    }
}
