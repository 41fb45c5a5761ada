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
        return commonSeason(null, y, n, minRowsPerSeason, extraRows);
    }

    /**
     * {@link #commonSeason(List, int[], int, int)} with each series' timestamps, so that each key's period comes from
     * the calendar first ({@link #detectSeason(long[], double[], int, int)}); {@code ts} null: values only.
     */
    public static int commonSeason(List<long[]> ts, List<double[]> y, int[] n, int minRowsPerSeason, int extraRows) {
        Map<Integer, Long> votes = new TreeMap<>();
        int longest = 0;
        for (int i = 0; i < y.size(); i++) {
            longest = Math.max(longest, n[i]);
            if (n[i] < MIN_VOTING_ROWS) {
                continue;
            }
            int m = ts == null
                    ? detectSeason(y.get(i), n[i], MAX_SEASON_LAG)
                    : detectSeason(ts.get(i), y.get(i), n[i], MAX_SEASON_LAG);
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
     * The seasonal period of a series sampled at times ts[0, n): the calendar first, the data second. The sampling
     * interval ({@link #calendarPeriod}) names a candidate period, as forecasting libraries do (GluonTS's
     * {@code get_seasonality}): half-hourly 48, hourly 24, daily 7, business-daily 5, weekly 52, monthly 12,
     * quarterly 4, yearly 1. The candidate is taken when the autocorrelation of the first differences reaches
     * {@link #CONFIRM_ACF} at some lag within {@link #tolerance} of it (a short noisy monthly series may peak at 11
     * and 13 rather than 12), else the period is 1 (no season). Only when the interval names no candidate (irregular
     * sampling, or an interval no calendar cycle fits) does the free search {@link #detectSeason(double[], int, int)}
     * look at every lag.
     */
    public static int detectSeason(long[] ts, double[] y, int n, int maxLag) {
        int c = calendarPeriod(ts, n);
        if (c == 0) {
            return detectSeason(y, n, maxLag);
        }
        if (c == 1 || c > maxLag) {
            return 1;
        }
        double[] acf = diffAcf(y, n, c + tolerance(c));
        if (acf == null || c > (n - 1) / 2) {
            return 1;
        }
        for (int lag = Math.max(2, c - tolerance(c)); lag <= c + tolerance(c) && lag < acf.length; lag++) {
            if (acf[lag] >= CONFIRM_ACF) {
                return c;
            }
        }
        return 1;
    }

    /** How far from a calendar candidate c the autocorrelation may peak and still confirm it: c/10, at least 1. */
    static int tolerance(int c) {
        return Math.max(1, (int) Math.round(c / 10.0));
    }

    /**
     * The period the calendar suggests for timestamps ts[0, n) (epoch ms): from the median gap between rows, when
     * at least {@link #REGULAR_SHARE} of the gaps are of that kind; 0 when the sampling is irregular, or its interval
     * fits no calendar cycle (say every 2 days), or there are fewer than 3 rows. Sub-daily intervals that divide a
     * day: the rows in a day (hourly 24, half-hourly 48, 15 minutes 96); under a minute, the rows in an hour. Daily
     * 7, or 5 when weekends are missing (business days: gaps of 3 days); weekly 52; monthly (28-31 days) 12;
     * quarterly (89-92 days) 4; yearly (365-366 days) 1.
     */
    public static int calendarPeriod(long[] ts, int n) {
        if (ts == null || n < 3) {
            return 0;
        }
        long[] gaps = new long[n - 1];
        for (int t = 0; t < gaps.length; t++) {
            gaps[t] = ts[t + 1] - ts[t];
        }
        long[] sorted = gaps.clone();
        java.util.Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        int kind = gapKind(median);
        if (kind == 0) {
            return 0;
        }
        int same = 0;
        int weekends = 0;
        for (long g : gaps) {
            if (gapKind(g) == kind) {
                same++;
            } else if (median == DAY && g == 3 * DAY) {
                weekends++;
            }
        }
        if (same + weekends < REGULAR_SHARE * gaps.length) {
            return 0;
        }
        return median == DAY && weekends > 0 ? 5 : kind;
    }

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Share of the gaps that must be of the median's kind for the sampling to count as regular. */
    static final double REGULAR_SHARE = 2.0 / 3;
    /** Autocorrelation of the first differences near a calendar candidate that confirms it (as the free search's). */
    static final double CONFIRM_ACF = 0.2;

    /** The calendar period a gap between two rows suggests (see {@link #calendarPeriod}), 0 if none. */
    private static int gapKind(long gap) {
        if (gap <= 0) {
            return 0;
        }
        if (gap < MINUTE) {
            return HOUR % gap == 0 ? (int) (HOUR / gap) : 0;
        }
        if (gap < DAY) {
            return DAY % gap == 0 ? (int) (DAY / gap) : 0;
        }
        if (gap == DAY) {
            return 7;
        }
        if (gap == 7 * DAY) {
            return 52;
        }
        if (gap >= 28 * DAY && gap <= 31 * DAY) {
            return 12;
        }
        if (gap >= 89 * DAY && gap <= 92 * DAY) {
            return 4;
        }
        if (gap >= 365 * DAY && gap <= 366 * DAY) {
            return 1;
        }
        return 0;
    }

    /**
     * The autocorrelation of the mean-removed first differences of y[0, n) at lags 0..maxLag (fewer if the series is
     * shorter), or null when there are fewer than 8 differences or they are constant.
     */
    private static double[] diffAcf(double[] y, int n, int maxLag) {
        int len = n - 1;
        if (len < 8) {
            return null;
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
            return null;
        }
        double[] acf = new double[Math.min(maxLag, len - 1) + 1];
        for (int lag = 1; lag < acf.length; lag++) {
            double s = 0;
            for (int t = lag; t < len; t++) {
                s += d[t] * d[t - lag];
            }
            acf[lag] = s / var;
        }
        return acf;
    }

    /**
     * Detects a seasonal period on y[0, n) from the values alone (the free search): the lag in [2, maxLag] with the highest autocorrelation of the first
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
