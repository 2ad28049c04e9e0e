package org.sparkmore.data;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Labels generated names as makemore does: in-train, in-dev or in-test when the name occurs in that split of the
 * table, else new. A join on the executors, so the names table never comes to the driver.
 */
public final class SampleLabels {

    public static final String NEW = "new";

    private SampleLabels() {
    }

    /** Label per distinct sample; a name in several splits gets the first of train, dev, test. */
    public static Map<String, String> of(SparkSession spark, Dataset<Row> names, List<String> samples) {
        Dataset<Row> wanted = spark.createDataset(samples, Encoders.STRING()).toDF("name").distinct();
        Map<String, String> labels = new HashMap<>();
        for (String s : samples) labels.put(s, NEW);
        // rank the splits so a name seen in several is labelled by the first: 0 train, 1 dev, 2 test
        org.apache.spark.sql.Column rank = org.apache.spark.sql.functions
                .when(col("split").equalTo(NamesTable.TRAIN), 0)
                .when(col("split").equalTo(NamesTable.DEV), 1).otherwise(2);
        List<Row> found = names.select(col("name"), rank.as("rank"))
                .join(wanted, "name")
                .groupBy("name").agg(min("rank"))
                .collectAsList();
        String[] byRank = {"in-" + NamesTable.TRAIN, "in-" + NamesTable.DEV, "in-" + NamesTable.TEST};
        for (Row r : found) labels.put(r.getString(0), byRank[r.getInt(1)]);
        return labels;
    }
}
