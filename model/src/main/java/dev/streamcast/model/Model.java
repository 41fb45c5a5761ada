package dev.streamcast.model;

import java.util.Objects;

/**
 * A trained forecaster as it travels between trainer and job: shape, weights, a version that only ever increases
 * (the job ignores a model that is not newer than the one it runs), and where it came from.
 */
public record Model(ModelConfig config, Weights weights, long version, Provenance provenance) {

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

    public Model withVersion(long v) {
        return new Model(config, weights, v, provenance);
    }
}
