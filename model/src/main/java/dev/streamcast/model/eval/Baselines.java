package dev.streamcast.model.eval;

/** Builds the baselines every accuracy report shows next to the model, fitted on a series' training part. */
public final class Baselines {
    /** How close (as a share of the best) a divisor's autocorrelation must come to be taken as the fundamental. */
    static final double FUNDAMENTAL_SHARE = 0.8;

    private Baselines() {}

    /** SES with α fitted on y[0, trainEnd). */
    public static OnlineForecaster fittedSes(double[] y, int trainEnd) {
        return OnlineForecaster.ses(Ses.fitAlpha(y, trainEnd));
    }

    /**
     * Detects a seasonal period on y[0, n): the lag in [2, maxLag] with the highest autocorrelation of the first
     * differences, if it is a local peak above 0.2 (a conventional threshold: below it the lag explains little);
     * otherwise 1 (no season, so seasonal naive = naive). A period's multiples peak too, so when a smaller peak
     * divides the best lag and reaches at least {@link #FUNDAMENTAL_SHARE} of its autocorrelation, the smallest such
     * peak is the period (monthly temperatures: 12, not 24).
     */
    public static int detectSeason(double[] y, int n, int maxLag) {
        int len = n - 1;
        if (len < 8) {
            return 1;
        }
        double[] d = new double[len];
        double mean = 0;
        for (int t = 0; t < len; t++) {
            d[t] = y[t + 1] - y[t];
            mean += d[t];
        }
        mean /= len;
        double var = 0;
        for (int t = 0; t < len; t++) {
            d[t] -= mean;
            var += d[t] * d[t];
        }
        if (var == 0) {
            return 1;
        }
        int top = Math.min(maxLag, len / 2);
        double[] acf = new double[top + 2];
        for (int lag = 1; lag <= top + 1 && lag < len; lag++) {
            double s = 0;
            for (int t = lag; t < len; t++) {
                s += d[t] * d[t - lag];
            }
            acf[lag] = s / var;
        }
        int best = 1;
        double bestAcf = 0.2;
        for (int lag = 2; lag <= top; lag++) {
            boolean peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
            if (peak && acf[lag] > bestAcf) {
                bestAcf = acf[lag];
                best = lag;
            }
        }
        for (int lag = 2; lag < best; lag++) {
            boolean peak = acf[lag] >= acf[lag - 1] && acf[lag] >= acf[lag + 1];
            if (peak && best % lag == 0 && acf[lag] > 0.2 && acf[lag] >= FUNDAMENTAL_SHARE * bestAcf) {
                return lag;
            }
        }
        return best;
    }
}
