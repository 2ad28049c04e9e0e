package org.sparkmore.train;

import java.io.Serializable;

/**
 * An example-weighted sum of partitions' round results: one partition's result, weighted by its example count
 * ({@link #of}), as its task sends it back, or the sum of several, which divided by {@link #examples} gives the
 * example-weighted average. The sums are float, each partition's term
 * rounded to float and added in partition order: float addition is not associative, so one fixed order is what makes
 * barrier mode's collective ({@link ChainAllReduce}) and rounds mode's driver give the same bits, and float is what
 * the collective ships, 4 bytes a value, which keeps its traffic within 2 states a task (double partial sums would
 * need 3). The rounding this adds is a few float ulps of the mean, far below what a training step changes.
 */
public final class WeightedSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private float[] vector;  // examples-weighted parameters (average mode) or gradient sum (gradients mode)
    private float[] state;   // examples-weighted optimizer state; null in gradients mode
    private long examples;
    private double lossSum;   // summed per-example training loss of the round
    private long steps;
    private long computeNanos; // the slowest partition's compute time: the round's critical path

    /** The zero of the sum: allocates nothing, so Spark ships it cheaply to every partition. */
    public static WeightedSum empty() {
        return new WeightedSum();
    }

    /** One partition's result, its vector and state multiplied by its weight (the example count). */
    public static WeightedSum of(PartitionTrainer.LocalResult u) {
        WeightedSum c = new WeightedSum();
        if (u.examples() == 0) return c;
        c.vector = scaled(u.vector(), u.examples());
        c.state = u.state() == null ? null : scaled(u.state(), u.examples());
        c.examples = u.examples();
        c.lossSum = u.lossSum();
        c.steps = u.steps();
        return c;
    }

    /**
     * Sums already added up elsewhere (the collective's), with the counts that go with them; a sum of no examples
     * has no vectors.
     */
    static WeightedSum ofSums(float[] vector, float[] state, long examples, double lossSum, long steps, long nanos) {
        WeightedSum c = new WeightedSum();
        c.vector = examples == 0 ? null : vector;
        c.state = examples == 0 ? null : state;
        c.examples = examples;
        c.lossSum = lossSum;
        c.steps = steps;
        c.computeNanos = nanos;
        return c;
    }

    /**
     * Adds other into this one and returns this, this being the lower partitions: callers add in partition order,
     * which fixes the bits of the sum.
     */
    public WeightedSum add(WeightedSum other) {
        if (other.examples == 0) return this;
        vector = plus(vector, other.vector);
        state = plus(state, other.state);
        examples += other.examples;
        lossSum += other.lossSum;
        steps += other.steps;
        computeNanos = Math.max(computeNanos, other.computeNanos);
        return this;
    }

    /** The example-weighted mean of the vectors, back in float. */
    public float[] meanVector() {
        return mean(vector);
    }

    public float[] meanState() {
        return state == null ? null : mean(state);
    }

    public long examples() {
        return examples;
    }

    /** Mean training loss per example over the round. */
    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    public long steps() {
        return steps;
    }

    /** The example-weighted sum of the parameters; null when no example contributed. Not a copy. */
    float[] vectorSum() {
        return vector;
    }

    /** The example-weighted sum of the optimizer state; null when no example contributed. Not a copy. */
    float[] stateSum() {
        return state;
    }

    double lossSum() {
        return lossSum;
    }

    /** Records how long this partition computed; merging keeps the slowest. */
    public WeightedSum timed(long nanos) {
        computeNanos = nanos;
        return this;
    }

    public long computeNanos() {
        return computeNanos;
    }

    private float[] mean(float[] sum) {
        if (examples == 0) throw new IllegalStateException("no partition contributed any training windows");
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (sum[i] / (double) examples);
        return out;
    }

    /** Each value times the weight, rounded once to float (the product is exact in double below 2^29 examples). */
    private static float[] scaled(float[] v, long weight) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (float) ((double) v[i] * weight);
        return out;
    }

    private static float[] plus(float[] a, float[] b) {
        if (a == null) return b == null ? null : b.clone();
        if (b == null) return a;
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
    }
}
