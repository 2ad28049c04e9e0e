package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkmore.io.LossCurves;

/** The curves a model keeps: one train point per round, one dev point per evaluation, none twice after a restart. */
class ProgressCurvesTest {

    private static void round(Progress p, int round, boolean evaluate) {
        double dev = evaluate ? 3.0 - 0.1 * round : Double.NaN;
        if (evaluate) p.evaluated(1000, round, 100L * round, dev);
        p.round(round, 100L * round, 3.2 - 0.1 * round, dev, evaluate);
    }

    @Test
    void roundsLostToARestartAreDrawnOnceFromTheirRedoneValues() {
        Progress p = new Progress(line -> { }, 6, 1000, 27);
        p.started();
        for (int r = 1; r <= 3; r++) round(p, r, r % 2 == 0);
        p.checkpointed();
        round(p, 4, true);
        round(p, 5, false);
        p.restarting(); // rounds 4 and 5 are lost and redone
        p.resumed();
        for (int r = 4; r <= 6; r++) round(p, r, r % 2 == 0);
        LossCurves c = p.curves();
        assertEquals(List.of(1, 2, 3, 4, 5, 6), c.train().stream().map(LossCurves.Point::round).toList());
        assertEquals(List.of(2, 4, 6), c.dev().stream().map(LossCurves.Point::round).toList());
        assertEquals(3.2 - 0.1 * 5, c.train().get(4).loss(), 1e-12);
        assertEquals(3.0 - 0.1 * 6, c.dev().get(2).loss(), 1e-12);
    }

    @Test
    void aNonFiniteTrainLossIsNoPoint() {
        Progress p = new Progress(line -> { }, 2, 1000, 27);
        p.started();
        p.round(1, 100, Double.NaN, Double.NaN, false);
        p.round(2, 200, 2.5, Double.NaN, false);
        assertEquals(List.of(new LossCurves.Point(2, 2.5)), p.curves().train());
    }
}
