package dev.streamcast.model.train;

import dev.streamcast.model.Smoothing;
import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.interval.ConformalBands;
import dev.streamcast.model.step.HoltWinters;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The significance gate against naive: after the hybrid's weight is fitted, the forecast it would serve is compared
 * with naive's ("next = last") on the validation tail (out of sample for the network; the scored part is never seen),
 * by Diebold–Mariano statistics of one form: on the absolute-error loss differential, on the squared-error loss
 * differential and (below) on the Winkler-score differential of the two forecasts' bands
 *
 * <pre>
 *   d_t = (|y_t - ŷ_t| - |y_t - y_{t-1}|) / scale_k                (scale_k: key k's in-sample naive MAE)
 *   e_t = ((y_t - ŷ_t)² - (y_t - y_{t-1})²) / scale_k²
 *   DM  = d̄ / sqrt(Σ_k S_k / N²)                                  (N points in all, d̄ their mean; DM² the same of e)
 *   S_k = γ_k(0) + 2 Σ_{j=1..L_k} (1 - j / (L_k + 1)) γ_k(j),   γ_k(j) = Σ_t (d_t - d̄)(d_{t-j} - d̄),   L_k = ⌊T_k^(1/3)⌋
 * </pre>
 *
 * (Diebold &amp; Mariano 1995; the Newey–West 1987 Bartlett-weighted long-run variance, within each key), and the
 * same statistic DMᵂ of the Winkler-score differential of the two forecasts' bands at each of {@link #LEVELS}
 * ({@link #winkler}: each forecast's constant band from the quantiles of its own scaled validation errors), and DMˢ
 * of the Winkler-score differential of the two bands as they would be served ({@link #served}: the conformal
 * calibrator replayed over the validation tail, each band started as the forecast job and the backtest start it).
 * The served forecast is kept when it is significantly better than naive in absolute error, DM &lt; -1.645 (5%,
 * one-sided, standard normal), <b>and</b> not worse in squared error, DM² &lt; 0, <b>and</b> its band not worse at
 * any of the levels, DMᵂ &lt; 0 and DMˢ &lt; 0 at each. Otherwise naive is served: the smoothing becomes {@link
 * #NAIVE} (SES with α = 1: level = the last value, exactly; w = 0).
 *
 * <p>Why squared errors too, and why that condition has no critical value. The project serves a point forecast and bands around
 * it: the absolute error is what the MASE scores, the tails are what a 95% band pays for, and a forecast that is a
 * little better most of the time but a little worse in its large errors (on timeseries_usdchf the hybrid's MAE is
 * 0.2% below naive's and its RMSE 0.1% above, docs/accuracy.md) makes a band that loses to naive's. Requiring
 * significance in squared error as well (DM² &lt; -1.645) would ask for power that squared-error differentials do
 * not have: they are dominated by the few largest errors (kurtosis about 10 on the price series), so on the 250 to
 * 500 validation points of sunspot_month or surveillance_momo a real gain would often not show, and naive would be
 * served where the hybrid is better. The opposite one-sided test (naive only when significantly worse, DM² &gt;
 * 1.645) puts the burden of proof on the wrong side and has the same lack of power: usdchf's +0.3 to +1.1 on 5,000
 * points would pass it. DM² &lt; 0 asks only that the estimate not point the wrong way: it needs no power (a
 * hybrid whose squared-error gain is real passes with probability Φ(gain·√N/σ) &gt; 1/2, tending to 1 with the tail's
 * length), and where the difference is nothing but noise (a random walk, on 2,000 points or 5,000) either outcome
 * serves a forecast within noise of naive in both losses, which is all the second condition is for: the evidence
 * that the hybrid is better comes from the first.
 *
 * <p>Why the bands as well. The squared error weighs every large error alike; a band at level 1 - a pays only for
 * the errors beyond its a/2 and 1 - a/2 quantiles: the Winkler score of a band [q⁻, q⁺] is (2/a) times the sum of
 * the pinball losses of q⁻ at a/2 and of q⁺ at 1 - a/2 (Gneiting &amp; Raftery 2007), so with each forecast's best
 * constant band on the validation errors, DMᵂ compares the two forecasts' error distributions exactly where the
 * bands of the default levels sit. On timeseries_usdchf at seed 3 the hybrid's squared-error DM is -0.28 (passes)
 * while DMᵂ at 0.95 is +2.4: its 95% band would lose to naive's, and did on the scored part (docs/accuracy.md). The
 * quantiles are fitted on the same points they are scored on, which flatters both forecasts alike; the threshold
 * is 0 for the reason given for DM².
 *
 * <p>Why the bands as served too. The best constant band compares the two error distributions, but the band a
 * forecaster gets is the online calibrator's, started from the model file's starting calibration (the quantiles of
 * the network's validation errors, not the served combination's) and the key's starting scale, while naive's band,
 * which it is scored against, starts from naive's own calibration and scale (the backtest's {@code naiveStarts}).
 * DMˢ replays exactly that over the validation tail: per key and forecast a {@link ConformalBands} at {@link
 * #LEVELS}, started from its calibration and primed with the mean absolute error of the key's tail (as {@code
 * ModelFitter.startScales} and the backtest prime them; a key with fewer than {@link ModelFitter#MIN_START_ERRORS}
 * errors warms up instead), each row scored with the band given before its actual is seen; absolute bands, as every
 * model the gate can send to naive has (relative bands come with a log smoothing, i.e. a season, where the gate cannot
 * serve naive and DMˢ is only reported). On eustockmarkets the
 * hybrid's errors on the tail are lighter than naive's in every loss and in their best constant bands (DMᵂ &lt; 0),
 * but its 95% band as served loses to naive's at every seed (DMˢ +0.24 to +1.47), as it did on the scored part
 * (docs/accuracy.md, "The gate's band condition as served"). The threshold is 0 for the reason given for DM².
 *
 * <p>Pooling: the keys' differentials are pooled over points, each divided by its key's scale as the MASE divides its
 * errors (squared, for the squared errors), so that keys in different units weigh alike per point; keys are taken as
 * independent of one another (the autocovariances are summed within each key only), and are demeaned around the
 * pooled mean, so that keys that differ in their mean differential widen the variance rather than hide in it: a gain
 * on one key does not pass the gate on the strength of many keys' points unless it holds across them.
 *
 * <p>Applied only when the tails hold at least {@link SmoothingFit#MIN_TAIL_POINTS} points (6-37 points of a short
 * seasonal series cannot show significance, and with 16 points one large error would decide the squared-error sign),
 * and only without a season: with one, Holt-Winters cannot be naive (its seasonal terms stay in the forecast), so a
 * seasonal model that fails the gate keeps its hybrid and says so.
 */
public final class NaiveGate {
    private NaiveGate() {}

    /** The 5% one-sided critical value of the standard normal. */
    static final double CRITICAL = -1.6448536269514722;

    /** Naive as a smoothing: SES with α = 1 (β = 0, ψ = 1), on v, network weight 0: ŷ = the last value, exactly. */
    public static final Smoothing NAIVE = new Smoothing(1, 0, 0, false, 0);

    /**
     * The levels whose bands the Winkler condition compares: the default {@code --interval-levels}. A model is trained
     * before any forecast job's levels are known, so the gate takes the defaults.
     */
    public static final double[] LEVELS = {0.8, 0.95};

    /** What the gate decided. */
    public enum Outcome {
        /** the tails hold fewer than MIN_TAIL_POINTS points: not tested, the hybrid kept */
        SHORT,
        /** significantly better than naive in absolute error, not worse in squared error nor in its bands: kept */
        PASSED,
        /** not significantly better in absolute error, or worse in squared error or in its bands: naive served */
        NAIVE,
        /** failed as NAIVE, but with a season naive cannot be served: the hybrid kept */
        SEASONAL_KEPT
    }

    /**
     * The decision and the statistics (each NaN when not tested).
     *
     * @param statistic DM on the absolute errors (negative: the served forecast's absolute errors are lower than
     *     naive's)
     * @param squared DM² on the squared errors (negative: lower than naive's)
     * @param winkler DMᵂ at each of {@link #LEVELS} (negative: the served forecast's best constant band scores lower
     *     than naive's)
     * @param served DMˢ at each of {@link #LEVELS} (negative: the served forecast's band as served scores lower than
     *     naive's band)
     * @param points the validation points they were computed on
     */
    public record Decision(
            Outcome outcome, double statistic, double squared, List<Double> winkler, List<Double> served, int points) {
        public Decision {
            winkler = List.copyOf(winkler);
            served = List.copyOf(served);
        }

        /** Not tested: every statistic NaN. */
        static Decision shortTail(int points) {
            List<Double> none = new ArrayList<>();
            for (double ignored : LEVELS) {
                none.add(Double.NaN);
            }
            return new Decision(Outcome.SHORT, Double.NaN, Double.NaN, none, none, points);
        }

        /** "naive served: the hybrid not significantly better in absolute error (DM -0.84, ...)", and the like. */
        public String describe() {
            if (outcome == Outcome.SHORT) {
                return "not tested (" + points + " validation points, " + SmoothingFit.MIN_TAIL_POINTS
                        + " needed): the hybrid kept";
            }
            StringBuilder w = new StringBuilder();
            StringBuilder ws = new StringBuilder();
            List<String> bandsWorse = new ArrayList<>();
            List<String> servedWorse = new ArrayList<>();
            for (int i = 0; i < LEVELS.length; i++) {
                w.append(String.format(Locale.ROOT, "%s%.2f at %s", i == 0 ? "" : ", ", winkler.get(i), level(i)));
                ws.append(String.format(Locale.ROOT, "%s%.2f at %s", i == 0 ? "" : ", ", served.get(i), level(i)));
                if (!(winkler.get(i) < 0)) {
                    bandsWorse.add(level(i));
                }
                if (!(served.get(i) < 0)) {
                    servedWorse.add(level(i));
                }
            }
            String figures = String.format(
                    Locale.ROOT,
                    " (DM %.2f, squared-error DM %.2f, Winkler DM %s, as served %s, on %d validation points; kept"
                            + " when DM < -1.645 and the others < 0)",
                    statistic,
                    squared,
                    w,
                    ws,
                    points);
            String verdict;
            if (outcome == Outcome.PASSED) {
                verdict = "the hybrid kept: significantly better than naive in absolute error, not worse in squared"
                        + " error nor in its bands' Winkler score, best or as served";
            } else if (!(statistic < CRITICAL)) {
                verdict = "the hybrid not significantly better than naive in absolute error";
            } else {
                List<String> worse = new ArrayList<>();
                if (!(squared < 0)) {
                    worse.add("worse in squared error");
                }
                if (!bandsWorse.isEmpty()) {
                    worse.add("its bands' Winkler score not lower at " + String.join(" and ", bandsWorse));
                }
                if (!servedWorse.isEmpty()) {
                    worse.add("its bands as served not lower at " + String.join(" and ", servedWorse));
                }
                verdict = "the hybrid significantly better than naive in absolute error, but "
                        + String.join(" and ", worse);
            }
            return switch (outcome) {
                case SHORT, PASSED -> verdict + figures;
                case NAIVE -> "naive served: " + verdict + figures;
                case SEASONAL_KEPT -> verdict + figures + "; a seasonal model cannot serve naive: the hybrid kept";
            };
        }

        private static String level(int i) {
            return BigDecimal.valueOf(LEVELS[i]).stripTrailingZeros().toPlainString();
        }
    }

    /** As {@link #apply(List, int, Smoothing, Calibration)} for a model without a starting calibration (Gaussian). */
    static Gated apply(List<SmoothingFit.Key> keys, int season, Smoothing p) {
        return apply(keys, season, p, Calibration.GAUSSIAN);
    }

    /**
     * Applies the gate to the fitted smoothing {@code p}: {@code p} itself or {@link #NAIVE}, and the decision.
     *
     * @param start the model file's starting calibration, which the served forecast's bands start from
     */
    static Gated apply(List<SmoothingFit.Key> keys, int season, Smoothing p, Calibration start) {
        int points = 0;
        for (SmoothingFit.Key k : keys) {
            points += k.network().length;
        }
        if (points < SmoothingFit.MIN_TAIL_POINTS) {
            return new Gated(p, Decision.shortTail(points));
        }
        Differentials d = differentials(keys, season, p);
        int n = 0;
        for (double[] k : d.absolute()) {
            n += k.length;
        }
        double dm = statistic(d.absolute());
        double dm2 = statistic(d.squared());
        List<Double> dmw = new ArrayList<>();
        List<Double> dms = new ArrayList<>();
        boolean bands = true;
        List<List<double[]>> asServed = served(d.model(), d.naive(), start);
        for (int i = 0; i < LEVELS.length; i++) {
            double v = statistic(winkler(d.model(), d.naive(), LEVELS[i]));
            double vs = statistic(asServed.get(i));
            dmw.add(v);
            dms.add(vs);
            bands &= v < 0 && vs < 0;
        }
        if (dm < CRITICAL && dm2 < 0 && bands) {
            return new Gated(p, new Decision(Outcome.PASSED, dm, dm2, dmw, dms, n));
        }
        return season > 1
                ? new Gated(p, new Decision(Outcome.SEASONAL_KEPT, dm, dm2, dmw, dms, n))
                : new Gated(NAIVE, new Decision(Outcome.NAIVE, dm, dm2, dmw, dms, n));
    }

    /** A smoothing after the gate, and the decision. */
    record Gated(Smoothing smoothing, Decision decision) {}

    /**
     * Each key's d_t (absolute errors) and e_t (squared errors), and the two forecasts' errors in the key's scales
     * ((y_t - ŷ_t) / scale_k and (y_t - y_{t-1}) / scale_k), row for row.
     */
    record Differentials(List<double[]> absolute, List<double[]> squared, List<double[]> model, List<double[]> naive) {}

    /** Each key's d_t, e_t and errors over its validation tail (rows where both forecasts and the actual are finite). */
    static Differentials differentials(List<SmoothingFit.Key> keys, int season, Smoothing p) {
        List<double[]> abs = new ArrayList<>();
        List<double[]> sq = new ArrayList<>();
        List<double[]> models = new ArrayList<>();
        List<double[]> naives = new ArrayList<>();
        double[] state = new double[HoltWinters.stateSize(season)];
        for (SmoothingFit.Key k : keys) {
            Smoothing sp = p.forKey(k.name());
            HoltWinters.begin(state, season, sp);
            double[] d = new double[k.y().length - k.tail()];
            double[] e = new double[d.length];
            double[] rm = new double[d.length];
            double[] rn = new double[d.length];
            int n = 0;
            for (int t = 0; t < k.y().length; t++) {
                if (t >= k.tail() && t >= 1) {
                    double served = HoltWinters.combine(
                            k.network()[t - k.tail()], HoltWinters.forecast(state, season, sp, 1), sp);
                    double y = k.y()[t];
                    double dt = (Math.abs(y - served) - Math.abs(y - k.y()[t - 1])) / k.scale();
                    double model = (y - served) / k.scale(); // the errors in the key's scales
                    double naive = (y - k.y()[t - 1]) / k.scale();
                    double et = model * model - naive * naive;
                    if (Double.isFinite(dt) && Double.isFinite(et)) {
                        d[n] = dt;
                        e[n] = et;
                        rm[n] = model;
                        rn[n++] = naive;
                    }
                }
                HoltWinters.observe(state, season, sp, k.y()[t]);
            }
            abs.add(Arrays.copyOf(d, n));
            sq.add(Arrays.copyOf(e, n));
            models.add(Arrays.copyOf(rm, n));
            naives.add(Arrays.copyOf(rn, n));
        }
        return new Differentials(abs, sq, models, naives);
    }

    /**
     * Each key's Winkler differential at {@code level}: each forecast gets the constant band [q⁻, q⁺] of its own
     * errors (in scales) pooled over keys, q⁻ and q⁺ their quantiles at a/2 and 1 - a/2 (a = 1 - level; type 7),
     * and w_t = W_t(served) - W_t(naive), W_t = (q⁺ - q⁻) + (2/a)·(max(0, q⁻ - r_t) + max(0, r_t - q⁺)).
     */
    static List<double[]> winkler(List<double[]> model, List<double[]> naive, double level) {
        double a = 1 - level;
        double[] qm = band(model, a);
        double[] qn = band(naive, a);
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < model.size(); k++) {
            double[] rm = model.get(k);
            double[] rn = naive.get(k);
            double[] w = new double[rm.length];
            for (int t = 0; t < rm.length; t++) {
                w[t] = interval(qm, rm[t], a) - interval(qn, rn[t], a);
            }
            out.add(w);
        }
        return out;
    }

    /**
     * Each key's Winkler differential of the two bands as they would be served, per level of {@link #LEVELS} (outer
     * list) and key: w_t = W_t(served) - W_t(naive) over the rows where both have a band, each band the calibrator's
     * ({@link #replay}) on the forecast's errors in the key's scales, the served forecast's started from {@code
     * start} (the model file's calibration), naive's from the calibration of naive's own validation errors ({@link
     * Calibration#fromSeriesResiduals}), as the backtest starts naive's band.
     */
    static List<List<double[]>> served(List<double[]> model, List<double[]> naive, Calibration start) {
        Calibration naiveStart = Calibration.fromSeriesResiduals(naive.toArray(new double[0][]));
        List<List<double[]>> out = new ArrayList<>();
        for (int l = 0; l < LEVELS.length; l++) {
            out.add(new ArrayList<>());
        }
        for (int k = 0; k < model.size(); k++) {
            double[][] wm = replay(model.get(k), start);
            double[][] wn = replay(naive.get(k), naiveStart);
            for (int l = 0; l < LEVELS.length; l++) {
                double[] w = new double[wm[l].length];
                int n = 0;
                for (int t = 0; t < w.length; t++) {
                    if (!Double.isNaN(wm[l][t]) && !Double.isNaN(wn[l][t])) {
                        w[n++] = wm[l][t] - wn[l][t];
                    }
                }
                out.get(l).add(Arrays.copyOf(w, n));
            }
        }
        return out;
    }

    /**
     * The Winkler score [L][T] of one key's band at each of {@link #LEVELS} on its errors r (in the key's scales),
     * row by row, as the forecast job serves it: a {@link ConformalBands} at the levels started from {@code start}
     * and primed with the mean |r| when there are at least {@link ModelFitter#MIN_START_ERRORS} errors (the key's
     * starting scale), else warming up on its first errors (NaN on the rows without a band); each row's band is the
     * one given before its error is observed.
     */
    static double[][] replay(double[] r, Calibration start) {
        ConformalBands bands = new ConformalBands(LEVELS);
        float[] s = bands.newState(start);
        if (r.length >= ModelFitter.MIN_START_ERRORS) {
            double sum = 0;
            for (double v : r) {
                sum += Math.abs(v);
            }
            bands.prime(s, sum / r.length);
        }
        double[] sorted = bands.levels(); // LEVELS are sorted: index i of the bands is LEVELS[i]
        double[][] w = new double[sorted.length][r.length];
        double[] lower = new double[sorted.length];
        double[] upper = new double[sorted.length];
        for (int t = 0; t < r.length; t++) {
            boolean ready = bands.ready(s);
            if (ready) {
                bands.bounds(s, 0, lower, upper); // the forecast is 0 in error units: the band is [lower, upper]
            }
            for (int l = 0; l < sorted.length; l++) {
                double a = 1 - sorted[l];
                w[l][t] = ready
                        ? upper[l] - lower[l] + 2 / a * (Math.max(0, lower[l] - r[t]) + Math.max(0, r[t] - upper[l]))
                        : Double.NaN;
            }
            bands.observe(s, 0, r[t]);
        }
        return w;
    }

    /** The Winkler interval score of the band q = [q⁻, q⁺] at miss rate a for the error r. */
    static double interval(double[] q, double r, double a) {
        return q[1] - q[0] + 2 / a * (Math.max(0, q[0] - r) + Math.max(0, r - q[1]));
    }

    /** [q⁻, q⁺]: the quantiles (type 7) at a/2 and 1 - a/2 of all the keys' errors; NaN when there are none. */
    static double[] band(List<double[]> errors, double a) {
        double[] all = errors.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        return new double[] {quantile(all, a / 2), quantile(all, 1 - a / 2)};
    }

    private static double quantile(double[] sorted, double prob) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * prob;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
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
