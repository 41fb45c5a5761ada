package dev.streamcast.jobs.demo;

import dev.streamcast.model.eval.ErrorStats;

/**
 * What the demo knows about one series from the forecasts topic: the latest record, a rolling one-step error of the
 * model and of the naive forecast over the last {@link #WINDOW} points, and the error statistics over its live part.
 *
 * <p>A forecast record at time t carries the actual a_t and the forecast f of a_{t+1}. When the next record (t+1)
 * arrives, the model's error is a_{t+1} - f and the naive one a_{t+1} - a_t: both forecasters are scored on exactly
 * the same points. Not thread-safe; the {@link ForecastWatcher} guards it.
 */
final class KeyBoard {
    static final int WINDOW = 26;

    final String key;
    private final long liveFrom;
    long forecasts;
    double actual = Double.NaN;
    double forecast = Double.NaN;
    long modelVersion;
    private long lastTs = Long.MIN_VALUE;
    private final double[] modelAbs = new double[WINDOW];
    private final double[] naiveAbs = new double[WINDOW];
    private int filled;
    private int next;
    final ErrorStats model = new ErrorStats();
    final ErrorStats naive = new ErrorStats();

    KeyBoard(String key, long liveFrom) {
        this.key = key;
        this.liveFrom = liveFrom;
    }

    /** Takes the next forecast record of this key. */
    void add(long ts, double actualNow, double forecastNext, long version) {
        if (ts <= lastTs) {
            return; // a redelivered record (at-least-once): already counted
        }
        if (forecasts > 0 && Double.isFinite(actualNow) && Double.isFinite(forecast)) {
            double e = Math.abs(actualNow - forecast);
            double n = Math.abs(actualNow - actual);
            modelAbs[next] = e;
            naiveAbs[next] = n;
            next = (next + 1) % WINDOW;
            filled = Math.min(WINDOW, filled + 1);
            if (ts >= liveFrom) {
                model.add(actualNow, forecast);
                naive.add(actualNow, actual);
            }
        }
        forecasts++;
        lastTs = ts;
        actual = actualNow;
        forecast = forecastNext;
        modelVersion = version;
    }

    /** Timestamp of the latest forecast's observation, Long.MIN_VALUE before any. */
    long lastTs() {
        return lastTs;
    }

    /** Mean |error| of the model over the last {@link #WINDOW} scored points, NaN before any. */
    double rollingModelMae() {
        return mean(modelAbs);
    }

    double rollingNaiveMae() {
        return mean(naiveAbs);
    }

    private double mean(double[] a) {
        if (filled == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (int i = 0; i < filled; i++) {
            s += a[i];
        }
        return s / filled;
    }
}
