package dev.streamcast.model;

import dev.streamcast.model.interval.Calibration;
import java.util.Map;
import java.util.Objects;

/**
 * A trained forecaster as it travels between trainer and job: shape, weights, a version that only ever increases
 * (the job ignores a model that is not newer than the one it runs), where it came from, and the starting calibration
 * of its prediction intervals (quantiles of its scaled validation residuals; null when the file has none, as files
 * before format 3: the job then starts keys from {@link Calibration#GAUSSIAN}), and the exponential smoothing the
 * network's forecast is combined with ({@link Smoothing}; null when none, as in files before format 4: the network
 * alone), and per key the model was trained on a starting scale of its prediction intervals ({@link #startScales};
 * empty in files before format 6).
 *
 * @param startScales per key the mean absolute error of the served forecast over the key's validation tail (original
 *     units; out of sample for the network): the scale the key's bands start from, so that they are given from its
 *     first forecast instead of after 10 errors of its own (docs/intervals.md); each finite, &gt; 0 and at most
 *     Float.MAX_VALUE (the bands' state is float); empty for none. With {@code relativeBands}, the mean absolute error
 *     relative to the served forecast, |y - ŷ|/|ŷ|
 * @param startErrors per key with a starting scale, how many errors it is the mean of, when fewer than the bands'
 *     warm-up (a relative scale may come from a shorter tail; it then weighs that many errors, docs/intervals.md); a
 *     key not in it: at least the warm-up (every scale of format 6 and 7 files); each key one of {@code startScales},
 *     each count &gt;= 1
 * @param relativeBands whether the keys' bands are relative to the forecast ({@code ConformalBands}, relative
 *     series): the served forecast is Holt-Winters on ln y, whose errors are proportional to the level (false in
 *     files before format 8)
 */
public record Model(
        ModelConfig config,
        Weights weights,
        long version,
        Provenance provenance,
        Calibration calibration,
        Smoothing smoothing,
        Map<String, Double> startScales,
        Map<String, Integer> startErrors,
        boolean relativeBands) {

    /**
     * The largest version a model may carry, 2^53 - 1: versions travel through JSON (forecasts, reports), where
     * larger integers lose precision, and a version near Long.MAX_VALUE would leave no room for the next one.
     */
    public static final long MAX_VERSION = (1L << 53) - 1;

    public Model {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(provenance, "provenance");
        if (!weights.config().equals(config)) {
            throw new IllegalArgumentException("weights were built for " + weights.config() + ", not " + config);
        }
        if (version < 1 || version > MAX_VERSION) {
            throw new IllegalArgumentException(versionOutOfRange(version));
        }
        startScales = Map.copyOf(startScales); // refuses a null key or value
        for (Map.Entry<String, Double> e : startScales.entrySet()) {
            double v = e.getValue();
            if (!(v > 0 && v <= Float.MAX_VALUE)) {
                throw new IllegalArgumentException("the starting scale of key '" + e.getKey()
                        + "' must be finite, > 0 and at most " + Float.MAX_VALUE + ", found " + v);
            }
        }
        startErrors = Map.copyOf(startErrors);
        for (Map.Entry<String, Integer> e : startErrors.entrySet()) {
            if (!startScales.containsKey(e.getKey()) || e.getValue() < 1) {
                throw new IllegalArgumentException("the starting scale of key '" + e.getKey() + "' is the mean of "
                        + e.getValue() + " errors: needs a starting scale for the key and at least 1 error");
            }
        }
    }

    /** A model whose starting scales are each from at least the warm-up's errors, and whose bands are absolute. */
    public Model(
            ModelConfig config,
            Weights weights,
            long version,
            Provenance provenance,
            Calibration calibration,
            Smoothing smoothing,
            Map<String, Double> startScales) {
        this(config, weights, version, provenance, calibration, smoothing, startScales, Map.of(), false);
    }

    /** A model without starting scales. */
    public Model(
            ModelConfig config,
            Weights weights,
            long version,
            Provenance provenance,
            Calibration calibration,
            Smoothing smoothing) {
        this(config, weights, version, provenance, calibration, smoothing, Map.of());
    }

    /** A model without a starting calibration. */
    public Model(ModelConfig config, Weights weights, long version, Provenance provenance) {
        this(config, weights, version, provenance, null, null, Map.of());
    }

    /** A model whose forecast is the network's alone. */
    public Model(ModelConfig config, Weights weights, long version, Provenance provenance, Calibration calibration) {
        this(config, weights, version, provenance, calibration, null, Map.of());
    }

    /** "model version X is outside [1, 2^53)": the one wording of this refusal. */
    public static String versionOutOfRange(long version) {
        return "model version " + version + " is outside [1, 2^53)";
    }

    /**
     * The version of the model that replaces one of version {@code current} (0 = none): current + 1.
     *
     * @throws IllegalStateException when current + 1 would leave [1, 2^53), naming the current version
     */
    public static long nextVersion(long current) {
        if (current < 0 || current >= MAX_VERSION) {
            throw new IllegalStateException("cannot number a new model after version " + current
                    + ": versions must stay in [1, 2^53); publish with a fresh models topic or correct the champion");
        }
        return Math.addExact(current, 1);
    }

    public Model withVersion(long v) {
        return new Model(
                config, weights, v, provenance, calibration, smoothing, startScales, startErrors, relativeBands);
    }

    public Model withCalibration(Calibration c) {
        return new Model(config, weights, version, provenance, c, smoothing, startScales, startErrors, relativeBands);
    }

    public Model withSmoothing(Smoothing s) {
        return new Model(config, weights, version, provenance, calibration, s, startScales, startErrors, relativeBands);
    }

    public Model withStartScales(Map<String, Double> scales) {
        return new Model(config, weights, version, provenance, calibration, smoothing, scales, Map.of(), relativeBands);
    }

    /** The starting scales {@code scales}, the counts of errors below the warm-up {@code errors}, relative or not. */
    public Model withStartScales(Map<String, Double> scales, Map<String, Integer> errors, boolean relative) {
        return new Model(config, weights, version, provenance, calibration, smoothing, scales, errors, relative);
    }

    /**
     * How many errors {@code key}'s starting scale is the mean of ({@link #startErrors}): Integer.MAX_VALUE when not
     * recorded (at least the warm-up). A map look-up: no allocation.
     */
    public int startErrors(String key) {
        Integer n = key == null ? null : startErrors.get(key);
        return n == null ? Integer.MAX_VALUE : n;
    }

    /**
     * The starting scale of {@code key}'s bands ({@link #startScales}), or NaN when the model has none for it. A map
     * look-up: no allocation.
     */
    public double startScale(String key) {
        Double v = key == null ? null : startScales.get(key);
        return v == null ? Double.NaN : v;
    }

    /** The calibration a new key's bands start from: the stored one, else {@link Calibration#GAUSSIAN}. */
    public Calibration startingCalibration() {
        return calibration != null ? calibration : Calibration.GAUSSIAN;
    }
}
