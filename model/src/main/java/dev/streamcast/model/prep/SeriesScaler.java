package dev.streamcast.model.prep;

import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import java.util.Objects;

/**
 * Per-series input pipeline, shared by the streaming job, the trainer and the backtest (one implementation): each
 * feature's transform (none, difference, log-difference) followed by scaling with running statistics kept per series,
 * and the inverse that maps a forecast back to original units.
 *
 * <p>For each feature k of a raw observation v_t [F]:
 * <pre>
 *   u_k = v_k                      (NONE)
 *         v_k - last_k             (DIFF)
 *         ln(v_k / last_k)         (LOG_DIFF, v_k and last_k > 0)
 *         v_k - v_{t-m,k}          (SEASONAL_DIFF, m = the season)
 *   n   = n + 1,  α = max(1/n, 1/scalerWindow)
 *   δ   = u_k - mean_k
 *   mean_k = mean_k + α δ
 *   var_k  = (1 - α) (var_k + α δ²)           population variance (Welford when α = 1/n; Finch 2009 after)
 *   x_k = (u_k - mean_k) / std_k
 *   std_k = 1                                           while n < 2 or var_k = 0 (no spread seen yet)
 *         = max(sqrt(var_k), 1e-6, 1e-6 |mean_k|)       after (floor: a constant feature does not divide by 0)
 * </pre>
 * var_k is exactly 0 until the transformed values first differ (each update adds (1 - α) α δ², and δ is exactly 0
 * while they are equal), so a key that starts flat (counts 0, 0, 0, ...) or never changes is scaled with 1 instead
 * of the floor, which made the first change an input or label of about 10^6. Once var_k > 0 it stays > 0, so on a
 * series with any spread the scaling is what it always was.
 * So the statistics are exact averages over the first scalerWindow transformed values and exponentially weighted
 * after that. The statistics include the observation being scaled. Transformed values start once every feature's
 * transform has its history (1 earlier value for DIFF and LOG_DIFF, m for SEASONAL_DIFF).
 *
 * <p>With a season m >= 2 the input gets one more value after the F features, the seasonal lag of the target:
 * <pre>
 *   x_F = (u_{t+1-m} - mean_target) / std_target      the target's transformed value one season before t+1
 * </pre>
 * so the model sees, beside this step's values, what happened one season before the step it forecasts (for
 * SEASONAL_DIFF, the seasonal autoregressive term of a SARIMA model). An input exists once m transformed targets
 * have been seen ({@link ModelConfig#warmup()} raw observations).
 *
 * <p>The model's output ŷ at a step is the next target value in these scaled, transformed units, with the target's
 * statistics of that step: {@link #scaledTarget} makes the training label and {@link #invert} is its inverse.
 *
 * <p>Bounds: an input x_k includes its own observation in the statistics, so |x_k| &le; sqrt(1/α - 1) &le;
 * sqrt(scalerWindow) (Samuelson's inequality) whenever var_k is above the floor. A label does not (it is the next
 * value, scaled with this step's statistics), and after a long constant stretch in the middle of a series the running
 * spread decays toward 0 (by (1 - α) per step), so the change that ends the stretch would be a label of any size:
 * labels are cut to ±{@link #LABEL_BOUND}. Forecasts are not cut: {@link #invert} multiplies by the small spread.
 *
 * <p>State: the scaler works in place on a {@link ScalerState} (plain public fields, a Flink POJO). The streaming job
 * keeps one scaler per operator and binds each key's state with {@link #use} (no copy, no allocation); the trainer
 * and the backtest use the state the constructor creates. Not thread-safe.
 */
public final class SeriesScaler {

    /** Absolute floor of a feature's standard deviation (in transformed units). */
    public static final double STD_FLOOR_ABS = 1e-6;
    /** Floor of a feature's standard deviation relative to |mean|. */
    public static final double STD_FLOOR_REL = 1e-6;
    /**
     * Largest |label| in scaled units (see the class comment): twice the largest label on any dataset in data/ (95,
     * on gstat_ireland_wind), so only labels made by a spread that a constant stretch drove toward 0 are cut.
     */
    public static final double LABEL_BOUND = 200;

    private final ModelConfig config;
    private final Transform[] transforms;
    private final int[] history;
    private final int season;
    private final boolean lag;
    private final int target;
    private final double minAlpha;
    private ScalerState state;

