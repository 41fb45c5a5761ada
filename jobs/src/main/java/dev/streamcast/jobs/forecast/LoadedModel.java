package dev.streamcast.jobs.forecast;

import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.Lookahead;
import dev.streamcast.model.step.StreamingModel;

/**
 * A decoded model ready to serve, with this operator instance's working memory: the streaming step, its scratch and
 * a scaler that is bound to each key's {@code ScalerState} in turn. Lives only in a transient field (never in state).
 */
final class LoadedModel {
    /** The payload it was decoded from (the cache compares this reference to the broadcast state's). */
    final byte[] bytes;

    final Model model;
    final long version;
    final StreamingModel net;
    final StreamingModel.Scratch scratch;
    final SeriesScaler scaler;
    /** The path beyond the first step (--horizon), on its own scratch copy of a key's state. */
    final Lookahead ahead;
    /** The model input being built [F, or F + 1 with a seasonal lag]. */
    final float[] x;
    /** The model's season m (1 = none). */
    final int season;
    /** The smoothing the network's forecast is combined with, null for the network alone. */
    final Smoothing smoothing;
    /** Fingerprint of the feature space (names, transforms, scaler window, season) its inputs live in. */
    final long space;

    LoadedModel(byte[] bytes, Model model) {
        this.bytes = bytes;
        this.model = model;
        this.version = model.version();
        this.net = new StreamingModel(model.weights());
        this.scratch = net.newScratch();
        this.scaler = new SeriesScaler(model.config());
        this.ahead = new Lookahead(net);
        this.x = new float[model.config().networkInputSize()];
        this.season = model.config().season();
        this.smoothing = model.smoothing();
        this.space = space(model.config());
    }

    int stateSize() {
        return model.config().stateSize();
    }

    /** "LSTM F=1 H=64 L=1 [LOG_DIFF] window 1000": the shape, for logs. */
    String shape() {
        ModelConfig c = model.config();
        return c.cell() + " F=" + c.inputSize() + " H=" + c.hiddenSize() + " L=" + c.layers() + " " + c.transforms()
                + " window " + c.scalerWindow() + (c.seasonalLag() ? " season " + c.season() : "");
    }

    /**
     * A 64-bit FNV-1a fingerprint of what a scaled input depends on besides the data: feature names, transforms,
     * scaler window and season. Two models with equal fingerprints can reuse each other's scaler state and input
     * ring. Never 0.
     */
    static long space(ModelConfig c) {
        String s = c.featureNames() + "|" + c.transforms() + "|" + c.scalerWindow()
                + (c.seasonalLag() ? "|m" + c.season() : ""); // no suffix for m = 1: earlier fingerprints hold
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
