package dev.streamcast.model.prep;

import java.util.Arrays;

/**
 * The per-series state of a {@link SeriesScaler}: plain public fields so that a Flink job can keep one per key as a
 * POJO (public no-argument constructor, public fields, primitive arrays: serialized without Kryo) and the scaler can
 * work on it in place without copying or allocating.
 *
 * <p>With a season m >= 2 the state also keeps the last m raw observations (for the seasonal difference and its
 * inverse) and the last m transformed targets (for the seasonal-lag input), as rings indexed by how many were
 * written; with m = 1 both rings are empty. Flink's POJO serializer is its only byte form.
 */
public final class ScalerState {

    /** n: transformed observations folded into mean and var. */
    public long count;
    /** Whether {@link #last} holds a raw observation. */
    public boolean hasPrevious;
    /** Previous raw observation [F]. */
    public double[] last;
    /** Running mean of each feature's transformed value [F]. */
    public double[] mean;
    /** Running population variance of each feature's transformed value [F]. */
    public double[] var;
    /**
     * Ring of the last m raw observations [m*F]; empty when the season m is 1. Empty (not null) by default, so a
     * state restored from a snapshot taken before seasons existed can read as a state without a season (the forecast
     * operator rebuilds a scaler whose rings do not fit its model, null ones included).
     */
    public double[] hist = new double[0];
    /** Ring of the last m transformed target values [m]; empty when the season m is 1 (and by default, as hist). */
    public double[] lags = new double[0];
    /** Raw observations written to {@link #hist}. */
    public long seen;
    /** Transformed targets written to {@link #lags}. */
    public long lagCount;

    /** For Flink's POJO serializer; last, mean and var are null until set, the rings empty. */
    public ScalerState() {}

    /** A fresh state for F features and no season. */
    public ScalerState(int features) {
        this(features, 1);
    }

    /** A fresh state for F features and season m (1 = none). */
    public ScalerState(int features, int season) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, found " + features);
        }
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1, found " + season);
        }
        last = new double[features];
        mean = new double[features];
        var = new double[features];
        hist = new double[season > 1 ? season * features : 0];
        lags = new double[season > 1 ? season : 0];
    }

    /** Number of features F. */
    public int features() {
        return last.length;
    }

    /** The season m the rings are sized for (1 = none). */
    public int season() {
        return lags == null || lags.length == 0 ? 1 : lags.length;
    }

    /** Whether this state has the arrays for F features and season m. */
    public boolean fits(int features, int season) {
        return last != null
                && last.length == features
                && hist != null
                && lags != null
                && hist.length == (season > 1 ? season * features : 0)
                && lags.length == (season > 1 ? season : 0);
    }

    /**
     * Makes this state a copy of {@code o} (the look-ahead's scratch copy of a key's scaler). No allocation when the
     * arrays already have o's sizes; they are reallocated otherwise.
     */
    public void copyFrom(ScalerState o) {
        count = o.count;
        hasPrevious = o.hasPrevious;
        last = copy(o.last, last);
        mean = copy(o.mean, mean);
        var = copy(o.var, var);
        hist = copy(o.hist, hist);
        lags = copy(o.lags, lags);
        seen = o.seen;
        lagCount = o.lagCount;
    }

    private static double[] copy(double[] from, double[] to) {
        if (from == null) {
            return null;
        }
        if (to == null || to.length != from.length) {
            return from.clone();
        }
        System.arraycopy(from, 0, to, 0, from.length);
        return to;
    }

    /** Back to the state of a series never seen. */
    public void reset() {
        count = 0;
        hasPrevious = false;
        Arrays.fill(last, 0);
        Arrays.fill(mean, 0);
        Arrays.fill(var, 0);
        Arrays.fill(hist, 0);
        Arrays.fill(lags, 0);
        seen = 0;
        lagCount = 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScalerState s
                && count == s.count
                && hasPrevious == s.hasPrevious
                && Arrays.equals(last, s.last)
                && Arrays.equals(mean, s.mean)
                && Arrays.equals(var, s.var)
                && Arrays.equals(hist, s.hist)
                && Arrays.equals(lags, s.lags)
                && seen == s.seen
                && lagCount == s.lagCount;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "ScalerState{n=" + count + ", hasPrevious=" + hasPrevious + ", last=" + Arrays.toString(last)
                + ", mean=" + Arrays.toString(mean) + ", var=" + Arrays.toString(var)
                + (season() > 1 ? ", m=" + season() + ", seen=" + seen + ", lags=" + lagCount : "") + "}";
    }
}
