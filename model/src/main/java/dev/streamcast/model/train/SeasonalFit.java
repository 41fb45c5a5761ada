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
 * six starts. The starting states are not fitted (ets fits them too): the streaming step starts each key from its first
 * season ({@link HoltWinters}), and so does this fit. docs/accuracy.md, "The hybrid", has what this changed.
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
        double[] state = new double[HoltWinters.stateSize(season)];
        Smoothing best = null;
        double bestAicc = Double.POSITIVE_INFINITY;
        for (boolean log : positive ? new boolean[] {false, true} : new boolean[] {false}) {
            for (boolean trend : new boolean[] {false, true}) {
                Smoothing p = optimise(keys, season, log, trend, state);
                double aicc = aicc(keys, season, p, trend, state);
                if (aicc < bestAicc) {
                    bestAicc = aicc;
                    best = p;
                }
            }
        }
        return best;
    }

    /** The weights of one form with the lowest -2 ln L, the best of the six starts. */
    static Smoothing optimise(List<SmoothingFit.Key> keys, int season, boolean log, boolean trend, double[] state) {
        NelderMead.Result best = null;
        for (double a : ALPHA_STARTS) {
            for (double g : GAMMA_STARTS) {
                double[] x0 = trend
                        ? new double[] {a, Math.min(0.05, a), Math.min(g, 0.99 - a)}
                        : new double[] {a, Math.min(g, 0.99 - a)};
                NelderMead.Result r = NelderMead.minimise(
                        x -> minus2LogLikelihood(keys, season, weights(x, log, trend), state),
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
        int n = 0;
        int keyed = 0;
        for (SmoothingFit.Key k : keys) {
            int errors = Math.max(0, k.y().length - season);
            n += errors;
            keyed += errors > 0 ? 1 : 0;
        }
        int weights = trend ? 3 : 2;
        int params = weights + keyed * (season + (trend ? 2 : 1));
        if (n - params - 1 <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return minus2LogLikelihood(keys, season, p, state)
                + 2.0 * params
                + 2.0 * params * (params + 1) / (n - params - 1);
    }
}
