package org.sparkmore.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkmore.LocalSpark;

/** Tables beyond a file of a known format: catalog tables, any Spark data source, the reader's options. */
@LocalSpark
class TableReaderTest {
    static SparkSession spark;
    @TempDir Path dir;

    /** Three names in two languages, under column names of their own, as a catalog or an ORC file holds them. */
    private static Dataset<Row> people() {
        StructType schema = new StructType().add("first", DataTypes.StringType).add("lang", DataTypes.StringType);
        return spark.createDataFrame(List.of(RowFactory.create("Emma", "en"), RowFactory.create("Ива", "ru"),
                RowFactory.create("Olivia", "en")), schema);
    }

    private static List<String> rows(DataConfig c) {
        return NamesTable.load(spark, c).names().orderBy("name").collectAsList().stream()
                .map(r -> r.getString(0) + "/" + r.getString(1)).toList();
    }

    @Test
    void aTemporaryViewIsACatalogTable() {
        people().createOrReplaceTempView("names_view");
        DataConfig c = DataConfigs.keys(Map.of("data.table", "names_view", "data.nameColumn", "first",
                "data.languageColumn", "lang"));
        assertFalse(c.embedded());
        assertEquals(List.of("emma/en", "olivia/en", "ива/ru"), rows(c));
    }

    @Test
    void aTableSavedInADatabaseIsReadByItsQualifiedName() {
        spark.sql("CREATE DATABASE IF NOT EXISTS names_db LOCATION '" + dir.resolve("warehouse").toUri() + "'");
        try {
            people().write().format("parquet").mode("overwrite").saveAsTable("names_db.names");
            DataConfig c = DataConfigs.keys(Map.of("data.table", "names_db.names", "data.nameColumn", "first"));
            assertEquals(List.of("emma/null", "olivia/null", "ива/null"), rows(c));
            DataConfig missing = DataConfigs.keys(Map.of("data.table", "names_db.names", "data.nameColumn", "name"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rows(missing));
            assertTrue(e.getMessage().contains("not in the catalog table names_db.names; its columns are: first, lang"),
                    e.getMessage());
        } finally {
            spark.sql("DROP DATABASE IF EXISTS names_db CASCADE");
        }
    }

    @Test
    void anOrcDirectoryIsReadWithFormatOrcOrByItsExtension() {
        String orc = dir.resolve("people").toString();
        people().write().orc(orc);
        Map<String, String> keys = Map.of("data.input", orc, "data.format", "orc", "data.nameColumn", "first",
                "data.languageColumn", "lang");
        assertEquals(List.of("emma/en", "olivia/en", "ива/ru"), rows(DataConfigs.keys(keys)));
        Map<String, String> auto = new java.util.HashMap<>(keys);
        auto.put("data.format", "auto"); // Spark's part files end in .orc
        assertEquals(List.of("emma/en", "olivia/en", "ива/ru"), rows(DataConfigs.keys(auto)));
    }

    @Test
    void readerOptionsReachSparkAndOverrideSparkmoresOwn() throws IOException {
        Path csv = Files.writeString(dir.resolve("people.csv"), "first;lang\nEmma;en\nИва;ru\n");
        DataConfig semicolons = DataConfigs.keys(Map.of("data.input", csv.toString(), "data.options", "sep=;",
                "data.nameColumn", "first", "data.languageColumn", "lang"));
        assertEquals(List.of("emma/en", "ива/ru"), rows(semicolons));
        // header=false over sparkmore's header=true: the header row becomes a name and the columns Spark's _c0, _c1
        DataConfig noHeader = DataConfigs.keys(Map.of("data.input", csv.toString(),
                "data.options", " sep=; , header=false", "data.nameColumn", "_c0"));
        assertEquals(Map.of("sep", ";", "header", "false"), noHeader.readerOptions());
        assertEquals(List.of("emma/null", "first/null", "ива/null"), rows(noHeader));
    }

    @Test
    void anUnknownFormatIsNamedInTheError() throws IOException {
        Path txt = Files.writeString(dir.resolve("names.txt"), "emma\n");
        DataConfig c = DataConfigs.keys(Map.of("data.input", txt.toString(), "data.format", "xyz"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rows(c));
        assertTrue(e.getMessage().contains("data.format 'xyz' is not a Spark data source on the classpath"),
                e.getMessage());
        assertNotNull(e.getCause());
    }

    @Test
    void badCombinationsAndOptionPairsAreClearErrors() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> DataConfigs.keys(Map.of("data.input", "names.txt", "data.table", "db.names")));
        assertTrue(both.getMessage().contains("--input") && both.getMessage().contains("--table")
                && both.getMessage().contains("names.txt") && both.getMessage().contains("db.names"),
                both.getMessage());
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class, () -> DataConfigs.keys(
                Map.of("data.table", "db.names", "data.train", "a", "data.dev", "b", "data.test", "c")));
        assertTrue(split.getMessage().contains("--train"), split.getMessage());
        for (String bad : new String[] {"sep", "=;", "sep=;,", "header=true,,sep=;"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DataConfigs.keys(Map.of("data.options", bad)), bad);
            assertTrue(e.getMessage().contains("key=value pairs separated by commas"), e.getMessage());
        }
        IllegalArgumentException script = assertThrows(IllegalArgumentException.class,
                () -> DataConfigs.keys(Map.of("data.table", "db.names", "data.mainScriptOnly", "true")));
        assertTrue(script.getMessage().contains("--language-column"), script.getMessage());
    }
}
