package dev.streamcast.model.step;

import dev.streamcast.model.Smoothing;

/**
 * Additive Holt-Winters exponential smoothing for one series, in place on a flat {@code double[]} state: the
 * statistical half of the hybrid forecast ({@link Smoothing}). No allocation.
 *
 * <p>State [4 + m] for a season m &ge; 2, [5] without: {@code [n, ℓ, b, log, s_0 .. s_{m-1}]} or
 * {@code [n, ℓ, b, log, μ]}, n the observations taken, ℓ the level, b the trend, log 1 when the state is in ln units
 * (a state of the other kind starts afresh), s the seasonal terms, s_{t mod m} the one of observation t (0-based), μ
 * the slow mean. With y_t = v_t, or ln v_t when {@code log}:
 *
 * <pre>
 *   first m observations:   s_t = y_t;  at the m-th:  ℓ = mean(s),  s_i = s_i - ℓ,  b = 0
 *   then, for observation t:
 *     ℓ_t = α (y_t - s_{t-m}) + (1 - α)(ℓ_{t-1} + b_{t-1})
 *     b_t = β (ℓ_t - ℓ_{t-1}) + (1 - β) b_{t-1}
 *     s_t = γ (y_t - ℓ_t) + (1 - γ) s_{t-m}
 *   forecast of observation t + h:  ŷ = ℓ_t + h b_t + s_{t+h-m}     (exp(ŷ) when log)
 * </pre>
 *
 * A key whose set has fitted starting states ({@link Smoothing.Start}, R's ets's ℓ₀, b₀, s₀ .. s_{m-1}) starts from
 * them instead ({@link #begin}): n = m, and its first observation is forecast and updated by the second block.
 *
 * <p>Without a season (m = 1) the seasonal terms are absent, the first observation sets ℓ and μ, and the forecast is
 * pulled toward μ, a slow exponentially weighted mean, by ψ ({@link Smoothing#fast()}) with rate κ
 * ({@link Smoothing#slow()}):
 *
 * <pre>
 *   f_t = μ_{t-1} + ψ (ℓ_{t-1} + b_{t-1} - μ_{t-1})          the forecast of y_t
 *   ℓ_t = α y_t + (1 - α) f_t
 *   b_t = β (ℓ_t - ℓ_{t-1}) + (1 - β) b_{t-1}
 *   μ_t = μ_{t-1} + κ (y_t - μ_{t-1})
 *   forecast of observation t + h:  ŷ = μ_t + ψ^h (ℓ_t + h b_t - μ_t)
 * </pre>
 *
 * ψ = 1 is Holt's linear trend (β = 0: simple exponential smoothing); ψ &lt; 1 with β = 0 is an ARMA(1,1) around the
 * moving mean μ (AR(1) at α = 1), the shape of a stationary series such as daily wind speed. Hyndman &amp;
 * Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., ch. 8.3 (the component form) and ch. 9.9 (ARIMA and
 * ETS). A value that has no logarithm (v &le; 0 when log) or is not finite is not taken.
 */
public final class HoltWinters {
    private HoltWinters() {}

    static final int N = 0;
    static final int LEVEL = 1;
    static final int TREND = 2;
    static final int LOG = 3;
    static final int SEASON = 4;
    /** The slow mean μ's slot without a season. */
    static final int MEAN = 4;

    /** Doubles of state for season m. */
    public static int stateSize(int season) {
        return SEASON + (season > 1 ? season : 1);
    }

    /** Whether {@code s} is a state for season m in the units of {@code p} (else the caller starts afresh). */
    public static boolean fits(double[] s, int season, Smoothing p) {
        return s != null && s.length == stateSize(season) && s[LOG] == (p.log() ? 1 : 0);
    }

    /** Back to a series never seen, in the units of {@code p}. */
    public static void reset(double[] s, Smoothing p) {
        java.util.Arrays.fill(s, 0);
        s[LOG] = p.log() ? 1 : 0;
    }

