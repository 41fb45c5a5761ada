package dev.streamcast.jobs.common;

/** A one-step-ahead forecast emitted for one observation. A Flink POJO. */
public class Forecast {
    public String key;
    /** Timestamp of the observation that produced this forecast (epoch ms). */
    public long ts;
    /** When the forecast value is expected: ts + the series' typical interval (epoch ms). */
    public long targetTs;
    /** The observed target value at ts (original units). */
    public double actual;
    /** Forecast of the target at targetTs, original units. */
    public double forecast;
    /** Version of the model that made it. */
    public long modelVersion;
    /** Whether the key's recurrent state had been primed by at least W inputs (or a full buffer) under this model. */
    public boolean warm;
    /** actual(ts) - previous forecast for ts, NaN when there was none. */
    public double prevError = Double.NaN;
    /**
     * Observations applied to this key's state so far, this one included: consecutive forecasts of a key differ by
     * 1 (more after observations applied without a model), so a consumer detects gaps and duplicates.
     */
    public long seq;
    /**
     * Levels of the prediction intervals, sorted (shared by every forecast of an operator), null when the bands are
     * off.
     */
    public double[] levels;
    /** Lower bound per level (original units), null while the key's calibration warms up or when the bands are off. */
    public double[] lower;
    /** Upper bound per level (original units), null when {@link #lower} is; lower[i] ≤ forecast ≤ upper[i]. */
    public double[] upper;
    /**
     * With {@code --horizon} H &gt; 1: the forecast path, the values of steps 1 .. H (original units, path[0] =
     * {@link #forecast}), NaN where a fed-back forecast could not be an input; null when H = 1.
     */
    public double[] path;
    /** When each path step is expected [H]: ts + round(h × the series' typical interval); null when H = 1. */
    public long[] pathTs;
    /**
     * Bounds of each path step per level [H × L], step-major (step h, level i at (h - 1)·L + i), from that horizon's
     * own calibration; NaN while it warms up; null when H = 1 or the bands are off.
     */
    public double[] pathLower;
    /** Upper bounds, laid out as {@link #pathLower}. */
    public double[] pathUpper;

    public Forecast() {}
}
