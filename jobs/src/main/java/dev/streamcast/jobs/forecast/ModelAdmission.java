package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;

/**
 * Decides whether a model payload may replace the running model: it must decode, forecast the configured features
 * and target, and carry a newer version. The verdict is deterministic in (payload, current version), so every
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
        String unsigned = verifySignature(payload);
        if (unsigned != null) {
            return new Verdict(null, unsigned);
        }
        Model m;
        try {
            m = ModelCodec.decode(payload);
        } catch (RuntimeException e) {
            return new Verdict(null, "cannot decode (" + payload.length + " bytes): " + e.getMessage());
        }
        String unfit = fit(m, config);
        if (unfit != null) {
            return new Verdict(null, "version " + m.version() + ": " + unfit);
        }
        if (m.version() <= currentVersion) {
            return new Verdict(null, "version " + m.version() + " is not newer than the running version "
                    + currentVersion);
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
     * SEAM for issue 4 (signed models): check the payload's signature here, before it is decoded, and return why it
     * fails (null = trusted), e.g. with {@code ModelSigning.verify(payload, key)}; then decode the model file it
     * returns, here and in {@code ModelHolder.load} (the broadcast state keeps the payload as received). Until then
     * every payload is accepted unsigned.
     */
    static String verifySignature(byte[] payload) {
        return null;
    }
}
