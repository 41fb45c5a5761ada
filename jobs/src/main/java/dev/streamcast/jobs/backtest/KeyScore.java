package dev.streamcast.jobs.backtest;

import dev.streamcast.model.eval.Baselines;
import dev.streamcast.model.eval.ErrorStats;
import dev.streamcast.model.eval.OnlineForecaster;
import java.util.Arrays;

/**
 * One key's scored rows: the model's one-step forecasts and the three baselines' forecasts of every row, and their
 * error statistics over the scored rows, i.e. rows i &ge; trainEnd (and i &ge; 1) that the model forecast. Every
 * method is scored on exactly the same rows.
 *
 * <p>Baselines, all one step ahead and updated with every row from the start of the series: naive ŷ_i = y_{i-1};
 * seasonal naive ŷ_i = y_{i-m} (naive until m rows are seen); SES with α fitted on the training part.
 *
 * @param forecasts per method (see {@link #METHODS}) the forecast of each row [4][n], NaN where none
 * @param versions the version of the model that forecast each row [n], 0 where none
 * @param stats per method the error over the scored rows [4]
 * @param scale the in-sample one-step naive MAE of the training part (the MASE denominator)
 * @param season the seasonal-naive period used
 * @param intervals the prediction intervals scored ({@link IntervalScore}), null when there are none
 */
public record KeyScore(
        BacktestData.Series series,
        double[][] forecasts,
        long[] versions,
        ErrorStats[] stats,
        double scale,
        int season,
        IntervalScore intervals) {

    /** The methods in output order: the model, then the baselines. */
    public static final String[] METHODS = {"model", "naive", "seasonal_naive", "ses"};

    public static final int MODEL = 0;

    /** This key with its prediction intervals scored (bounds per level and row [L][n], NaN where none). */
    public KeyScore withIntervals(double[] levels, double[][] lower, double[][] upper) {
        return withIntervals(levels, lower, upper, IntervalScore.NaiveStart.FIRST_FORECAST);
    }

    /** As above, the naive's band started as {@code naive} says. */
    public KeyScore withIntervals(double[] levels, double[][] lower, double[][] upper, IntervalScore.NaiveStart naive) {
        KeyScore k = new KeyScore(series, forecasts, versions, stats, scale, season, null);
        return new KeyScore(
                series, forecasts, versions, stats, scale, season, IntervalScore.of(k, levels, lower, upper, naive));
    }

    /** Whether row i is scored. */
    public boolean scored(int i) {
        return i >= Math.max(1, series.trainEnd()) && !Double.isNaN(forecasts[MODEL][i]);
    }

    public long count() {
        return stats[MODEL].count();
    }

    /**
     * Scores one key.
     *
     * @param model the model's forecast of each row [n] (made at the previous row), NaN where none
     * @param versions model version per row [n]
     * @param season the seasonal period, or 0 to detect it on the training part
     */
    public static KeyScore of(BacktestData.Series s, double[] model, long[] versions, int season) {
        int n = s.size();
        double[] y = s.y();
        int train = s.trainEnd();
        int m = season > 0 ? season : Baselines.detectSeason(s.ts(), y, train, Baselines.MAX_SEASON_LAG);
        OnlineForecaster[] baselines = {
            OnlineForecaster.naive(), OnlineForecaster.seasonalNaive(m), Baselines.fittedSes(y, train)
        };
        double[][] f = new double[METHODS.length][n];
        f[MODEL] = model;
        for (int b = 0; b < baselines.length; b++) {
            for (int i = 0; i < n; i++) {
                f[b + 1][i] = baselines[b].forecast();
                baselines[b].observe(y[i]);
            }
        }
        ErrorStats[] stats = new ErrorStats[METHODS.length];
        Arrays.setAll(stats, k -> new ErrorStats());
        KeyScore k = new KeyScore(s, f, versions, stats, ErrorStats.naiveScale(y, 0, train), m, null);
        for (int i = 0; i < n; i++) {
            if (k.scored(i)) {
                for (int j = 0; j < METHODS.length; j++) {
                    stats[j].add(y[i], f[j][i]);
                }
            }
        }
        return k;
    }
}