    /** A scaler with a fresh state of its own. */
    public SeriesScaler(ModelConfig config) {
        this(config, new ScalerState(config.inputSize(), config.season()));
    }

    /** A scaler working on {@code state} (kept, not copied). */
    public SeriesScaler(ModelConfig config, ScalerState state) {
        this.config = Objects.requireNonNull(config, "config");
        this.transforms = config.transforms().toArray(new Transform[0]);
        this.season = config.season();
        this.lag = config.seasonalLag();
        this.history = new int[transforms.length];
        for (int k = 0; k < transforms.length; k++) {
            history[k] = transforms[k].history(season);
        }
        this.target = config.targetIndex();
        this.minAlpha = 1.0 / config.scalerWindow();
        use(state);
    }

    /** Works on {@code s} from now on (kept, not copied; F and m must match). No allocation. */
    public void use(ScalerState s) {
        if (!s.fits(transforms.length, season)) {
            throw new IllegalArgumentException("scaler state must have F = " + transforms.length + " features and"
                    + " season m = " + season + ", found "
                    + (s.last == null
                            ? "no arrays"
                            : "F = " + s.features() + ", m = " + (s.lags == null ? "none" : s.season())));
        }
        this.state = s;
    }

    /** Forgets the bound state's series (see {@link ScalerState#reset()}). */
    public void reset() {
        state.reset();
    }

