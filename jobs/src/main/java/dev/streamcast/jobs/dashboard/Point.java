package dev.streamcast.jobs.dashboard;

import dev.streamcast.jobs.common.ForecastConfig;

/**
 * One forecast record as the dashboard keeps it, mutable so that the reader parses every record into the same
 * instance. Field meanings as in the forecast record (README, "Output"); {@code id} is the store's event id.
 */
final class Point {
    /** Band levels the store keeps per point; more levels in a record are ignored (the widest two are kept). */
    static final int MAX_LEVELS = 2;

    /** Path steps a point can carry: the forecast job's largest --horizon; a longer path is cut here. */
    static final int MAX_PATH = ForecastConfig.MAX_HORIZON;

    String key;
    long ts;
    long targetTs;
    double actual;
    double forecast;
    long modelVersion;
    boolean warm;
    double prevError;
    long seq;
    /** Number of levels with bounds in this record; 0 when it has none (absent, null or warming up). */
    int levels;

    final double[] level = new double[MAX_LEVELS];
    final double[] lower = new double[MAX_LEVELS];
    final double[] upper = new double[MAX_LEVELS];
    long id;

    /**
     * The record's multi-step path ({@code "path"}, --horizon H &gt; 1): steps 1 .. pathLen, 0 when it has none. The
     * arrays are made at the first point with a path and then reused; each step's bounds are step-major, step h
     * (from 0) and level l at {@code h * MAX_LEVELS + l}, NaN where that step has none (its horizon warming up).
     */
    int pathLen;

    long[] pathTs;
    double[] pathValue;
    double[] pathLower;
    double[] pathUpper;
    /** The levels of the path's bounds (those of the record's steps), {@link #pathLevelCount} of them. */
    final double[] pathLevel = new double[MAX_LEVELS];

    int pathLevelCount;
    /** The parser's scratch for one step's levels. */
    final double[] stepLevel = new double[MAX_LEVELS];

    /** Makes the path arrays if this point has none yet. */
    void pathArrays() {
        if (pathTs == null) {
            pathTs = new long[MAX_PATH];
            pathValue = new double[MAX_PATH];
            pathLower = new double[MAX_PATH * MAX_LEVELS];
            pathUpper = new double[MAX_PATH * MAX_LEVELS];
        }
    }

    void clear() {
        key = null;
        ts = 0;
        targetTs = 0;
        actual = Double.NaN;
        forecast = Double.NaN;
        modelVersion = 0;
        warm = false;
        prevError = Double.NaN;
        seq = 0;
        levels = 0;
        id = 0;
        pathLen = 0;
        pathLevelCount = 0;
    }
}
