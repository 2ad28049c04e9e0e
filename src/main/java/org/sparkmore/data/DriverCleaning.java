package org.sparkmore.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The embedded names cleaned, counted and split on the driver, with no Spark job: what {@link NamesTable}'s Spark
 * path gives for them (the same kept names, counts and splits; {@code DriverCleaningTest} compares the two), as a
 * local relation. The first Spark SQL query of a JVM costs seconds of planning and code generation whatever its
 * size, and cleaning 33k names in Java takes half a second.
 */
final class DriverCleaning {

    private DriverCleaning() {
    }

    /** The rows cleaned and split as {@link NamesTable#load} does; only for a config without mainScriptOnly. */
    static NamesTable.Loaded clean(SparkSession spark, List<NameRow> rows, DataConfig c) {
        if (c.mainScriptOnly()) throw new IllegalArgumentException("data.mainScriptOnly is cleaned by Spark");
        String notDecoded = NameCleaner.notDecoded(c.charset().name());
        NamesTable.Tally total = new NamesTable.Tally();
        Map<String, NamesTable.Tally> byLanguage = new TreeMap<>();
        List<Row> kept = new ArrayList<>();
        for (NameRow r : rows) {
            String language = NameCleaner.language(r.language());
            NameCleaner.Cleaned n = NameCleaner.inspect(r.name(), language, c.lowercase(), c.maxLength());
            String drop = NameCleaner.NOT_DECODED.equals(n.dropReason()) ? notDecoded : n.dropReason();
            if (drop == null && c.hasLanguage() && language == null) drop = NameCleaner.NO_LANGUAGE;
            String reason = drop == null ? null : "input: " + drop;
            String cleaned = drop == null ? n.cleanReason() : null;
            total.add(reason, cleaned, 1);
            if (c.hasLanguage() && language != null)
                byLanguage.computeIfAbsent(language, k -> new NamesTable.Tally()).add(reason, cleaned, 1);
            if (drop == null) kept.add(RowFactory.create(n.name(), language, split(n.name(), c)));
        }
        RowCounts counts = total.build();
        if (counts.kept() == 0)
            throw new IllegalArgumentException("no names left after cleaning the embedded default dataset; dropped "
                    + counts.dropped());
        Map<String, RowCounts> perLanguage = new TreeMap<>();
        byLanguage.forEach((language, tally) -> perLanguage.put(language, tally.build()));
        StructType schema = new StructType().add("name", DataTypes.StringType)
                .add("language", DataTypes.StringType).add("split", DataTypes.StringType);
        Dataset<Row> names = spark.createDataFrame(kept, schema);
        return new NamesTable.Loaded(names, counts, Collections.unmodifiableMap(perLanguage), names,
                Collections.unmodifiableList(kept));
    }

    /**
     * The split {@code NamesTable.splitByHash} gives the name: Spark's {@code xxhash64(seed, name)} hashes the
     * long seed from 42, then the name's UTF-8 bytes from that; the bucket is pmod(hash, 100).
     */
    static String split(String name, DataConfig c) {
        long h = XXH64.hashLong(c.splitSeed(), Windows.SPARK_HASH_SEED);
        h = XXH64.hashUTF8String(UTF8String.fromBytes(name.getBytes(StandardCharsets.UTF_8)), h);
        long bucket = Math.floorMod(h, 100L);
        if (bucket < c.testPercent()) return NamesTable.TEST;
        return bucket < c.testPercent() + c.devPercent() ? NamesTable.DEV : NamesTable.TRAIN;
    }
}