    public ScalerState state() {
        return state;
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Why {@code raw} cannot be pushed (wrong length, non-finite value, a value log-diff cannot take, a transformed
     * value that overflows), or null if it can. Lets the job dead-letter a record instead of corrupting the state.
     */
    public String check(double[] raw) {
        if (raw == null || raw.length != transforms.length) {
            return "expected F = " + transforms.length + " values, found "
                    + (raw == null ? "none" : String.valueOf(raw.length));
        }
        for (int k = 0; k < raw.length; k++) {
            if (!Double.isFinite(raw[k])) {
                return "feature '" + config.featureNames().get(k) + "' is not finite: " + raw[k];
            }
            if (transforms[k] == Transform.LOG_DIFF && !(raw[k] > 0)) {
                return "feature '" + config.featureNames().get(k) + "' must be > 0 for log-diff, found " + raw[k];
            }
            if (available(k) && !Double.isFinite(transform(k, raw[k]))) {
                return "feature '" + config.featureNames().get(k) + "': " + transforms[k] + " of " + raw[k] + " after "
                        + earlier(k, Math.max(1, history[k])) + " is not finite";
            }
        }
        return null;
    }

    /**
     * Takes the next raw observation [F]. Returns false when no model input exists yet (the first observation of a
     * series whose transforms need a previous value); otherwise writes the scaled input [F] into {@code xOut}.
     * Statistics are updated with this observation before it is scaled. No allocation.
     *
     * @throws IllegalArgumentException with {@link #check}'s reason if the observation is unusable (state unchanged)
     */
    public boolean push(double[] raw, float[] xOut) {
        if (!usable(raw)) {
            throw new IllegalArgumentException("unusable observation: " + check(raw));
        }
        ScalerState s = state;
        boolean ready = true;
        for (int k = 0; k < raw.length; k++) {
            ready &= available(k);
        }
        if (ready) {
            s.count++;
            double alpha = Math.max(1.0 / s.count, minAlpha);
            for (int k = 0; k < raw.length; k++) {
                double u = transform(k, raw[k]);
                double delta = u - s.mean[k];
                s.mean[k] += alpha * delta;
                s.var[k] = (1 - alpha) * (s.var[k] + alpha * delta * delta);
                xOut[k] = (float) ((u - s.mean[k]) / std(k));
                if (lag && k == target) {
                    s.lags[(int) (s.lagCount++ % season)] = u;
                }
            }
        }
        record(raw);
        if (!ready || (lag && s.lagCount < season)) {
            return false;
        }
        if (lag) {
            double uLag = s.lags[(int) (s.lagCount % season)]; // the oldest of the last m: u_{t+1-m}
            xOut[raw.length] = (float) ((uLag - s.mean[target]) / std(target));
        }
        return true;
    }

    /** Keeps raw as the last observation and in the ring of the last m. */
    private void record(double[] raw) {
        ScalerState s = state;
        if (season > 1) {
            System.arraycopy(raw, 0, s.hist, (int) (s.seen % season) * raw.length, raw.length);
        }
        s.seen++;
        System.arraycopy(raw, 0, s.last, 0, raw.length);
        s.hasPrevious = true;
    }

    /** Whether feature k's transform has the earlier values it needs for the next observation. */
    private boolean available(int k) {
        int h = history[k];
        return h == 0 || (h == 1 ? state.hasPrevious : state.seen >= h);
    }

    /**
     * Feature k's raw value {@code back} observations before the next one (1 = the last; m = v_{t-m} for an
     * incoming v_t), which must have been seen.
     */
    private double earlier(int k, int back) {
        if (back == 1) {
            return state.last[k];
        }
        return state.hist[(int) ((state.seen - back) % season) * transforms.length + k];
    }

    /** u_k of an incoming raw value of feature k (its history must be available). */
    private double transform(int k, double v) {
        return transform(transforms[k], v, earlier(k, Math.max(1, history[k])));
    }

    /**
     * The raw value a forecast of the target is relative to: the last value, or for SEASONAL_DIFF the value one
     * season before the next step, v_{t+1-m} (the last value while fewer than m were seen).
     */
    public double base() {
        return transforms[target] == Transform.SEASONAL_DIFF && state.seen >= season
                ? earlier(target, season)
                : state.last[target];
    }

    /** {@link #check} without building a message: no allocation. */
    private boolean usable(double[] raw) {
        if (raw == null || raw.length != transforms.length) {
            return false;
        }
        for (int k = 0; k < raw.length; k++) {
            if (!Double.isFinite(raw[k])
                    || (transforms[k] == Transform.LOG_DIFF && !(raw[k] > 0))
                    || (available(k) && !Double.isFinite(transform(k, raw[k])))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Maps a scaled forecast of the next target value back to original units: u = ŷ·std + mean (target's
     * statistics), then NONE: u, DIFF: last + u, LOG_DIFF: last·exp(u), SEASONAL_DIFF: v_{t+1-m} + u.
     *
     * @throws IllegalStateException before the first observation
     */
    public double invert(float yScaled) {
        if (!state.hasPrevious) {
            throw new IllegalStateException("cannot invert a forecast before the series' first observation");
        }
        return invert(transforms[target], base(), state.mean[target], std(target), yScaled);
    }

    /** The inverse for given statistics and {@link #base()} (the backtest keeps them per step, {@link Sequences}). */
    public static double invert(Transform t, double base, double mean, double std, float yScaled) {
        double u = yScaled * std + mean;
        return switch (t) {
            case NONE -> u;
            case DIFF, SEASONAL_DIFF -> base + u;
            case LOG_DIFF -> base * Math.exp(u);
        };
    }

    /**
     * The training label for the current step: the next raw target value in scaled units, cut to ±{@link
     * #LABEL_BOUND} (state unchanged).
     */
    public float scaledTarget(double nextRawTarget) {
        if (!state.hasPrevious) {
            throw new IllegalStateException("no label before the series' first observation");
        }
        double u = transform(transforms[target], nextRawTarget, base());
        double label = (u - state.mean[target]) / std(target);
        return (float) Math.max(-LABEL_BOUND, Math.min(LABEL_BOUND, label));
    }

    /** Feature k's current standard deviation as used for scaling: 1 while n < 2 or var = 0, floored after. */
    public double std(int k) {
        if (state.count < 2 || state.var[k] == 0) { // no spread seen yet
            return 1.0;
        }
        return Math.max(Math.sqrt(state.var[k]), Math.max(STD_FLOOR_ABS, STD_FLOOR_REL * Math.abs(state.mean[k])));
    }

    /** Feature k's current running mean (transformed units). */
    public double mean(int k) {
        return state.mean[k];
    }

    /** u = the transform of v relative to {@code base}: the previous raw value, or for SEASONAL_DIFF the one m back. */
    public static double transform(Transform t, double v, double base) {
        return switch (t) {
            case NONE -> v;
            case DIFF, SEASONAL_DIFF -> v - base;
            case LOG_DIFF -> Math.log(v / base);
        };
    }
}
