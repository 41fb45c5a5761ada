package dev.streamcast.model.train;

import dev.streamcast.model.Smoothing;
import dev.streamcast.model.step.HoltWinters;
import java.util.List;

/**
 * Fits Holt-Winters with a season m &ge; 2 as R's {@code ets()} (forecast package) fits its models: for each model form
 * the smoothing weights are optimised on the one-step errors over the whole training part, and the form with the
 * lowest AICc is kept (Hyndman et al., "A state space framework for automatic forecasting using exponential smoothing
 * methods", IJF 18, 2002; Hyndman &amp; Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., ch. 8.6-8.7).
 *
 * <p>The forms: v or ln v (≈ multiplicative trend and season; only when every training value is &gt; 0), each with
 * a trend (α, β, γ) or without one (β = 0: the trend stays at its starting 0). The weights minimise the Gaussian
 * likelihood of the one-step errors e_t = y_t - ŷ_t in the form's units, one σ per key:
 *
 * <pre>
 *   -2 ln L = Σ_keys n_k ln(SSE_k / n_k)  (+ 2 Σ ln v_t over the same rows on ln v: the Jacobian, so both forms
 *                                           are likelihoods of v and their AICc compare)
 *   AICc    = -2 ln L + 2K + 2K(K + 1) / (N - K - 1),   N = Σ n_k,
 *   K       = the weights (2 or 3) + per key its m + 1 or m + 2 starting states (ℓ, b, m - 1 free s) and σ
 * </pre>
 *
 * within ets's "usual" region 0 &le; α &le; 1, 0 &le; β &le; α, 0 &le; γ &le; 1 - α, by {@link NelderMead} from
 * six starts. For m &le; {@link StartStates#MAX_SEASON} each key's starting states (ℓ₀, b₀, s₀ .. s_{m-1}) are free
 * parameters of the likelihood too, as in ets: inside each evaluation of the weights they are the least-squares
 * solution ({@link StartStates}), every row is forecast (n_k = the key's rows), and the key's set carries them
 * ({@link Smoothing.Start}) so that the step starts from them in training and serving alike. Above it (ets fits no
 * seasonal model there) each key starts from its first season ({@link HoltWinters}) and its first m rows are not
 * forecast. docs/accuracy.md, "The hybrid" and "Starting states fitted as ets fits them", has what these changed.
 */
final class SeasonalFit {
    private SeasonalFit() {}

    static final double[] ALPHA_STARTS = {0.1, 0.3, 0.6};
    static final double[] GAMMA_STARTS = {0.05, 0.2};
    static final double X_TOL = 1e-4;
    static final double F_TOL = 1e-10;
    static final int MAX_EVALUATIONS = 2000;

    /** The fitted form and weights (network weight 1: the caller sets it), or null when no form can be scored. */
    static Smoothing fit(List<SmoothingFit.Key> keys, int season, boolean positive) {
        return fit(keys, season, positive, season <= StartStates.MAX_SEASON);
    }

    /** As {@link #fit(List, int, boolean)}, with the starting states fitted ({@code states}) or not. */
    static Smoothing fit(List<SmoothingFit.Key> keys, int season, boolean positive, boolean states) {
        double[] state = new double[HoltWinters.stateSize(season)];
        Smoothing best = null;
        double bestAicc = Double.POSITIVE_INFINITY;
        for (boolean log : positive ? new boolean[] {false, true} : new boolean[] {false}) {
            Form form = states ? new Form(keys, season, log) : null;
            for (boolean trend : new boolean[] {false, true}) {
                StartStates fitter = states ? new StartStates(season, trend) : null;
                Smoothing p = optimise(keys, season, log, trend, state, form, fitter);
                double aicc = aicc(keys, season, p, trend, state, form, fitter);
                if (aicc < bestAicc) {
                    bestAicc = aicc;
                    best = form == null ? p : form.started(p, fitter);
                }
            }
        }
        return best;
    }

    /**
     * The last fit and the rows it was fitted on, so that one training run fits its starting states once and not once
     * per transform choice ({@code ModelFitter}): the fit looks at the keys' training rows and their first times
     * only, never at the network (5 s on nottem at load 15). Thread-safe.
     */
    static final class Memo {
        private List<SmoothingFit.Key> keys;
        private int season;
        private boolean positive;
        private Smoothing fitted;

        /** {@link SeasonalFit#fit(List, int, boolean)}, or its last result when the rows are the same. */
        synchronized Smoothing fit(List<SmoothingFit.Key> keys, int season, boolean positive) {
            if (this.keys == null || season != this.season || positive != this.positive || !same(this.keys, keys)) {
                this.fitted = SeasonalFit.fit(keys, season, positive);
                this.keys = List.copyOf(keys);
                this.season = season;
                this.positive = positive;
            }
            return fitted;
        }

