package dev.streamcast.model.eval;

/**
 * Simple exponential smoothing: ℓ_t = α·y_t + (1 - α)·ℓ_{t-1}, ŷ_{t+1} = ℓ_t, with ℓ_1 = y_1.
 * {@link #fitAlpha} chooses α on a training part by one-step squared error.
 */
final class Ses implements OnlineForecaster {
    private final double alpha;
    private double level = Double.NaN;

    Ses(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("ses alpha must be in (0, 1], found " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public double forecast() {
        return level;
    }

    @Override
    public void observe(double value) {
        level = Double.isNaN(level) ? value : alpha * value + (1 - alpha) * level;
    }

    /** The α in {0.01, 0.02, ..., 1.00} with the least one-step squared error on y[0, n). 1 for n < 3. */
    static double fitAlpha(double[] y, int n) {
        double best = 1;
        double bestSse = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= 100 && n >= 3; k++) {
            double a = k / 100.0;
            double level = y[0];
            double sse = 0;
            for (int t = 1; t < n; t++) {
                double e = y[t] - level;
                sse += e * e;
                level = a * y[t] + (1 - a) * level;
            }
            if (sse < bestSse) {
                bestSse = sse;
                best = a;
            }
        }
        return best;
    }
}
