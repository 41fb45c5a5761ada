package dev.streamcast.model.step;

import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Weights;

/**
 * One-step-ahead inference for one series at a time, on plain float arrays: no ND4J, no allocation per step.
 *
 * <p>Per-series recurrent state is one flat {@code float[config.stateSize()]}: for LSTM
 * {@code [h_0 | c_0 | h_1 | c_1 | ...]}, for GRU and RNN {@code [h_0 | h_1 | ...]}, each block H floats, layer 0 first.
 * A zero array is the initial state. Instances are immutable and thread-safe; {@link Scratch} is not (one per thread).
 *
 * <p>STUB: the signatures are the contract; the implementation lands with the streaming-step work.
 */
public final class StreamingModel {

    private final Weights weights;

    public StreamingModel(Weights weights) {
        this.weights = weights;
    }

    public ModelConfig config() {
        return weights.config();
    }

    public Weights weights() {
        return weights;
    }

    /** Per-thread working memory for {@link #step}. */
    public Scratch newScratch() {
        return new Scratch();
    }

    /**
     * Advances {@code state} by one observation and returns the forecast of the next target value.
     *
     * @param x the scaled model input [F]
     * @param state the series' recurrent state [stateSize], read and overwritten
     * @param scratch this thread's scratch
     * @return ŷ, the next target value in scaled, transformed units
     */
    public float step(float[] x, float[] state, Scratch scratch) {
        throw new UnsupportedOperationException("stub");
    }

    /** Working memory; not thread-safe. */
    public static final class Scratch {}
}
