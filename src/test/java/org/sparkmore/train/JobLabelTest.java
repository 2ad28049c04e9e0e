package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.sparkmore.LocalSpark;

/** Labels nest, a caller's job group is kept, and closing the outermost label leaves the thread as it was. */
@LocalSpark
class JobLabelTest {
    static SparkSession spark;

    static String property(String key) {
        return spark.sparkContext().getLocalProperty(key);
    }

    @Test
    void labelsNestAndLeaveNothingBehind() {
        String id;
        try (JobLabel command = JobLabel.group(spark, "data inspect")) {
            id = property("spark.jobGroup.id");
            assertTrue(id.startsWith("sparkmore-data-inspect-"), id);
            try (JobLabel outer = JobLabel.describe(spark, "outer")) {
                assertEquals("inner", JobLabel.describe(spark, "inner", () -> property("spark.job.description")));
                assertEquals("outer", property("spark.job.description"));
                try (JobLabel fit = JobLabel.group(spark, "fit")) {
                    assertEquals(id, property("spark.jobGroup.id"), "a caller's group stays");
                }
            }
            assertEquals("sparkmore data inspect", property("spark.job.description"));
        }
        for (String key : new String[] {"spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"})
            assertNull(property(key), key);
    }

    @Test
    void aCallersGroupSurvivesTheCommandsLabels() {
        SparkContext sc = spark.sparkContext();
        sc.setJobGroup("caller", "the caller's jobs", true);
        try {
            try (JobLabel fit = JobLabel.group(spark, "fit");
                 JobLabel step = JobLabel.describe(spark, "round 1/2")) {
                assertEquals("caller", property("spark.jobGroup.id"));
            }
            assertEquals("caller", property("spark.jobGroup.id"));
            assertEquals("the caller's jobs", property("spark.job.description"));
            assertEquals("true", property("spark.job.interruptOnCancel"));
        } finally {
            sc.clearJobGroup();
        }
    }
}
