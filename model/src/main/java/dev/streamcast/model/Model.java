package dev.streamcast.model;

import dev.streamcast.model.interval.Calibration;
import java.util.Objects;

/**
 * A trained forecaster as it travels between trainer and job: shape, weights, a version that only ever increases
 * (the job ignores a model that is not newer than the one it runs), where it came from, and the starting calibration
 * of its prediction intervals (quantiles of its scaled validation residuals; null when the file has none, as files
 * before format 3: the job then starts keys from {@link Calibration#GAUSSIAN}).
 */
public record Model(ModelConfig config, Weights weights, long version, Provenance provenance, Calibration calibration) {

    public Model {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(provenance, "provenance");
        if (!weights.config().equals(config)) {
            throw new IllegalArgumentException("weights were built for " + weights.config() + ", not " + config);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, found " + version);
        }
    }

    /** A model without a starting calibration. */
    public Model(ModelConfig config, Weights weights, long version, Provenance provenance) {
        this(config, weights, version, provenance, null);
    }

    public Model withVersion(long v) {
        return new Model(config, weights, v, provenance, calibration);
    }

    public Model withCalibration(Calibration c) {
        return new Model(config, weights, version, provenance, c);
    }

    /** The calibration a new key's bands start from: the stored one, else {@link Calibration#GAUSSIAN}. */
    public Calibration startingCalibration() {
        return calibration != null ? calibration : Calibration.GAUSSIAN;
    }
}
