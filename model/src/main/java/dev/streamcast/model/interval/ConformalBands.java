package dev.streamcast.model.interval;

import java.util.Arrays;

/**
 * Online conformal prediction intervals for one-step forecasts, per series and level, with two quantile trackers
 * per level (one per side) on residuals divided by the series' running scale.
 *
 * <p>For a forecast ŷ_t and the actual y_t of a series, with the state of that series (n, s, and per level ℓ the
 * two quantiles q⁻_ℓ, q⁺_ℓ; a_ℓ = (1 - level_ℓ)/2):
 * <pre>
 *   r_t  = y_t - ŷ_t                                   residual, original units
 *   z_t  = r_t / s                                     scaled by the running mean absolute residual s
 *   bounds given with ŷ_t:  [ŷ_t - s·q⁻_ℓ,  ŷ_t + s·q⁺_ℓ]
 *   miss⁺ = 1{z_t > q⁺_ℓ}      (y_t above the upper bound)
 *   miss⁻ = 1{-z_t > q⁻_ℓ}     (y_t below the lower bound)
 *   q⁺_ℓ ← clamp(q⁺_ℓ + η_k (miss⁺ - a_ℓ), 0, Q_MAX)      the quantile tracker, one per side
 *   q⁻_ℓ ← clamp(q⁻_ℓ + η_k (miss⁻ - a_ℓ), 0, Q_MAX)
 *   η_k = max(η, c / (τ + k)),  k ← min(k + 1, K)           k: tracker updates so far; η_k = η from k = K = c/η - τ
 *   n ← min(n + 1, window),  s ← s + (m_t - s) / n          exact mean over the first window residuals, then EWMA
 *   m_t  = min(|r_t|, CLIP·s)  when warm, s > 0 and the previous residual was within CLIP·s;  |r_t| otherwise
 * </pre>
 * so a single huge outlier raises s by at most (CLIP - 1)·s/n, while a lasting change (two residuals in a row over
 * CLIP·s) passes at once. The misses are tested as r_t &gt; s·q⁺ and -r_t &gt; s·q⁻ (the bounds that were given),
 * which is the same as comparing z_t and needs no division.
 * The tracker is the quantile tracker (P control) of Angelopoulos, Candès &amp; Tibshirani, "Conformal PID Control
 * for Time Series Prediction", NeurIPS 2023 (arXiv:2307.16895), itself a form of adaptive conformal inference
 * (Gibbs &amp; Candès, "Adaptive Conformal Inference Under Distribution Shift", NeurIPS 2021, arXiv:2106.00170):
 * online gradient descent on the pinball loss of each side. Whatever the sequence, the fraction of misses on a side
 * over T steps is within (Q_MAX + η)/(η T) of a_ℓ as long as the clamp at 0 does not act (their Proposition 1); the
 * clamp only acts where a side would need a bound on the wrong side of the forecast, and then that side misses
 * less, never more. Dividing by s makes z unit-free, so one learning rate η serves every key, and makes the band
 * follow a change in the size of the errors within about a window even before the trackers move. The two sides are
 * tracked apart because errors are often skewed. Clamping at 0 keeps lower ≤ ŷ ≤ upper; the bound of a level is
 * never inside the bound of a lower level (levels are sorted and the quantiles taken as running maxima), so bands
 * nest.
 *
 * <p>Learning rate: a key's first tracker updates take the larger steps c/(τ + k) (0.5 at first, 0.25 after 50,
 * 0.1 after 200), decaying to the steady η after K = 450; from then on the tracker is the constant-η one. The
 * starting calibration comes from other errors than the key's own (the trainer's validation residuals, or the
 * Gaussian guess), and with a constant η a start that is off by Δ scales costs about Δ/η misses more (or hits) before
 * the tracker has moved there: Σ_t (miss_t - a) = (q_T - q_0)/η. The c/(τ + k) steps are those of a
 * Robbins-Monro estimate of a fixed quantile (it forgets the start like a running empirical quantile does); the
 * floor at η keeps the tracker following changes afterwards. With non-increasing steps the long-run guarantee
 * still holds, with the last (steady) η in the bound: the miss rate of a side over T steps is within
 * (Q_MAX + η_0)/(η T) of a_ℓ (Angelopoulos, Barber &amp; Bates, "Online Conformal Prediction with Decaying Step
 * Sizes", ICML 2024, arXiv:2402.01139, Theorem 1).
 *
 * <p>Warm-up: bounds are given once a series has {@link #warmup} residuals (its scale is then a mean of that many);
 * the trackers move only from then on, so until then they hold the starting {@link Calibration}. A series with a
 * starting scale s₀ (the trainer's, from the key's validation errors: {@link #prime}) skips the warm-up: s₀ counts as
 * {@link #warmup} residuals of size s₀, so its bounds are given at once and the scale blends into the series' own
 * errors as a running mean does, s = (warmup·s₀ + Σ|r|)/(warmup + j) after j of them (until the window is full,
 * then with weight (1 - 1/window) per residual). A scale that is the mean of e &lt; warmup errors counts as e
 * residuals ({@link #prime(float[], double, int)}), and the series warms up on warmup - e of its own.
 *
 * <p>Relative bands: a series whose errors follow its level (a multiplicative series) can be {@link #start started}
 * relative. Its residuals are then taken relative to the forecast, r_t = (y_t - ŷ_t)/|ŷ_t|, so s is its mean
 * absolute relative error, and its bounds are ŷ_t ∓ |ŷ_t|·s·q: everything above holds with |ŷ_t| as the unit of
 * that step. A relative residual that is not finite (ŷ_t = 0) is ignored; at ŷ_t = 0 the band has zero width.
 *
 * <p>State of a series: a {@code float[]} of {@link #stateSize()} = 4 + 2L values {n, s, o, k, q⁻_0, q⁺_0, q⁻_1,
 * ...} (o: flags, bit 0 set if the last residual was over CLIP·s, bit 1 set if the series is relative; k: tracker
 * updates, capped at K). A state of the layout before k
 * (3 + 2L values) is moved to this one by {@link #upgrade}. The state is owned by the caller (Flink keyed state, a
 * backtest array); this object only holds the configuration, so one instance serves every key. Only
 * {@link #newState} and {@link #upgrade} allocate.
 */
