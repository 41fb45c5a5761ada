package dev.streamcast.model.train;

import dev.streamcast.model.Smoothing;
import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.step.HoltWinters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the exponential-smoothing half of the hybrid ({@link Smoothing}) on the training part, with the streaming
 * step's own recursion ({@link HoltWinters}). With a season, one global set of parameters for all keys (a key that
 * arrives after training gets the same; docs/accuracy.md, "The hybrid", says why not per key); without one, a global
 * set and one per key ({@link #fitNoSeason}):
 *
 * <ol>
 *   <li>with a season, log (when every value is &gt; 0) or not, trend or not, and α, β, γ as R's ets fits them:
 *       by likelihood over each key's training rows, the form by AICc ({@link SeasonalFit}; on the same whole
 *       training part: fitted on the rows before the validation tail only, johnsonjohnson's 61 rows chose other
 *       parameters that did worse). Without a season, on a grid ({@link #fitNoSeason});
 *   <li>then w, the network's weight, in {1, 0.9, ..., 0}, by the MASE (mean over keys of the MAE / the key's in-sample
 *       naive MAE) of the combination on the validation tail, where the network's forecasts are out of sample (w = 1
 *       wins ties: the network alone); when the tails hold n &lt; {@link #MIN_TAIL_POINTS} points in all, that
 *       weight shrunk toward Holt-Winters alone by the tails' length ({@link #shrunk});
 *   <li>then the gate against naive ({@link NaiveGate}): when the tails hold at least {@link #MIN_TAIL_POINTS}
 *       points and the combination is not significantly better than naive on them in absolute error (one-sided
 *       Diebold–Mariano, 5%) or is worse in squared error (the same statistic on squared errors not below 0) or in
 *       its bands (best constant or as served), the smoothing becomes naive (SES with α = 1, w = 0) and the forecast
 *       served is the last value.
 * </ol>
 */
final class SmoothingFit {
    private SmoothingFit() {}

    static final double[] ALPHAS = {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99};
    static final double[] BETAS = {0, 0.01, 0.02, 0.05, 0.1, 0.2};
    /**
     * Validation points (over all keys) below which the weight fitted on the tails is not served as it is but shrunk
     * ({@link #shrunk}): on tails of 5 to 37 points (johnsonjohnson, ukgas, nottem, co2) the fitted weight followed
     * the noise of a few points (docs/accuracy.md).
     */
    static final int MIN_TAIL_POINTS = 100;
    /** The strength of the prior toward Holt-Winters alone in {@link #shrunk}, in validation points. */
    static final int PRIOR_POINTS = 100;

    /**
     * One key's data.
     *
     * @param y the target's training values [end]
     * @param tail the first row of the validation tail [tail, end), on which w is fitted
     * @param network the network's one-step forecasts of rows [tail, end), original units
     * @param scale the key's in-sample naive MAE (&gt; 0)
     * @param start the time of the key's first row y[0], epoch ms ({@link Smoothing.Start}); Long.MIN_VALUE if unknown
     */
    record Key(String name, double[] y, int tail, double[] network, double scale, long start) {
        Key(String name, double[] y, int tail, double[] network, double scale) {
            this(name, y, tail, network, scale, Long.MIN_VALUE);
        }

        Key(double[] y, int tail, double[] network, double scale) {
            this(null, y, tail, network, scale);
        }
    }

    /** ψ's grid without a season: 1 (Holt alone) and the pulls toward the slow mean. */
    static final double[] FAST = {1, 0.99, 0.98, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.5};
    /** κ's grid, the slow mean's rate (for ψ &lt; 1): memories of about 100 down to 5 steps. */
    static final double[] SLOW = {0.01, 0.03, 0.05, 0.1, 0.2};

    /** The fitted smoothing after the gate against naive ({@link #gated}), or null when no key has rows to fit on. */
    static Smoothing fit(List<Key> keys, int season) {
        NaiveGate.Gated g = gated(keys, season);
        return g == null ? null : g.smoothing();
    }

    /**
     * The fitted smoothing passed through the significance gate against naive ({@link NaiveGate}): itself, or naive
     * when the forecast it serves is not significantly better than naive's on the validation tails in absolute error
     * or is worse in squared error; null when no key
     * has rows to fit on.
     */
    static NaiveGate.Gated gated(List<Key> keys, int season) {
        return gated(keys, season, new SeasonalFit.Memo());
    }

    /** As {@link #gated(List, int)}, the seasonal fit taken from {@code memo} when it has fitted the same rows. */
    static NaiveGate.Gated gated(List<Key> keys, int season, SeasonalFit.Memo memo) {
        return gated(keys, season, memo, Calibration.GAUSSIAN);
    }

    /**
     * As {@link #gated(List, int, SeasonalFit.Memo)}, for a model whose bands start from the calibration {@code
     * start} (the model file's: the gate replays the bands as served, {@link NaiveGate}).
     */
    static NaiveGate.Gated gated(List<Key> keys, int season, SeasonalFit.Memo memo, Calibration start) {
        Smoothing p = season > 1 ? fitSeasonal(keys, season, memo) : fitNoSeason(keys);
        return p == null ? null : NaiveGate.apply(keys, season, p, start);
    }

    /**
     * Without a season: the sets of the grid (Holt, α × β with ψ = 1; Holt pulled toward the slow mean, α × ψ &lt; 1
     * × κ with β = 0), on v, each scored per key by the MASE of its one-step errors over the key's training rows; the
     * global set has the lowest mean over keys, each named key also gets its own lowest (when it differs from the
     * global one): keys differ in noise (surveillance_momo's age groups from under 2 to over 300 deaths a week), and one set for
     * all of them did worse (docs/accuracy.md, "Without a season"). Then w as with a season, each key combining with
     * its own set.
     */
    static Smoothing fitNoSeason(List<Key> keys) {
        if (keys.stream().noneMatch(k -> k.tail() > 2)) {
            return null;
        }
        List<Smoothing> grid = new ArrayList<>();
        for (double a : ALPHAS) {
            for (double b : BETAS) {
                grid.add(new Smoothing(a, b, 0, false, 1));
            }
            for (double f : FAST) {
                for (double k : SLOW) {
                    if (f != 1) {
                        grid.add(new Smoothing(a, 0, 0, false, 1, f, k, Map.of()));
                    }
                }
            }
        }
        double[] state = new double[HoltWinters.stateSize(1)];
        double[][] score = new double[keys.size()][grid.size()];
        double[] total = new double[grid.size()];
        int[] counted = new int[grid.size()];
        for (int i = 0; i < keys.size(); i++) {
            for (int g = 0; g < grid.size(); g++) {
                score[i][g] = keyMase(keys.get(i), 1, grid.get(g), state, false);
                if (!Double.isNaN(score[i][g])) {
                    total[g] += score[i][g];
                    counted[g]++;
                }
            }
        }
        int best = -1;
        for (int g = 0; g < grid.size(); g++) {
            if (counted[g] > 0
                    && Double.isFinite(total[g] / counted[g])
                    && (best < 0 || total[g] / counted[g] < total[best] / counted[best])) {
                best = g;
            }
        }
        if (best < 0) {
            return null;
        }
        Smoothing global = grid.get(best);
        Map<String, Smoothing> own = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String name = keys.get(i).name();
            int kb = best;
            for (int g = 0; g < grid.size(); g++) {
                if (score[i][g] < score[i][kb] || (Double.isNaN(score[i][kb]) && Double.isFinite(score[i][g]))) {
                    kb = g;
                }
            }
            if (name != null && kb != best) {
                own.put(name, grid.get(kb));
            }
        }
        return weigh(keys, 1, global.withKeys(own), state);
    }

    /** The seasonal fit: one global set (see the class comment). */
    private static Smoothing fitSeasonal(List<Key> keys, int season, SeasonalFit.Memo memo) {
        boolean positive = true;
        boolean any = false;
        for (Key k : keys) {
            for (double v : k.y()) {
                positive &= v > 0;
            }
            any |= k.tail() > Math.max(1, season) + 1;
        }
        if (!any) {
            return null;
        }
        double[] state = new double[HoltWinters.stateSize(season)];
        Smoothing best = memo.fit(keys, season, positive);
        if (best == null) {
            return null;
        }
        return weigh(keys, season, best, state);
    }

    /** {@code p} with w fitted on the validation tails (see the class comment). */
    private static Smoothing weigh(List<Key> keys, int season, Smoothing p, double[] state) {
        int points = 0;
        for (Key k : keys) {
            points += k.network().length;
        }
        double bestW = 1;
        double bestTail = Double.POSITIVE_INFINITY;
        for (int i = 10; i >= 0; i--) {
            double w = i / 10.0;
            double score = tailMase(keys, season, p.withWeight(w), state);
            if (score < bestTail) {
                bestTail = score;
                bestW = w;
            }
        }
        return p.withWeight(points < MIN_TAIL_POINTS ? shrunk(bestW, points) : bestW);
    }

    /**
     * The network's weight served when the validation tails hold only n &lt; {@link #MIN_TAIL_POINTS} points: the
     * weight fitted on them shrunk toward 0, Holt-Winters alone, by their length,
     *
     * <pre>
     *   w = n · w_fit / (n + n₀),   n₀ = {@link #PRIOR_POINTS} = 100
     * </pre>
     *
     * the posterior mean of a weight whose prior says "the statistical model alone" with the strength of 100 points
     * and whose evidence is the tails' n points saying w_fit. On short seasonal series Holt-Winters with fitted
     * starting states is the stronger half (nottem: 0.371 alone against the network's 0.43-0.47), while a few tail
     * points can still move the weight: 19 points saying w_fit = 1 give w = 0.16. Chosen among the eight rules
     * measured at four seeds in docs/accuracy.md ("Nottem: starting states fitted as ets fits them"): the only one
     * deciding from the training part alone that brings nottem to ETS's 0.373, at the price of co2 +2.7%; the plain
     * average (w = 1/2) it replaces left nottem at 0.388.
     *
     * @param fitted w_fit, the weight fitted on the tails, in [0, 1]
     * @param n the tails' points over all keys, &ge; 0
     */
    static double shrunk(double fitted, int n) {
        return n * fitted / (n + PRIOR_POINTS);
    }

    /** Mean over keys of the combination's MAE over the validation tail [tail, end) / scale; +∞ if none. */
    static double tailMase(List<Key> keys, int season, Smoothing p, double[] state) {
        return mase(keys, season, p, state, true);
    }

    /**
     * The smoothing run over each key's rows: scores its one-step forecasts where finite (onTail false), or the
     * combination with the network's forecasts over the tail (onTail true); mean over keys of MAE / scale.
     */
    private static double mase(List<Key> keys, int season, Smoothing p, double[] state, boolean onTail) {
        double sum = 0;
        int n = 0;
        for (Key k : keys) {
            double m = keyMase(k, season, p.forKey(k.name()), state, onTail);
            if (!Double.isNaN(m)) {
                sum += m;
                n++;
            }
        }
        double score = sum / n;
        return n == 0 || !Double.isFinite(score) ? Double.POSITIVE_INFINITY : score;
    }

    /** One key's MAE / scale of {@link #mase}; NaN when nothing was scored. */
    private static double keyMase(Key k, int season, Smoothing p, double[] state, boolean onTail) {
        HoltWinters.begin(state, season, p);
        double err = 0;
        int count = 0;
        for (int t = 0; t < k.y().length; t++) {
            if (!onTail || t >= k.tail()) {
                double f = HoltWinters.forecast(state, season, p, 1);
                if (onTail) {
                    f = HoltWinters.combine(k.network()[t - k.tail()], f, p);
                }
                if (onTail || Double.isFinite(f)) {
                    err += Math.abs(f - k.y()[t]);
                    count++;
                }
            }
            HoltWinters.observe(state, season, p, k.y()[t]);
        }
        return count > 0 ? err / count / k.scale() : Double.NaN;
    }
}
