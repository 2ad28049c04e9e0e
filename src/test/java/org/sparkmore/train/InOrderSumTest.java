package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.sparkmore.SparkTestSession;

/**
 * Rounds mode's driver-side sum: results that arrive out of order still add up in partition order, to the same
 * bits as a sum in order, on its own and behind a real Spark job whose later partitions finish first; and the
 * check that refuses a round whose results would pass spark.driver.maxResultSize.
 */
class InOrderSumTest {

    /** Values whose float sum depends on the order they are added in. */
    private static WeightedSum part(int p) {
        float big = (p % 2 == 0 ? 1 : -1) * 3e7f;
        return WeightedSum.ofSums(new float[] {big + p, 0.1f * p, 1f / (p + 1)}, new float[] {p, big}, p + 1,
                p, 1, 0);
    }

    private static WeightedSum inOrder(int partitions) {
        WeightedSum sum = WeightedSum.empty();
        for (int p = 0; p < partitions; p++) sum.add(part(p));
        return sum;
    }

    @Test
    void resultsInAnyOrderAddUpInPartitionOrder() {
        int partitions = 7;
        WeightedSum expected = inOrder(partitions);
        WeightedSum reversed = WeightedSum.empty();
        for (int p = partitions - 1; p >= 0; p--) reversed.add(part(p));
        // The order matters for these values, so the test can tell the orders apart
        assertTrue(!java.util.Arrays.equals(expected.vectorSum(), reversed.vectorSum()));

        InOrderSum sum = new InOrderSum(partitions);
        for (int p : new int[] {6, 2, 5, 0, 1, 4, 3}) sum.accept(p, part(p));
        assertArrayEquals(expected.vectorSum(), sum.total().vectorSum());
        assertArrayEquals(expected.stateSum(), sum.total().stateSum());
        assertEquals(expected.examples(), sum.total().examples());
        assertEquals(3, sum.mostHeld(), "6, 2 and 5 waited for 0; later 6, 5 and 4 for 3");
    }

    @Test
    void aMissingPartitionIsAnError() {
        InOrderSum sum = new InOrderSum(3);
        sum.accept(0, part(0));
        sum.accept(2, part(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, sum::total);
        assertTrue(e.getMessage().contains("partition 1 of 3"), e.getMessage());
    }

    @Test
    void aSparkJobWhoseLastPartitionsFinishFirstGivesTheOrderedSum() {
        SparkSession spark = SparkTestSession.start("local[4]");
        try {
            int partitions = 4;
            List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
            JavaRDD<WeightedSum> parts = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(ids, partitions).map(p -> {
                        Thread.sleep(300L * (partitions - p)); // partition 3 finishes first, 0 last
                        return part(p);
                    });
            WeightedSum sum = Trainer.sumInOrder(parts);
            assertArrayEquals(inOrder(partitions).vectorSum(), sum.vectorSum());
            assertArrayEquals(inOrder(partitions).stateSum(), sum.stateSum());
        } finally {
            spark.stop();
        }
    }

    @Test
    void roundsThatWouldPassMaxResultSizeAreRefusedUpFront() {
        long multiscript = 3L * 1_076_348; // parameters and Adam's two moments
        String why = InOrderSum.tooLarge(100, multiscript, 1L << 30);
        assertTrue(why.contains("100 partitions x 12.9 MB = 1291.7 MB, more than spark.driver.maxResultSize"), why);
        assertTrue(why.contains("at least 1232m"), why);
        assertNull(InOrderSum.tooLarge(100, multiscript, 2L << 30));
        assertNull(InOrderSum.tooLarge(100, multiscript, 0), "0 is no limit");
        assertNull(InOrderSum.tooLarge(16, multiscript, 1L << 30));
    }
}
