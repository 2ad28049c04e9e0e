package org.sparkmore.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparkmore.optim.OptimConfig.Algorithm;
import org.sparkmore.optim.OptimConfig.Schedule;

class LrScheduleTest {

    private static OptimConfig schedule(Schedule kind, int warmup) {
        return new OptimConfig(Algorithm.ADAM, 0.1, 0, 0.9, 0.999, 1e-8, 0, 0, kind, warmup, 100, 0.1, 0.05);
    }

    @Test
    void warmUpRisesLinearlyToThePeak() {
        OptimConfig c = schedule(Schedule.CONSTANT, 10);
        assertEquals(0.01, LrSchedule.rate(c, 0, 1000), 1e-15);
        assertEquals(0.05, LrSchedule.rate(c, 4, 1000), 1e-15);
        assertEquals(0.1, LrSchedule.rate(c, 9, 1000), 1e-15);
        assertEquals(0.1, LrSchedule.rate(c, 10, 1000), 1e-15);
        assertEquals(0.1, LrSchedule.rate(c, 999, 1000), 1e-15);
    }

    @Test
    void stepScheduleDropsByTheFactorEveryDecaySteps() {
        OptimConfig c = schedule(Schedule.STEP, 0);
        assertEquals(0.1, LrSchedule.rate(c, 0, 1000), 1e-15);
        assertEquals(0.1, LrSchedule.rate(c, 99, 1000), 1e-15);
        assertEquals(0.01, LrSchedule.rate(c, 100, 1000), 1e-15);
        assertEquals(0.001, LrSchedule.rate(c, 250, 1000), 1e-15);
    }

    @Test
    void cosineRunsFromThePeakAfterWarmUpToTheFloorOnTheLastStep() {
        OptimConfig c = schedule(Schedule.COSINE, 10);
        long total = 111;                                   // 101 steps after warm-up: progress = (step-10)/100
        assertEquals(0.1, LrSchedule.rate(c, 10, total), 1e-15);
        assertEquals((0.1 + 0.005) / 2, LrSchedule.rate(c, 60, total), 1e-15);
        assertEquals(0.005, LrSchedule.rate(c, 110, total), 1e-15);
        assertEquals(0.005, LrSchedule.rate(c, 500, total), 1e-15); // beyond the run: stays at the floor
        double previous = Double.MAX_VALUE;
        for (long step = 10; step < total; step++) {
            double rate = LrSchedule.rate(c, step, total);
            assertTrue(rate <= previous, "not monotone at " + step);
            previous = rate;
        }
    }
}
