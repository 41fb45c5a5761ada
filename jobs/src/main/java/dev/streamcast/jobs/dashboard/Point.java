package dev.streamcast.jobs.dashboard;

/**
 * One forecast record as the dashboard keeps it, mutable so that the reader parses every record into the same
 * instance. Field meanings as in the forecast record (README, "Output"); {@code id} is the store's event id.
 */
final class Point {
    /** Band levels the store keeps per point; more levels in a record are ignored (the widest two are kept). */
    static final int MAX_LEVELS = 2;

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
    }
}
