package dev.streamcast.model.prep;

import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import java.util.Objects;

/**
 * Per-series input pipeline, shared by the streaming job, the trainer and the backtest (one implementation): each
 * feature's transform (none, difference, log-difference) followed by scaling with running statistics kept per series,
 * and the inverse that maps a forecast back to original units.
 *
 * <p>For each feature k of a raw observation v [F]:
 * <pre>
 *   u_k = v_k                      (NONE)
 *         v_k - last_k             (DIFF)
 *         ln(v_k / last_k)         (LOG_DIFF, v_k and last_k > 0)
 *   n   = n + 1,  α = max(1/n, 1/scalerWindow)
 *   δ   = u_k - mean_k
 *   mean_k = mean_k + α δ
 *   var_k  = (1 - α) (var_k + α δ²)           population variance (Welford when α = 1/n; Finch 2009 after)
 *   x_k = (u_k - mean_k) / std_k
 *   std_k = 1                                           while n < 2 (no spread known yet)
 *         = max(sqrt(var_k), 1e-6, 1e-6 |mean_k|)       after (floor: a constant feature does not divide by 0)
 * </pre>
 * So the statistics are exact averages over the first scalerWindow transformed values and exponentially weighted
 * after that. The statistics include the observation being scaled.
 *
 * <p>The model's output ŷ at a step is the next target value in these scaled, transformed units, with the target's
 * statistics of that step: {@link #scaledTarget} makes the training label and {@link #invert} is its inverse.
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

    private final ModelConfig config;
    private final Transform[] transforms;
    private final boolean needsPrevious;
    private final int target;
    private final double minAlpha;
    private ScalerState state;

    /** A scaler with a fresh state of its own. */
    public SeriesScaler(ModelConfig config) {
        this(config, new ScalerState(config.inputSize()));
    }

    /** A scaler working on {@code state} (kept, not copied). */
    public SeriesScaler(ModelConfig config, ScalerState state) {
        this.config = Objects.requireNonNull(config, "config");
        this.transforms = config.transforms().toArray(new Transform[0]);
        boolean needs = false;
        for (Transform t : transforms) {
            needs |= t.needsPrevious();
        }
        this.needsPrevious = needs;
        this.target = config.targetIndex();
        this.minAlpha = 1.0 / config.scalerWindow();
        use(state);
    }

    /** Works on {@code s} from now on (kept, not copied; F must match). No allocation. */
    public void use(ScalerState s) {
        if (s.last == null || s.features() != transforms.length) {
            throw new IllegalArgumentException("scaler state must have F = " + transforms.length
                    + " features, found " + (s.last == null ? "no arrays" : s.features()));
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
            if (state.hasPrevious && !Double.isFinite(transform(transforms[k], raw[k], state.last[k]))) {
                return "feature '" + config.featureNames().get(k) + "': " + transforms[k] + " of " + raw[k]
                        + " after " + state.last[k] + " is not finite";
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
        if (needsPrevious && !s.hasPrevious) {
            System.arraycopy(raw, 0, s.last, 0, raw.length);
            s.hasPrevious = true;
            return false;
        }
        s.count++;
        double alpha = Math.max(1.0 / s.count, minAlpha);
        for (int k = 0; k < raw.length; k++) {
            double u = transform(transforms[k], raw[k], s.last[k]);
            double delta = u - s.mean[k];
            s.mean[k] += alpha * delta;
            s.var[k] = (1 - alpha) * (s.var[k] + alpha * delta * delta);
            xOut[k] = (float) ((u - s.mean[k]) / std(k));
            s.last[k] = raw[k];
        }
        s.hasPrevious = true;
        return true;
    }

    /** {@link #check} without building a message: no allocation. */
    private boolean usable(double[] raw) {
        if (raw == null || raw.length != transforms.length) {
            return false;
        }
        for (int k = 0; k < raw.length; k++) {
            if (!Double.isFinite(raw[k]) || (transforms[k] == Transform.LOG_DIFF && !(raw[k] > 0))
                    || (state.hasPrevious && !Double.isFinite(transform(transforms[k], raw[k], state.last[k])))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Maps a scaled forecast of the next target value back to original units: u = ŷ·std + mean (target's
     * statistics), then NONE: u, DIFF: last + u, LOG_DIFF: last·exp(u).
     *
     * @throws IllegalStateException before the first observation
     */
    public double invert(float yScaled) {
        if (!state.hasPrevious) {
            throw new IllegalStateException("cannot invert a forecast before the series' first observation");
        }
        return invert(transforms[target], state.last[target], state.mean[target], std(target), yScaled);
    }

    /** The inverse for given statistics (the backtest keeps them per step; see {@link Sequences}). */
    public static double invert(Transform t, double last, double mean, double std, float yScaled) {
        double u = yScaled * std + mean;
        return switch (t) {
            case NONE -> u;
            case DIFF -> last + u;
            case LOG_DIFF -> last * Math.exp(u);
        };
    }

    /** The training label for the current step: the next raw target value in scaled units (state unchanged). */
    public float scaledTarget(double nextRawTarget) {
        if (!state.hasPrevious) {
            throw new IllegalStateException("no label before the series' first observation");
        }
        double u = transform(transforms[target], nextRawTarget, state.last[target]);
        return (float) ((u - state.mean[target]) / std(target));
    }

    /** Feature k's current standard deviation as used for scaling: 1 while n < 2, floored after. */
    public double std(int k) {
        if (state.count < 2) {
            return 1.0;
        }
        return Math.max(Math.sqrt(state.var[k]), Math.max(STD_FLOOR_ABS, STD_FLOOR_REL * Math.abs(state.mean[k])));
    }

    /** Feature k's current running mean (transformed units). */
    public double mean(int k) {
        return state.mean[k];
    }

    /** u = the transform of v given the previous raw value. */
    public static double transform(Transform t, double v, double previous) {
        return switch (t) {
            case NONE -> v;
            case DIFF -> v - previous;
            case LOG_DIFF -> Math.log(v / previous);
        };
    }
}
