package dev.streamcast.model.prep;

import dev.streamcast.model.ModelConfig;

/**
 * Per-series input pipeline, shared by the streaming job, the trainer and the backtest (one implementation): each
 * feature's transform (none, difference, log-difference) followed by scaling with running statistics kept per series,
 * and the inverse that maps a forecast back to original units.
 *
 * <p>STUB: the signatures are the contract; the implementation lands with the transforms work.
 */
public final class SeriesScaler {

    public SeriesScaler(ModelConfig config) {}

    /**
     * Takes the next raw observation [F]. Returns false when no model input exists yet (the first observation of a
     * series whose transforms need a previous value); otherwise writes the scaled input [F] into {@code xOut}.
     * Statistics are updated with this observation before it is scaled. No allocation.
     */
    public boolean push(double[] raw, float[] xOut) {
        throw new UnsupportedOperationException("stub");
    }

    /** Maps a scaled forecast of the next target value back to original units (uses the last raw value). */
    public double invert(float yScaled) {
        throw new UnsupportedOperationException("stub");
    }

    /** The training label for the current step: the next raw target value in scaled units (state unchanged). */
    public float scaledTarget(double nextRawTarget) {
        throw new UnsupportedOperationException("stub");
    }
}
