package dev.streamcast.jobs.backtest;

import dev.streamcast.model.eval.ErrorStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Errors at one horizon h (backtest {@code --horizon H}): the h-step forecast of row i is made at row i - h, by the
 * model (entry h of the path it made there) and by the baselines from what was known at row i - h:
 *
 * <pre>
 *   naive           ŷ_i = y_{i-h}
 *   seasonal naive  ŷ_i = y_{i - m·⌈h/m⌉}       the value one season before the target (h &le; m: y_{i-m});
 *                                             y_{i-h} while that row does not exist
 *   SES             ŷ_i = ℓ_{i-h}               the level after row i - h, flat over the horizon (the one-step
 *                                             SES forecast of row i - h + 1)
 * </pre>
 *
 * Rows scored at horizon h: i &ge; max(1, trainEnd), i - h &ge; 0, where the model made an h-step forecast; every
 * method on the same rows. MASE divides each key's MAE by the same one-step in-sample naive MAE as the one-step
 * summary ({@link KeyScore#scale()}), so a MASE that grows with h shows how much harder the far steps are; the
 * overall MASE is the mean over keys, as in the one-step summary. At h = 1 the figures are the one-step summary's.
 *
 * @param h the horizon
 * @param pooled per method the error over every key's scored rows [4]
 * @param meanMase per method the mean over keys of the key's MASE at h [4], NaN if no key has one
 */
public record HorizonScore(int h, ErrorStats[] pooled, double[] meanMase) {

    /**
     * @param keys the one-step scores (series, baselines' one-step forecasts, season, scale)
     * @param paths per key the model's h-step forecast of each row [key][h - 1][row], NaN where none
     */
    public static List<HorizonScore> of(List<KeyScore> keys, double[][][] paths) {
        int hh = paths.length == 0 ? 0 : paths[0].length;
        List<HorizonScore> out = new ArrayList<>();
        for (int h = 1; h <= hh; h++) {
            int methods = KeyScore.METHODS.length;
            ErrorStats[] pooled = new ErrorStats[methods];
            double[] sum = new double[methods];
            int[] n = new int[methods];
            for (int j = 0; j < methods; j++) {
                pooled[j] = new ErrorStats();
            }
            for (int k = 0; k < keys.size(); k++) {
                ErrorStats[] key = forKey(keys.get(k), paths[k][h - 1], h);
                for (int j = 0; j < methods; j++) {
                    pooled[j].merge(key[j]);
                    double m = key[j].mase(keys.get(k).scale());
                    if (Double.isFinite(m)) {
                        sum[j] += m;
                        n[j]++;
                    }
                }
            }
            double[] mean = new double[methods];
            for (int j = 0; j < methods; j++) {
                mean[j] = n[j] == 0 ? Double.NaN : sum[j] / n[j];
            }
            out.add(new HorizonScore(h, pooled, mean));
        }
        return out;
    }

    /** One key's errors at horizon h, per method [4]; {@code model} is its h-step forecast of each row. */
    static ErrorStats[] forKey(KeyScore k, double[] model, int h) {
        double[] y = k.series().y();
        int m = Math.max(1, k.season());
        int back = m * ((h + m - 1) / m); // m·⌈h/m⌉
        double[] ses = k.forecasts()[3];
        ErrorStats[] s = new ErrorStats[KeyScore.METHODS.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = new ErrorStats();
        }
        for (int i = Math.max(Math.max(1, k.series().trainEnd()), h); i < y.length; i++) {
            if (Double.isNaN(model[i])) {
                continue;
            }
            s[0].add(y[i], model[i]);
            s[1].add(y[i], y[i - h]);
            s[2].add(y[i], i - back >= 0 ? y[i - back] : y[i - h]);
            s[3].add(y[i], ses[i - h + 1]);
        }
        return s;
    }
}
