package org.sparkmore.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The maps' two axes: raw for 2-D rows, else the two directions of most variance. */
class ProjectionTest {

    @Test
    void twoDimensionalRowsKeepTheirOwnAxes() {
        Projection p = Projection.of(List.of("a", "b", "c"), new double[][] {{1, 2}, {3, -4}, {0.5, 0}});
        assertArrayEquals(new double[] {1, 3, 0.5}, p.x());
        assertArrayEquals(new double[] {2, -4, 0}, p.y());
        assertEquals("dimension 1", p.xAxis());
    }

    @Test
    void principalComponentsFindTheSpreadAndIgnoreTheNoise() {
        // Points spread along (1, 1, 0) by 10, along (0, 0, 1) by 1, and not at all along (1, -1, 0)
        double[][] rows = new double[40][];
        for (int i = 0; i < rows.length; i++) {
            double big = (i % 10 - 4.5);
            double small = i < 20 ? 0.3 : -0.3;
            rows[i] = new double[] {5 + big, 7 + big, small};
        }
        List<String> labels = java.util.stream.IntStream.range(0, 40).mapToObj(Integer::toString).toList();
        Projection p = Projection.of(labels, rows);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(Math.sqrt(2) * (i % 10 - 4.5), p.x()[i], 1e-6, "first component: the big spread");
            assertEquals(i < 20 ? 0.3 : -0.3, p.y()[i], 1e-6, "second component: the small one");
        }
        assertTrue(p.xAxis().contains("principal component 1 (99%"), p.xAxis());
        assertTrue(p.yAxis().contains("principal component 2 (1%"), p.yAxis());
    }

    @Test
    void theSamePointsGiveTheSamePictureAndCentredPointsSitAroundZero() {
        double[][] rows = {{1, 0, 2, 5}, {0, 3, 1, 1}, {2, 2, 2, 2}, {-1, 4, 0, 3}, {3, 1, -2, 0}};
        List<String> labels = List.of("a", "b", "c", "d", "e");
        Projection p = Projection.of(labels, rows);
        Projection q = Projection.of(labels, rows);
        assertArrayEquals(p.x(), q.x());
        assertArrayEquals(p.y(), q.y());
        assertEquals(0, java.util.Arrays.stream(p.x()).sum(), 1e-9);
        assertEquals(0, java.util.Arrays.stream(p.y()).sum(), 1e-9);
    }

    @Test
    void labelsMustMatchRows() {
        assertThrows(IllegalArgumentException.class, () -> Projection.of(List.of("a"), new double[2][2]));
    }
}
