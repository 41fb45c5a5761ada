package dev.streamcast.model.eval;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the baselines every accuracy report shows next to the model, fitted on a series' training part. */
public final class Baselines {
    /** How close (as a share of the best) a divisor's autocorrelation must come to be taken as the fundamental. */
    static final double FUNDAMENTAL_SHARE = 0.8;
    /** Longest seasonal period the backtest and the train command look for. */
    public static final int MAX_SEASON_LAG = 500;
    /** Rows a series needs before {@link #detectSeason} can find a period, and so to vote in {@link #commonSeason}. */
    public static final int MIN_VOTING_ROWS = 9;

    private Baselines() {}

    /**
     * One season for a global model of several series: the period {@link #detectSeason} finds on y[i][0, n[i]) with
     * lags up to {@link #MAX_SEASON_LAG}, in a vote weighted by each series' length n[i] (the smaller period on a
     * tie). A series too short to show a period does not vote: fewer than {@link #MIN_VOTING_ROWS} rows (detection
     * needs them) or fewer than two of the seasons it found; so a few tiny keys beside a long seasonal one cannot
     * take its season away. 1 if nobody votes or no period wins, or if no series has at least
     * {@code minRowsPerSeason}·m + {@code extraRows} rows to learn it from.
     */
    public static int commonSeason(List<double[]> y, int[] n, int minRowsPerSeason, int extraRows) {
        Map<Integer, Long> votes = new TreeMap<>();
        int longest = 0;
        for (int i = 0; i < y.size(); i++) {
            longest = Math.max(longest, n[i]);
            if (n[i] < MIN_VOTING_ROWS) {
                continue;
            }
            int m = detectSeason(y.get(i), n[i], MAX_SEASON_LAG);
            if (n[i] >= 2 * m) {
                votes.merge(m, (long) n[i], Long::sum);
            }
        }
        int m = 1;
        long most = 0;
        for (Map.Entry<Integer, Long> v : votes.entrySet()) {
            if (v.getValue() > most) {
                m = v.getKey();
                most = v.getValue();
            }
        }
        return longest >= minRowsPerSeason * m + extraRows ? m : 1;
    }

    /** SES with α fitted on y[0, trainEnd). */
    public static OnlineForecaster fittedSes(double[] y, int trainEnd) {
        return OnlineForecaster.ses(Ses.fitAlpha(y, trainEnd));
    }

    /**
     * Detects a seasonal period on y[0, n): the lag in [2, maxLag] with the highest autocorrelation of the first
     * differences, if it is a local peak above 0.2 (a conventional threshold: below it the lag explains little);
     * otherwise 1 (no season, so seasonal naive = naive). A period's multiples peak too, so when a smaller peak
     * divides the best lag and reaches at least {@link #FUNDAMENTAL_SHARE} of its autocorrelation at every one of its
     * multiples up to it, the smallest such peak is the period (monthly temperatures: 12, not 24; a smooth series'
     * short-lag peak, high at lag 2 but negative at 12, is not taken for the period of a 24-step cycle).
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
            if (peak && best % lag == 0 && everyMultipleReaches(acf, lag, best, FUNDAMENTAL_SHARE * bestAcf)) {
                return lag;
            }
        }
        return best;
    }

    /** Whether acf reaches {@code floor} at every multiple of p up to {@code best}: p repeats, not just peaks once. */
    private static boolean everyMultipleReaches(double[] acf, int p, int best, double floor) {
        for (int lag = p; lag <= best; lag += p) {
            if (acf[lag] < floor) {
                return false;
            }
        }
        return true;
    }
}