public final class ConformalBands {

    /** η, in units of the scale: a miss moves a side by η(1 - a), a hit by -η·a. */
    public static final double DEFAULT_LEARNING_RATE = 0.05;
    /** Residuals the scale averages over (then an exponentially weighted mean with weight 1/window). */
    public static final int DEFAULT_SCALE_WINDOW = 100;
    /** Residuals a series needs before its bounds are given. */
    public static final int DEFAULT_WARMUP = 10;
    /** The largest tracked quantile, in scales: keeps every bound finite whatever the sequence. */
    public static final double Q_MAX = 1000;
    /** Once warm, a residual counts in the scale for at most this many scales (a ×5 change passes unclipped). */
    public static final double CLIP = 10;
    /** c of the starting steps c/(τ + k): η_0 = c/τ = 0.5 scales. */
    public static final double START_GAIN = 25;
    /** τ of the starting steps c/(τ + k). */
    public static final double START_OFFSET = 50;

    private static final int N = 0;
    private static final int SCALE = 1;
    private static final int OVER = 2;
    /** The flag of a relative series in o (bit 1). */
    private static final float RELATIVE = 2;

    private static final int STEPS = 3;
    /** Index of the first tracked quantile. */
    private static final int Q = 4;

    private final double[] levels;
    private final double[] halfAlpha;
    private final double learningRate;
    private final int window;
    private final int warmup;
    /** Per level, a miss's step η(1 - a) and a hit's -η·a, at the steady η. */
    private final float[] up;

    private final float[] down;
    /** η_k / η for k = 0 .. K - 1 (the starting steps), and 1/n for n = 1 .. window: no division per step. */
    private final double[] boost;