    /**
     * Back to a series never seen, from the key's fitted starting states when {@code p} has them for season m
     * ({@link Smoothing.Start}: then the first observation is forecast and updates like any other, s_{t mod m} being
     * the seasonal term of observation t), else as {@link #reset}. No allocation.
     */
    public static void begin(double[] s, int season, Smoothing p) {
        reset(s, p);
        Smoothing.Start st = p.start();
        if (st == null || season < 2 || st.season() != season) {
            return;
        }
        s[N] = season; // a full season taken: observation t uses s_(t mod m)
        s[LEVEL] = st.state(0);
        s[TREND] = st.state(1);
        for (int i = 0; i < season; i++) {
            s[SEASON + i] = st.state(2 + i);
        }
    }

    /** Takes observation v. */
    public static void observe(double[] s, int season, Smoothing p, double v) {
        double y = p.log() ? Math.log(v) : v;
        if (!Double.isFinite(y)) {
            return;
        }
        long n = (long) s[N];
        int m = season;
        if (m <= 1) {
            if (n == 0) {
                s[LEVEL] = y;
                s[MEAN] = y;
            } else {
                double l0 = s[LEVEL];
                double b0 = trend(s, p);
                double mu = s[MEAN];
                double f = p.fast() == 1 ? l0 + b0 : mu + p.fast() * (l0 + b0 - mu); // f_t
                double l = p.alpha() * y + (1 - p.alpha()) * f; // ℓ_t
                s[TREND] = p.beta() * (l - l0) + (1 - p.beta()) * b0; // b_t
                s[MEAN] = mu + p.slow() * (y - mu); // μ_t
                s[LEVEL] = l;
            }
        } else if (n < m) {
            s[SEASON + (int) n] = y;
            if (n == m - 1) { // a full season: ℓ = its mean, s_i = y_i - ℓ, b = 0
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += s[SEASON + i];
                }
                double l = sum / m;
                for (int i = 0; i < m; i++) {
                    s[SEASON + i] -= l;
                }
                s[LEVEL] = l;
                s[TREND] = 0;
            }
        } else {
            int j = SEASON + (int) (n % m);
            double st = s[j]; // s_{t-m}
            double l0 = s[LEVEL];
            double b0 = trend(s, p);
            double l = p.alpha() * (y - st) + (1 - p.alpha()) * (l0 + b0); // ℓ_t
            s[TREND] = p.beta() * (l - l0) + (1 - p.beta()) * b0; // b_t
            s[j] = p.gamma() * (y - l) + (1 - p.gamma()) * st; // s_t
            s[LEVEL] = l;
        }
        s[N] = n + 1;
    }

    /**
     * b, or 0 when β = 0: a state that starts under β = 0 keeps b = 0, but one that a model with β &gt; 0 left behind
     * (kept across a model swap) would otherwise carry its last trend on forever, never updated, and a naive smoothing
     * (α = 1, β = 0) would not forecast the last value.
     */
    private static double trend(double[] s, Smoothing p) {
        return p.beta() == 0 ? 0 : s[TREND];
    }

    /** The forecast of the observation h &ge; 1 steps after the last one taken; NaN before the first m (or 1). */
    public static double forecast(double[] s, int season, Smoothing p, int h) {
        long n = (long) s[N];
        if (n < Math.max(1, season)) {
            return Double.NaN;
        }
        double y = s[LEVEL] + h * trend(s, p);
        if (season > 1) {
            y += s[SEASON + (int) ((n + h - 1) % season)]; // s_{t+h-m}
        } else if (p.fast() != 1) {
            y = s[MEAN] + Math.pow(p.fast(), h) * (y - s[MEAN]); // μ + ψ^h (ℓ + h b - μ)
        }
        return p.log() ? Math.exp(y) : y;
    }

    /**
     * The combination w·network + (1 - w)·smoothing; the network's alone while the smoothing has no forecast, the
     * smoothing's alone (exactly, whatever the network says) at w = 0.
     */
    public static double combine(double network, double smoothing, Smoothing p) {
        if (!Double.isFinite(smoothing)) {
            return network;
        }
        return p.weight() == 0 ? smoothing : p.weight() * network + (1 - p.weight()) * smoothing;
    }
}
