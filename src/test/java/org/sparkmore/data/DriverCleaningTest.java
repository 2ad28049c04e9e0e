package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.sparkmore.LocalSpark;

/**
 * The embedded names cleaned on the driver are what Spark's cleaning gives: names, splits and counts; and the rows
 * the driver holds label samples and give writing systems as Spark's jobs do.
 */
@LocalSpark
class DriverCleaningTest {
    static SparkSession spark;

    /** The embedded dataset's config with its preparation forced onto Spark. */
    static DataConfig onSpark() {
        DataConfig d = DataConfig.DEFAULTS;
        return new DataConfig(d.input(), d.table(), d.format(), d.options(), d.encoding(), d.nameColumn(),
                d.languageColumn(), d.train(), d.dev(), d.test(), d.lowercase(), d.maxLength(), d.mainScriptOnly(),
                d.minCount(), d.maxVocab(), d.devPercent(), d.testPercent(), d.splitSeed(), 0);
    }

    @Test
    void theEmbeddedNamesAreCleanedAndSplitAsOnSpark() {
        NamesTable.Loaded driver = NamesTable.load(spark, DataConfig.DEFAULTS);
        NamesTable.Loaded onSpark = NamesTable.load(spark, onSpark());
        assertEquals(onSpark.counts(), driver.counts());
        assertEquals(onSpark.byLanguage(), driver.byLanguage());
        assertEquals(rows(onSpark.names()), rows(driver.names()));
        assertEquals(rows(onSpark.names()), rows(driver.held()));
        assertNull(onSpark.held());
        assertTrue(rows(driver.names()).size() > 30_000);
    }

    @Test
    void theHeldNamesLabelAndGiveWritingSystemsAsSparksJobs() {
        NamesTable.Loaded driver = NamesTable.load(spark, DataConfig.DEFAULTS);
        ReferenceNames held = ReferenceNames.of(spark, driver);
        ReferenceNames onSpark = ReferenceNames.of(spark, NamesTable.load(spark, onSpark()));
        assertInstanceOf(SmallTable.class, held);
        Map<String, Set<UnicodeScript>> systems = onSpark.writingSystems();
        assertEquals(systems, held.writingSystems());
        assertTrue(systems.size() > 30, "languages: " + systems.keySet());
        // a name of each split and one of none, by the table itself
        List<String> samples = new ArrayList<>(List.of("zzqxv"));
        for (String split : new String[] {NamesTable.TRAIN, NamesTable.DEV, NamesTable.TEST})
            samples.add(driver.held().stream().filter(r -> r.getString(2).equals(split)).findFirst().orElseThrow()
                    .getString(0));
        Map<String, String> labels = onSpark.labels(samples);
        assertEquals(labels, held.labels(samples));
        assertEquals(Set.of("new", "in-train", "in-dev", "in-test"), Set.copyOf(labels.values()));
    }

    @Test
    void messyRowsAreDroppedCleanedAndCountedAsOnSpark() {
        List<NameRow> messy = List.of(new NameRow("  Emma ", "en"), new NameRow("IŞIK", "tr"),
                new NameRow("", "en"), new NameRow("x".repeat(60), "en"), new NameRow("Olga", " "),
                new NameRow("Ἀλέξανδρος", "el"), new NameRow("Zoë", "nl"), new NameRow("123", "en"));
        List<Row> raw = new ArrayList<>();
        for (NameRow r : messy) raw.add(RowFactory.create(r.name(), r.language()));
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType);
        NamesTable.Loaded onSpark = NamesTable.of(spark.createDataFrame(raw, schema), DataConfig.DEFAULTS);
        NamesTable.Loaded driver = DriverCleaning.clean(spark, messy, DataConfig.DEFAULTS);
        assertEquals(onSpark.counts(), driver.counts());
        assertEquals(onSpark.byLanguage(), driver.byLanguage());
        assertEquals(rows(onSpark.names()), rows(driver.names()));
        assertEquals(rows(onSpark.names()), rows(driver.held()));
    }

    private static List<String> rows(Dataset<Row> names) {
        return rows(names.collectAsList());
    }

    private static List<String> rows(List<Row> names) {
        return names.stream().map(r -> r.getString(0) + "|" + r.getString(1) + "|" + r.getString(2)).sorted().toList();
    }
}