    private final double[] inverse;

    /** Levels {@code levels} (each in (0, 1)) with the default learning rate, window and warm-up. */
    public ConformalBands(double... levels) {
        this(levels, DEFAULT_LEARNING_RATE, DEFAULT_SCALE_WINDOW, DEFAULT_WARMUP);
    }

    public ConformalBands(double[] levels, double learningRate, int window, int warmup) {
        this.levels = levels.clone();
        Arrays.sort(this.levels);
        for (int i = 0; i < this.levels.length; i++) {
            if (!(this.levels[i] > 0 && this.levels[i] < 1) || (i > 0 && this.levels[i] == this.levels[i - 1])) {
                throw new IllegalArgumentException(
                        "interval levels must be distinct and in (0, 1), found " + Arrays.toString(levels));
            }
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1], found " + learningRate);
        }
        if (window < 1 || warmup < 1 || warmup > window) {
            throw new IllegalArgumentException(
                    "need 1 <= warmup <= window, found warmup " + warmup + ", window " + window);
        }
        this.halfAlpha = new double[this.levels.length];
        for (int i = 0; i < halfAlpha.length; i++) {
            halfAlpha[i] = (1 - this.levels[i]) / 2;
        }
        this.learningRate = learningRate;
        this.window = window;
        this.warmup = warmup;
        this.up = new float[halfAlpha.length];
        this.down = new float[halfAlpha.length];
        for (int i = 0; i < halfAlpha.length; i++) {
            up[i] = (float) (learningRate * (1 - halfAlpha[i]));
            down[i] = (float) (-learningRate * halfAlpha[i]);
        }
        int steady = (int) Math.max(0, Math.ceil(START_GAIN / learningRate - START_OFFSET));
        this.boost = new double[steady];
        for (int k = 0; k < steady; k++) {
            boost[k] = Math.max(1, START_GAIN / (START_OFFSET + k) / learningRate);
        }
        this.inverse = new double[window + 1];
        for (int n = 1; n <= window; n++) {
            inverse[n] = 1.0 / n;
        }
    }

    /** The levels, sorted ascending: level index i of the other methods refers to this order. */
    public double[] levels() {
        return levels.clone();
    }

    public int levelCount() {
        return levels.length;
    }

    public int warmup() {
        return warmup;
    }

    /** Floats of state per series: 4 + 2L. */
    public int stateSize() {
        return Q + 2 * levels.length;
    }

    /** K: tracker updates after which a series learns at the steady η (450 at the defaults). */
    public int startingSteps() {
        return boost.length;
    }

    /** η_k, the learning rate of a series' tracker update number k (0 = its first). */
    public double learningRate(int k) {
        return k < boost.length ? learningRate * boost[k] : learningRate;
    }

    /** A fresh state for a new series, its trackers starting from {@code start}. */
    public float[] newState(Calibration start) {
        return newState(start, false);
    }

    /** A fresh state for a new series, its trackers starting from {@code start}, relative or not (class comment). */
    public float[] newState(Calibration start, boolean relative) {
        float[] s = new float[stateSize()];
        start(s, start, relative);
        return s;
    }

    /**
     * Starts a series afresh in {@code s}: no residuals, scale 0, each side at the starting calibration's quantile
     * for its level (q⁻ = -quantile(a), q⁺ = quantile(1 - a), each at least 0). No allocation.
     */
    public void start(float[] s, Calibration start) {
        start(s, start, false);
    }

    /**
     * Starts a series afresh in {@code s}, as {@link #start(float[], Calibration)}; {@code relative}: its residuals
     * and bounds are relative to the forecast (class comment). No allocation.
     */
    public void start(float[] s, Calibration start, boolean relative) {
        s[N] = 0;
        s[SCALE] = 0;
        s[OVER] = relative ? RELATIVE : 0;
        s[STEPS] = 0;
        for (int i = 0; i < levels.length; i++) {
            s[lo(i)] = (float) clamp(-start.quantile(halfAlpha[i]));
            s[hi(i)] = (float) clamp(start.quantile(1 - halfAlpha[i]));
        }
    }

    /**
     * Gives a freshly {@link #start started} series the starting scale {@code scale} (original units) as
     * {@link #warmup} pseudo-residuals of that size: it is {@link #ready} at once, and its own residuals blend in as
     * in a running mean (class comment). A scale that is not finite and &gt; 0 is ignored (the series warms up on its
     * own residuals). No allocation.
     */
    public void prime(float[] s, double scale) {
        prime(s, scale, warmup);
    }

    /**
     * Gives a freshly {@link #start started} series the starting scale {@code scale} (in the series' units: original
     * units, or relative to the forecast for a relative series) measured as the mean of {@code errors} errors: they
     * count as min(errors, {@link #warmup}) pseudo-residuals of that size, so a scale from fewer errors than the
     * warm-up weighs what it is worth and the series is {@link #ready} after the rest of the warm-up, on its own
     * residuals. A scale that is not finite and &gt; 0, or {@code errors} &lt; 1, is ignored (the series warms up on
     * its own residuals). No allocation.
     */
    public void prime(float[] s, double scale, int errors) {
        if (scale > 0 && scale <= Float.MAX_VALUE && errors >= 1) {
            s[N] = Math.min(errors, warmup);
            s[SCALE] = (float) scale;
        }
    }

    /** Whether the series' residuals and bounds are relative to the forecast ({@link #start}). */
    public boolean relative(float[] s) {
        return s[OVER] >= RELATIVE;
    }

    /** Whether {@code s} is a state of this calibrator (right length, finite, in range): a restored state is checked. */
    public boolean fits(float[] s) {
        if (s == null || s.length != stateSize() || !(s[N] >= 0 && s[N] <= window) || !(s[SCALE] >= 0)) {
            return false;
        }
        if (s[OVER] != 0 && s[OVER] != 1 && s[OVER] != RELATIVE && s[OVER] != RELATIVE + 1) {
            return false;
        }
        if (!(s[STEPS] >= 0 && s[STEPS] <= boost.length && s[STEPS] == Math.rint(s[STEPS]))) {
            return false;
        }
        for (int j = Q; j < s.length; j++) {
            if (!(s[j] >= 0 && s[j] <= Q_MAX)) {
                return false;
            }
        }
        return Float.isFinite(s[SCALE]);
    }

    /**
     * A series' state in the layout before the learning-rate schedule (3 + 2L values {n, s, o, q⁻_0, q⁺_0, ...}, as
     * in snapshots taken before it) moved to this layout with k = K: the series keeps its scale and quantiles, so its
     * bounds are the same, and learns at the steady η as it did. Null if {@code old} is not such a state (then the
     * caller starts the series afresh). Allocates: for a restore, not per step.
     */
    public float[] upgrade(float[] old) {
        if (old == null || old.length != stateSize() - 1) {
            return null;
        }
        float[] s = new float[stateSize()];
        System.arraycopy(old, 0, s, 0, STEPS);
        s[STEPS] = boost.length;
        System.arraycopy(old, STEPS, s, Q, old.length - STEPS);
        return fits(s) ? s : null;
    }

    /**
     * Takes the actual value {@code actual} of the step that {@code forecast} forecast: updates the trackers (once
     * warm) with the bounds that were given with that forecast, then the scale. A non-finite residual is ignored.
     * No allocation.
     */
    public void observe(float[] s, double forecast, double actual) {
        boolean relative = s[OVER] >= RELATIVE;
        double r = relative ? (actual - forecast) / Math.abs(forecast) : actual - forecast;
        if (!Double.isFinite(r)) {
            return;
        }
        double scale = s[SCALE];
        boolean ready = s[N] >= warmup;
        if (ready) {
            int k = (int) s[STEPS];
            double g = 1;
            if (k < boost.length) { // the starting steps, then η
                g = boost[k];
                s[STEPS] = k + 1;
            }
            float z = (float) r; // in float, as the state is; a miss is r outside the bounds given, ŷ ∓ (|ŷ|)·s·q
            float sc = (float) scale;
            float gain = (float) g;
            for (int i = 0, j = Q; i < up.length; i++, j += 2) {
                float qLo = s[j];
                float qHi = s[j + 1];
                s[j] = clamp(qLo + gain * (-z > sc * qLo ? up[i] : down[i])); // below the lower bound
                s[j + 1] = clamp(qHi + gain * (z > sc * qHi ? up[i] : down[i])); // above the upper bound
            }
        }
        double size = Math.abs(r);
        boolean over = ready && scale > 0 && size > CLIP * scale;
        if (over && (s[OVER] == 0 || s[OVER] == RELATIVE)) { // the previous residual was within CLIP·s
            size = CLIP * scale;
        }
        s[OVER] = (over ? 1 : 0) + (relative ? RELATIVE : 0);
        int n = Math.min((int) s[N] + 1, window);
        s[N] = n;
        s[SCALE] = (float) Math.min(scale + (size - scale) * inverse[n], Float.MAX_VALUE);
    }

    /** Whether the series has had its {@link #warmup} residuals, so that bounds are given. */
    public boolean ready(float[] s) {
        return s[N] >= warmup;
    }

    /**
     * The lower bound of level i (sorted order) for {@code forecast}: ŷ - s·max(q⁻_0..q⁻_i), times |ŷ| for a relative
     * series. Needs {@link #ready}.
     */
    public double lower(float[] s, int i, double forecast) {
        double q = 0;
        for (int j = 0; j <= i; j++) {
            q = Math.max(q, s[lo(j)]);
        }
        return forecast - unitScale(s, forecast) * q;
    }

    /**
     * The upper bound of level i (sorted order) for {@code forecast}: ŷ + s·max(q⁺_0..q⁺_i), times |ŷ| for a relative
     * series. Needs {@link #ready}.
     */
    public double upper(float[] s, int i, double forecast) {
        double q = 0;
        for (int j = 0; j <= i; j++) {
            q = Math.max(q, s[hi(j)]);
        }
        return forecast + unitScale(s, forecast) * q;
    }

    /** The scale in original units at {@code forecast}: s, or s·|ŷ| for a relative series. */
    private static double unitScale(float[] s, double forecast) {
        return s[OVER] >= RELATIVE ? s[SCALE] * Math.abs(forecast) : s[SCALE];
    }

    /**
     * Every level's bounds for {@code forecast} at once, into {@code lower} and {@code upper} [L] (sorted order):
     * what {@link #lower} and {@link #upper} give, in one pass. Needs {@link #ready}. No allocation.
     */
    public void bounds(float[] s, double forecast, double[] lower, double[] upper) {
        double scale = unitScale(s, forecast);
        float qLo = 0;
        float qHi = 0;
        for (int i = 0; i < levels.length; i++) {
            qLo = Math.max(qLo, s[lo(i)]);
            qHi = Math.max(qHi, s[hi(i)]);
            lower[i] = forecast - scale * qLo;
            upper[i] = forecast + scale * qHi;
        }
    }

    /**
     * The running scale s of the series (mean absolute residual; relative to the forecast for a relative series), 0
     * before its first residual.
     */
    public double scale(float[] s) {
        return s[SCALE];
    }

    private static int lo(int i) {
        return Q + 2 * i;
    }

    private static int hi(int i) {
        return Q + 1 + 2 * i;
    }

    private static double clamp(double q) {
        return Math.max(0, Math.min(Q_MAX, q));
    }

    /** The same in float, without Math.min/max's NaN and -0 cases (q is never NaN here): two compares. */
    private static float clamp(float q) {
        return q > 0 ? (q < (float) Q_MAX ? q : (float) Q_MAX) : 0f;
    }
}
