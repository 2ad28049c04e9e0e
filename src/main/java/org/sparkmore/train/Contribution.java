package org.sparkmore.train;

import java.io.Serializable;

/**
 * What partitions send back in one round, already weighted by their example count so that summing contributions
 * and dividing by {@link #examples} gives the example-weighted average. Sums are kept in double: addition is
 * commutative, so with two partitions the merge order never changes a bit, and with more the order's effect stays
 * far below float precision before the mean is rounded back to float.
 */
public final class Contribution implements Serializable {
    private static final long serialVersionUID = 1L;

    private double[] vector;  // examples-weighted parameters (average mode) or gradient sum (gradients mode)
    private double[] state;   // examples-weighted optimizer state; null in gradients mode
    private long examples;
    private double lossSum;   // summed per-example training loss of the round
    private long steps;
    private long computeNanos; // the slowest partition's compute time: the round's critical path

    /** The zero of the sum: allocates nothing, so Spark ships it cheaply to every partition. */
    public static Contribution empty() {
        return new Contribution();
    }

    /** One partition's result, its vector and state multiplied by its weight (the example count). */
    public static Contribution of(PartitionTrainer.Update u) {
        Contribution c = new Contribution();
        if (u.examples() == 0) return c;
        c.vector = scaled(u.vector(), u.examples());
        c.state = u.state() == null ? null : scaled(u.state(), u.examples());
        c.examples = u.examples();
        c.lossSum = u.lossSum();
        c.steps = u.steps();
        return c;
    }

    /** Adds other into this one and returns this (Spark's seqOp/combOp contract allows mutating the left side). */
    public Contribution add(Contribution other) {
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

    /** Records how long this partition computed; merging keeps the slowest. */
    public Contribution timed(long nanos) {
        computeNanos = nanos;
        return this;
    }

    public long computeNanos() {
        return computeNanos;
    }

    private float[] mean(double[] sum) {
        if (examples == 0) throw new IllegalStateException("no partition contributed any training windows");
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (sum[i] / examples);
        return out;
    }

    private static double[] scaled(float[] v, long weight) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (double) v[i] * weight;
        return out;
    }

    private static double[] plus(double[] a, double[] b) {
        if (a == null) return b == null ? null : b.clone();
        if (b == null) return a;
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
    }
}
