package dev.streamcast.model.eval;

/**
 * A one-step-ahead forecaster that learns online: {@link #forecast()} predicts the next value from what it has
 * observed so far; {@link #observe} then shows it the actual. Baselines implement it so that they are scored on
 * exactly the points the model is scored on.
 */
public interface OnlineForecaster {
    /** Forecast of the next value, NaN before anything was observed. */
    double forecast();

    /** Shows the forecaster the next actual value. */
    void observe(double value);

    /** "Tomorrow = today". */
    static OnlineForecaster naive() {
        return new SeasonalNaive(1);
    }

    /** The value one season ago (naive until a full season has been seen). */
    static OnlineForecaster seasonalNaive(int period) {
        return new SeasonalNaive(period);
    }

    /** Simple exponential smoothing with level weight alpha. */
    static OnlineForecaster ses(double alpha) {
        return new Ses(alpha);
    }
}
