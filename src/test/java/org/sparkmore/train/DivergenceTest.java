package org.sparkmore.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkmore.optim.OptimConfig.Algorithm;

/** The divergence watch on its own: which losses stop a run, which only warn, and what the message says. */
class DivergenceTest {

    private final List<String> log = new ArrayList<>();
    private final Divergence watch = new Divergence(log::add, Math.log(27));

    @Test
    void aHealthyRunNeitherFailsNorWarns() {
        watch.observe(1, 3.3, Double.NaN, false);
        watch.observe(2, 2.9, 2.95, true);
        watch.observe(3, 2.5, Double.NaN, false);
        assertFalse(watch.diverged());
        assertNull(watch.failure(Algorithm.ADAM, 0.01));
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void aNonFiniteTrainLossFailsNamingTheRoundTheLossAndTheLearningRate() {
        watch.observe(1, 3.3, Double.NaN, false);
        watch.observe(2, Double.POSITIVE_INFINITY, Double.NaN, false);
        watch.observe(3, Double.NaN, Double.NaN, false);
        assertTrue(watch.diverged());
        String why = watch.failure(Algorithm.SGD, 1e9);
        assertTrue(why.startsWith("training diverged: the train loss Infinity at round 2;"), why);
        assertTrue(why.contains("learning rate 1.0E9 is too high for sgd") && why.endsWith("Nothing was saved"), why);
    }

    @Test
    void aNonFiniteDevLossFailsOnlyWhenTheRoundWasEvaluated() {
        watch.observe(1, 3.3, Double.NaN, false); // not evaluated: NaN means "no figure"
        assertFalse(watch.diverged());
        watch.observe(2, 3.0, Double.NaN, true);
        assertTrue(watch.failure(Algorithm.ADAM, 0.5).startsWith("training diverged: the dev loss NaN at round 2;"));
    }

    @Test
    void aFiniteLossTenTimesThatOfGuessingFails() {
        double uniform = Math.log(27);
        watch.observe(1, 3.3, Double.NaN, false);
        watch.observe(2, Divergence.EXPLODED * uniform * 0.99, Double.NaN, false);
        assertFalse(watch.diverged(), "just below the bound");
        watch.observe(3, 1.5e10, Double.NaN, false);
        assertTrue(watch.failure(Algorithm.ADAM, 1e9).contains("train loss 1.500e+10"),
                watch.failure(Algorithm.ADAM, 1e9));
    }

    @Test
    void aLossTwiceTheFirstRoundsWarnsOnce() {
        watch.observe(1, 3.0, Double.NaN, false);
        watch.observe(2, 6.5, Double.NaN, false);
        watch.observe(3, 7.0, Double.NaN, false);
        assertFalse(watch.diverged());
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("warning: the train loss 6.500 at round 2 is 2.2x round one's (3.0000)"),
                log.get(0));
    }
}
