package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.io.ModelSigning;

/**
 * Decides whether a model payload may replace the running model: it must be within the configured size, carry a valid
 * HMAC-SHA256 signature (models are signed by default: an unsigned one only with {@code --allow-unsigned-models}, and
 * without a key nothing verifies; both checked before decoding), decode (finite weights, a version in [1, 2^53)),
 * forecast the configured features and target, and carry a newer version. The verdict is deterministic in (payload, current version), so every
 * parallel instance reaches the same one and the broadcast state stays identical across instances.
 */
final class ModelAdmission {
    private ModelAdmission() {}

    /** The outcome: {@code model} when accepted, else {@code rejection} says why. */
    record Verdict(Model model, String rejection) {
        boolean accepted() {
            return rejection == null;
        }
    }

    /**
     * @param currentVersion the running model's version, 0 if none
     */
    static Verdict judge(byte[] payload, ForecastConfig config, long currentVersion) {
        if (payload == null || payload.length == 0) {
            return new Verdict(null, "empty payload");
        }
        // Size and signature first: an oversized or untrusted payload is never parsed.
        String refused = ModelPayloads.refusal(
                payload, config.modelKeyBytes(), config.maxModelBytes(), config.allowUnsignedModels());
        if (refused != null) {
            return new Verdict(null, refused);
        }
        Model m;
        try {
            m = decode(payload);
        } catch (RuntimeException e) {
            return new Verdict(null, "cannot decode (" + payload.length + " bytes): " + e.getMessage());
        }
        String unfit = fit(m, config);
        if (unfit != null) {
            return new Verdict(null, "version " + m.version() + ": " + unfit);
        }
        if (m.version() <= currentVersion) {
            return new Verdict(
                    null, "version " + m.version() + " is not newer than the running version " + currentVersion);
        }
        return new Verdict(m, null);
    }

    /** Why the model cannot serve this job's configuration, or null if it can. */
    static String fit(Model m, ForecastConfig config) {
        if (!m.config().featureNames().equals(config.features())) {
            return "features " + m.config().featureNames() + " differ from the job's " + config.features();
        }
        if (!m.config().targetName().equals(config.target())) {
            return "target '" + m.config().targetName() + "' differs from the job's '" + config.target() + "'";
        }
        return null;
    }

    /**
     * The model inside an admitted payload: the model file, without the signature trailer if there is one (the
     * broadcast state keeps the payload as received, so {@code ModelHolder} decodes through here too).
     */
    static Model decode(byte[] payload) {
        return ModelCodec.decode(ModelSigning.unwrap(payload));
    }
}
