package org.sparkmore.optim;

/**
 * Learning rate at a step: a linear warm-up, then a constant, step-decay or cosine schedule. The cosine schedule
 * follows Loshchilov and Hutter (2017), "SGDR: Stochastic Gradient Descent with Warm Restarts", without restarts.
 */
public final class LrSchedule {

    private LrSchedule() {
    }

    /**
     * @param step       0-based global step
     * @param totalSteps steps in the whole run; the cosine schedule reaches its floor on step totalSteps-1
     * @return during warm-up peak*(step+1)/warmupSteps; then constant: peak; step: peak*decayFactor^floor(step/
     *         decaySteps); cosine: from peak on the first step after warm-up to peak*minLrFraction on the last step,
     *         and that floor beyond
     */
    public static double rate(OptimConfig c, long step, long totalSteps) {
        if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
        double peak = c.learningRate();
        if (step < c.warmupSteps()) return peak * (step + 1) / c.warmupSteps();
        return switch (c.schedule()) {
            case CONSTANT -> peak;
            case STEP -> peak * Math.pow(c.decayFactor(), Math.floorDiv(step, (long) c.decaySteps()));
            case COSINE -> cosine(c, step - c.warmupSteps(), totalSteps - c.warmupSteps());
        };
    }

    /** Half a cosine period from peak to the floor over `remaining` steps, the last of which gets the floor. */
    private static double cosine(OptimConfig c, long sinceWarmup, long remaining) {
        double peak = c.learningRate();
        double floor = peak * c.minLrFraction();
        double progress = remaining <= 1 ? 0.0 : Math.min(1.0, (double) sinceWarmup / (remaining - 1));
        return floor + (peak - floor) * 0.5 * (1.0 + Math.cos(Math.PI * progress));
    }
}
