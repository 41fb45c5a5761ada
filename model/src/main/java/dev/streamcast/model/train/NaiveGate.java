package dev.streamcast.model.train;

import dev.streamcast.model.Smoothing;
import dev.streamcast.model.step.HoltWinters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The significance gate against naive: after the hybrid's weight is fitted, the forecast it would serve is compared
 * with naive's ("next = last") on the validation tail (out of sample for the network; the scored part is never seen),
 * by a one-sided Diebold–Mariano test on the absolute-error loss differential
 *
 * <pre>
 *   d_t = (|y_t - ŷ_t| - |y_t - y_{t-1}|) / scale_k        (scale_k: key k's in-sample naive MAE)
 *   DM  = d̄ / sqrt(Σ_k S_k / N²)                          (N points in all, d̄ their mean)
 *   S_k = γ_k(0) + 2 Σ_{j=1..L_k} (1 - j / (L_k + 1)) γ_k(j),   γ_k(j) = Σ_t (d_t - d̄)(d_{t-j} - d̄),   L_k = ⌊T_k^(1/3)⌋
 * </pre>
 *
 * (Diebold &amp; Mariano 1995; the Newey–West 1987 Bartlett-weighted long-run variance, within each key). The served
 * forecast is significantly better when DM &lt; -1.645 (5%, one-sided, standard normal). When it is not, naive is
 * served: the smoothing becomes {@link #NAIVE} (SES with α = 1: level = the last value, exactly; w = 0).
 *
 * <p>Pooling: the keys' differentials are pooled over points, each divided by its key's scale as the MASE divides its
 * errors, so that keys in different units weigh alike per point; keys are taken as independent of one another (the
 * autocovariances are summed within each key only), and are demeaned around the pooled mean, so that keys that differ
 * in their mean differential widen the variance rather than hide in it: a gain on one key does not pass the gate on
 * the strength of many keys' points unless it holds across them.
 *
 * <p>Applied only when the tails hold at least {@link SmoothingFit#MIN_TAIL_POINTS} points (6-37 points of a short
 * seasonal series cannot show significance), and only without a season: with one, Holt-Winters cannot be naive (its
 * seasonal terms stay in the forecast), so a seasonal model that fails the gate keeps its hybrid and says so.
 */
public final class NaiveGate {
    private NaiveGate() {}

    /** The 5% one-sided critical value of the standard normal. */
    static final double CRITICAL = -1.6448536269514722;

    /** Naive as a smoothing: SES with α = 1 (β = 0, ψ = 1), on v, network weight 0: ŷ = the last value, exactly. */
    public static final Smoothing NAIVE = new Smoothing(1, 0, 0, false, 0);

    /** What the gate decided. */
    public enum Outcome {
        /** the tails hold fewer than MIN_TAIL_POINTS points: not tested, the hybrid kept */
        SHORT,
        /** significantly better than naive: the hybrid kept */
        PASSED,
        /** not significantly better: naive served */
        NAIVE,
        /** not significantly better, but with a season naive cannot be served: the hybrid kept */
        SEASONAL_KEPT
    }

    /**
     * The decision and the statistic.
     *
     * @param statistic DM (negative: the served forecast's absolute errors are lower than naive's); NaN when not tested
     * @param points the validation points it was computed on
     */
    public record Decision(Outcome outcome, double statistic, int points) {
        /** "naive served (DM -0.84 on 2,150 validation points; not below -1.645)", and the like. */
        public String describe() {
            String dm = String.format(Locale.ROOT, "DM %.2f on %d validation points", statistic, points);
            return switch (outcome) {
                case SHORT ->
                    "not tested (" + points + " validation points, " + SmoothingFit.MIN_TAIL_POINTS
                            + " needed): the hybrid kept";
                case PASSED -> "the hybrid kept, significantly better than naive (" + dm + " < -1.645)";
                case NAIVE -> "naive served, the hybrid not significantly better (" + dm + ", not < -1.645)";
                case SEASONAL_KEPT ->
                    "not significantly better than naive (" + dm
                            + ", not < -1.645), but a seasonal model cannot serve naive: the hybrid kept";
            };
        }
    }

    /** Applies the gate to the fitted smoothing {@code p}: {@code p} itself or {@link #NAIVE}, and the decision. */
    static Gated apply(List<SmoothingFit.Key> keys, int season, Smoothing p) {
        int points = 0;
        for (SmoothingFit.Key k : keys) {
            points += k.network().length;
        }
        if (points < SmoothingFit.MIN_TAIL_POINTS) {
            return new Gated(p, new Decision(Outcome.SHORT, Double.NaN, points));
        }
        List<double[]> d = differentials(keys, season, p);
        int n = 0;
        for (double[] k : d) {
            n += k.length;
        }
        double dm = statistic(d);
        if (dm < CRITICAL) {
            return new Gated(p, new Decision(Outcome.PASSED, dm, n));
        }
        return season > 1
                ? new Gated(p, new Decision(Outcome.SEASONAL_KEPT, dm, n))
                : new Gated(NAIVE, new Decision(Outcome.NAIVE, dm, n));
    }

    /** A smoothing after the gate, and the decision. */
    record Gated(Smoothing smoothing, Decision decision) {}

    /** Each key's d_t over its validation tail (rows where both forecasts and the actual are finite). */
    static List<double[]> differentials(List<SmoothingFit.Key> keys, int season, Smoothing p) {
        List<double[]> out = new ArrayList<>();
        double[] state = new double[HoltWinters.stateSize(season)];
        for (SmoothingFit.Key k : keys) {
            Smoothing sp = p.forKey(k.name());
            HoltWinters.reset(state, sp);
            double[] d = new double[k.y().length - k.tail()];
            int n = 0;
            for (int t = 0; t < k.y().length; t++) {
                if (t >= k.tail() && t >= 1) {
                    double served = HoltWinters.combine(
                            k.network()[t - k.tail()], HoltWinters.forecast(state, season, sp, 1), sp);
                    double y = k.y()[t];
                    double dt = (Math.abs(y - served) - Math.abs(y - k.y()[t - 1])) / k.scale();
                    if (Double.isFinite(dt)) {
                        d[n++] = dt;
                    }
                }
                HoltWinters.observe(state, season, sp, k.y()[t]);
            }
            out.add(java.util.Arrays.copyOf(d, n));
        }
        return out;
    }

    /** DM of the pooled differentials (see the class comment); ±∞ or 0 when their variance is 0; NaN when empty. */
    static double statistic(List<double[]> d) {
        double sum = 0;
        int n = 0;
        for (double[] k : d) {
            for (double v : k) {
                sum += v;
            }
            n += k.length;
        }
        if (n == 0) {
            return Double.NaN;
        }
        double mean = sum / n; // d̄
        double s = 0; // Σ_k S_k
        for (double[] k : d) {
            int lags = (int) Math.floor(Math.cbrt(k.length) + 1e-9); // L_k = ⌊T_k^(1/3)⌋
            s += autocovariance(k, mean, 0);
            for (int j = 1; j <= lags && j < k.length; j++) {
                s += 2 * (1 - j / (lags + 1.0)) * autocovariance(k, mean, j); // Bartlett weights
            }
        }
        if (!(s > 0)) {
            return mean < 0 ? Double.NEGATIVE_INFINITY : mean > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return mean / Math.sqrt(s / ((double) n * n));
    }

    /** γ(j) = Σ_{t ≥ j} (d_t - d̄)(d_{t-j} - d̄), a sum (not divided by T). */
    private static double autocovariance(double[] d, double mean, int j) {
        double g = 0;
        for (int t = j; t < d.length; t++) {
            g += (d[t] - mean) * (d[t - j] - mean);
        }
        return g;
    }
}
