package dev.streamcast.jobs.backtest;

import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.interval.ConformalBands;
import java.util.Arrays;

/**
 * One key's prediction intervals, scored: the model's bands as the forecast operator emitted them, and the same
 * calibrator ({@link ConformalBands}, same levels and settings) applied to the naive forecast's residuals, started
 * the way the operator starts the model's ({@link NaiveStart}): from the first row after the model's training data,
 * with the naive's own starting calibration and, where the model has a starting scale for the key, the naive's own
 * starting scale, both computed from the naive's errors on the same validation rows as the model's. Both are scored
 * on the same rows: the key's scored rows (see {@link KeyScore#scored}) where both have bounds.
 *
 * <p>Per level with α = 1 - level, over those rows: coverage = the fraction of actuals y with lower ≤ y ≤ upper;
 * width = mean(upper - lower); Winkler score = mean(upper - lower + (2/α)(lower - y)·1{y &lt; lower} + (2/α)(y -
 * upper)·1{y &gt; upper}) (Winkler 1972: lower is better; a miss costs 2/α times its distance). Width and Winkler are
 * reported divided by the key's MASE scale (the in-sample one-step naive MAE), so keys of different sizes average.
 *
 * @param levels the levels, sorted [L]
 * @param lower the model's lower bound of each row per level [L][n], NaN where none
 * @param upper the model's upper bounds [L][n]
 * @param naiveLower the naive forecast's calibrated lower bounds [L][n]
 * @param naiveUpper the naive forecast's calibrated upper bounds [L][n]
 * @param model per level the model's stats [L]
 * @param naive per level the naive's stats [L]
 */
public record IntervalScore(
        double[] levels,
        double[][] lower,
        double[][] upper,
        double[][] naiveLower,
        double[][] naiveUpper,
        Stats[] model,
        Stats[] naive) {

    /**
     * Where and how the naive forecast's band starts, mirroring the model's: it observes its residuals from row
     * {@code row} on (the first row after the model's training data, where the model's band starts observing), its
     * trackers start from {@code calibration}, and it is primed with {@code scale} ({@link ConformalBands#prime}; NaN:
     * it warms up on its first 10 residuals from {@code row}, as the model's band of a key without a starting scale)
     * as the mean of {@code errors} errors ({@link ConformalBands#prime(float[], double, int)}); {@code relative}:
     * residuals and bounds relative to the naive forecast, as the model's are when its bands are relative.
     */
    public record NaiveStart(int row, double scale, int errors, boolean relative, Calibration calibration) {
        /** From the model's first forecast, Gaussian, not primed: a model without training data or scales. */
        public static final NaiveStart FIRST_FORECAST = new NaiveStart(0, Double.NaN, Calibration.GAUSSIAN);

        /** Absolute, primed (unless scale is NaN) as the mean of at least the warm-up's errors. */
        public NaiveStart(int row, double scale, Calibration calibration) {
            this(row, scale, Integer.MAX_VALUE, false, calibration);
        }
    }

    /** Sums over the scored rows of one method and level. */
    public static final class Stats {
        public long count;
        public long hits;
        public double widthSum;
        public double winklerSum;

        void add(double lo, double hi, double y, double alpha) {
            count++;
            hits += lo <= y && y <= hi ? 1 : 0;
            widthSum += hi - lo;
            winklerSum += IntervalScore.winkler(lo, hi, y, alpha);
        }

        public double coverage() {
            return count == 0 ? Double.NaN : (double) hits / count;
        }

        /** Mean width divided by {@code scale}. */
        public double width(double scale) {
            return count == 0 ? Double.NaN : widthSum / count / scale;
        }

        /** Mean Winkler score divided by {@code scale}. */
        public double winkler(double scale) {
            return count == 0 ? Double.NaN : winklerSum / count / scale;
        }
    }

    /** The Winkler interval score of [lo, hi] at level 1 - α for the actual y. */
    public static double winkler(double lo, double hi, double y, double alpha) {
        double s = hi - lo;
        if (y < lo) {
            s += 2 / alpha * (lo - y);
        } else if (y > hi) {
            s += 2 / alpha * (y - hi);
        }
        return s;
    }

    /**
     * Scores key k's bands.
     *
     * @param lower the model's lower bounds per level and row [L][n] (NaN where the operator gave none)
     * @param upper the model's upper bounds [L][n]
     */
    public static IntervalScore of(KeyScore k, double[] levels, double[][] lower, double[][] upper) {
        return of(k, levels, lower, upper, NaiveStart.FIRST_FORECAST);
    }

    /**
     * Scores key k's bands, the naive's started as {@code start} says.
     *
     * @param lower the model's lower bounds per level and row [L][n] (NaN where the operator gave none)
     * @param upper the model's upper bounds [L][n]
     */
    public static IntervalScore of(KeyScore k, double[] levels, double[][] lower, double[][] upper, NaiveStart start) {
        double[] y = k.series().y();
        double[] naiveForecast = k.forecasts()[1];
        double[] modelForecast = k.forecasts()[KeyScore.MODEL];
        int n = y.length;
        int levelCount = levels.length;
        double[][] nLo = new double[levelCount][n];
        double[][] nHi = new double[levelCount][n];
        for (double[] a : nLo) {
            Arrays.fill(a, Double.NaN);
        }
        for (double[] a : nHi) {
            Arrays.fill(a, Double.NaN);
        }
        ConformalBands bands = new ConformalBands(levels);
        float[] s = null;
        for (int i = 0; i < n; i++) {
            if (s == null && i >= start.row() && !Double.isNaN(modelForecast[i])) {
                // where the operator's band of the model starts observing
                s = bands.newState(start.calibration(), start.relative());
                bands.prime(s, start.scale(), start.errors());
            }
            if (s == null || Double.isNaN(naiveForecast[i])) {
                continue;
            }
            if (bands.ready(s)) {
                for (int l = 0; l < levelCount; l++) {
                    nLo[l][i] = bands.lower(s, l, naiveForecast[i]);
                    nHi[l][i] = bands.upper(s, l, naiveForecast[i]);
                }
            }
            bands.observe(s, naiveForecast[i], y[i]);
        }
        Stats[] model = new Stats[levelCount];
        Stats[] naive = new Stats[levelCount];
        for (int l = 0; l < levelCount; l++) {
            model[l] = new Stats();
            naive[l] = new Stats();
            double alpha = 1 - levels[l];
            for (int i = 0; i < n; i++) {
                if (k.scored(i) && !Double.isNaN(lower[l][i]) && !Double.isNaN(nLo[l][i])) {
                    model[l].add(lower[l][i], upper[l][i], y[i], alpha);
                    naive[l].add(nLo[l][i], nHi[l][i], y[i], alpha);
                }
            }
        }
        return new IntervalScore(levels, lower, upper, nLo, nHi, model, naive);
    }
}