        /** Whether the fits see the same rows: each key's name, values and first time (not its tail or network). */
        private static boolean same(List<SmoothingFit.Key> a, List<SmoothingFit.Key> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                SmoothingFit.Key x = a.get(i);
                SmoothingFit.Key y = b.get(i);
                if (!java.util.Objects.equals(x.name(), y.name())
                        || x.start() != y.start()
                        || !java.util.Arrays.equals(x.y(), y.y())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Each key's rows in one form's units (v or ln v) and their Jacobian term, for the fit of starting states. */
    static final class Form {
        final List<SmoothingFit.Key> keys;
        final double[][] y;
        final double[] jacobian;
        final double[] start;

        Form(List<SmoothingFit.Key> keys, int season, boolean log) {
            this.keys = keys;
            this.y = new double[keys.size()][];
            this.jacobian = new double[keys.size()];
            this.start = new double[season + 2];
            for (int i = 0; i < y.length; i++) {
                double[] v = keys.get(i).y();
                y[i] = new double[v.length];
                for (int t = 0; t < v.length; t++) {
                    y[i][t] = log ? Math.log(v[t]) : v[t];
                    jacobian[i] += log ? y[i][t] : 0;
                }
            }
        }

        /** -2 ln L with each key's least-squares starting states (class comment). */
        double minus2LogLikelihood(Smoothing p, StartStates fitter) {
            if (p == null) {
                return Double.POSITIVE_INFINITY;
            }
            double total = 0;
            for (int i = 0; i < y.length; i++) {
                int n = y[i].length;
                if (n > 0) {
                    double sse = fitter.fit(y[i], p.alpha(), p.beta(), p.gamma(), start);
                    total += n * Math.log(sse / n) + 2 * jacobian[i];
                }
            }
            return Double.isFinite(total) ? total : Double.POSITIVE_INFINITY;
        }

        /** {@code p} with a set per named key that has rows, holding its starting states. */
        Smoothing started(Smoothing p, StartStates fitter) {
            java.util.Map<String, Smoothing> own = new java.util.HashMap<>();
            for (int i = 0; i < y.length; i++) {
                SmoothingFit.Key k = keys.get(i);
                if (k.name() != null
                        && y[i].length > 0
                        && Double.isFinite(fitter.fit(y[i], p.alpha(), p.beta(), p.gamma(), start))) {
                    own.put(k.name(), p.withStart(new Smoothing.Start(k.start(), start)));
                }
            }
            return p.withKeys(own);
        }
    }

    /** The weights of one form with the lowest -2 ln L, the best of the six starts. */
    static Smoothing optimise(List<SmoothingFit.Key> keys, int season, boolean log, boolean trend, double[] state) {
        return optimise(keys, season, log, trend, state, null, null);
    }

    private static Smoothing optimise(
            List<SmoothingFit.Key> keys,
            int season,
            boolean log,
            boolean trend,
            double[] state,
            Form form,
            StartStates fitter) {
        NelderMead.Result best = null;
        for (double a : ALPHA_STARTS) {
            for (double g : GAMMA_STARTS) {
                double[] x0 = trend
                        ? new double[] {a, Math.min(0.05, a), Math.min(g, 0.99 - a)}
                        : new double[] {a, Math.min(g, 0.99 - a)};
                NelderMead.Result r = NelderMead.minimise(
                        x -> form != null
                                ? form.minus2LogLikelihood(weights(x, log, trend), fitter)
                                : minus2LogLikelihood(keys, season, weights(x, log, trend), state),
                        x0,
                        X_TOL,
                        F_TOL,
                        MAX_EVALUATIONS);
                if (best == null || r.value() < best.value()) {
                    best = r;
                }
            }
        }
        Smoothing p = weights(best.x(), log, trend);
        return p == null ? new Smoothing(ALPHA_STARTS[0], 0, GAMMA_STARTS[0], log, 1) : p;
    }

    /** [α, β, γ] or [α, γ] as a smoothing, or null outside 0 ≤ α ≤ 1, 0 ≤ β ≤ α, 0 ≤ γ ≤ 1 - α. */
    private static Smoothing weights(double[] x, boolean log, boolean trend) {
        double a = x[0];
        double b = trend ? x[1] : 0;
        double g = x[trend ? 2 : 1];
        if (!(a >= 0 && a <= 1 && b >= 0 && b <= a && g >= 0 && g <= 1 - a)) {
            return null;
        }
        return new Smoothing(a, b, g, log, 1);
    }

    /** -2 ln L of the one-step errors (class comment), up to a constant; +∞ for null or when not finite. */
    static double minus2LogLikelihood(List<SmoothingFit.Key> keys, int season, Smoothing p, double[] state) {
        if (p == null) {
            return Double.POSITIVE_INFINITY;
        }
        double total = 0;
        for (SmoothingFit.Key k : keys) {
            HoltWinters.reset(state, p);
            double sse = 0;
            double jacobian = 0;
            int n = 0;
            for (double v : k.y()) {
                double f = HoltWinters.forecast(state, season, p, 1);
                if (Double.isFinite(f)) {
                    double e = p.log() ? Math.log(v) - Math.log(f) : v - f; // e_t in the form's units
                    sse += e * e;
                    jacobian += p.log() ? Math.log(v) : 0;
                    n++;
                }
                HoltWinters.observe(state, season, p, v);
            }
            if (n > 0) {
                total += n * Math.log(sse / n) + 2 * jacobian;
            }
        }
        return Double.isFinite(total) ? total : Double.POSITIVE_INFINITY;
    }

    /** AICc of a fitted form (class comment); +∞ when there are too few errors to count. */
    static double aicc(List<SmoothingFit.Key> keys, int season, Smoothing p, boolean trend, double[] state) {
        return aicc(keys, season, p, trend, state, null, null);
    }

    private static double aicc(
            List<SmoothingFit.Key> keys,
            int season,
            Smoothing p,
            boolean trend,
            double[] state,
            Form form,
            StartStates fitter) {
        int n = 0;
        int keyed = 0;
        for (SmoothingFit.Key k : keys) {
            int errors = Math.max(0, k.y().length - (form != null ? 0 : season));
            n += errors;
            keyed += errors > 0 ? 1 : 0;
        }
        int weights = trend ? 3 : 2;
        int params = weights + keyed * (season + (trend ? 2 : 1));
        if (n - params - 1 <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return (form != null ? form.minus2LogLikelihood(p, fitter) : minus2LogLikelihood(keys, season, p, state))
                + 2.0 * params
                + 2.0 * params * (params + 1) / (n - params - 1);
    }
}
