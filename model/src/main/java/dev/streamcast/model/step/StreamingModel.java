package dev.streamcast.model.step;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Weights;
import java.util.Objects;

/**
 * One-step-ahead inference for one series at a time, on plain float arrays: no ND4J, no allocation per step.
 *
 * <p>Per-series recurrent state is one flat {@code float[config.stateSize()]}: for LSTM
 * {@code [h_0 | c_0 | h_1 | c_1 | ...]}, for GRU and RNN {@code [h_0 | h_1 | ...]}, each block H floats, layer 0 first.
 * A zero array is the initial state. Instances are immutable and thread-safe; {@link Scratch} is not (one per thread).
 *
 * <p>Layer 0 reads the model input x [F], or [F + 1] with the seasonal lag (season m &ge; 2; see
 * {@code ModelConfig#networkInputSize}); layer l &gt; 0 reads layer l-1's new h [H]. The head is linear:
 * ŷ = wy · h_top + by. The cells' equations are in {@link CellSteps}. Every σ is evaluated as ½ + ½·tanh(z/2)
 * ({@link SigmoidScaling}); by default tanh is the fast approximation of {@link Activations} (error below 1e-6),
 * with {@code exactActivations} it is {@code Math.tanh}.
 */
public final class StreamingModel {

    private final Weights weights;
    private final ModelConfig config;
    private final CellType cell;
    private final int hidden;
    private final int stateSize;
    private final boolean exact;
    /** The layers with their σ-gate columns halved (see {@link SigmoidScaling}). */
    private final Weights.Layer[] layers;

    /** A model with the fast activations. */
    public StreamingModel(Weights weights) {
        this(weights, false);
    }

    /** @param exactActivations use {@code Math.tanh} (8-10× slower on JDK 17, docs/benchmarks.md) */
    public StreamingModel(Weights weights, boolean exactActivations) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.config = weights.config();
        this.cell = config.cell();
        this.hidden = config.hiddenSize();
        this.stateSize = config.stateSize();
        this.exact = exactActivations;
        this.layers = new Weights.Layer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = SigmoidScaling.halveSigmoidGates(weights.layer(l), cell, hidden);
        }
    }

    public ModelConfig config() {
        return config;
    }

    public Weights weights() {
        return weights;
    }

    /** Whether this model uses the exact activations. */
    public boolean exactActivations() {
        return exact;
    }

    /** Per-thread working memory for {@link #step}. */
    public Scratch newScratch() {
        return new Scratch(config.gateWidth(), hidden);
    }

    /**
     * Advances {@code state} by one observation and returns the forecast of the next target value.
     *
     * @param x the scaled model input [networkInputSize]: the F features, then the seasonal lag when m &ge; 2
     * @param state the series' recurrent state [stateSize], read and overwritten
     * @param scratch this thread's scratch
     * @return ŷ, the next target value in scaled, transformed units
     */
    public float step(float[] x, float[] state, Scratch scratch) {
        check(x, state, scratch);
        int h = hidden;
        float[] in = x;
        int inOff = 0;
        int topH = 0;
        for (int l = 0; l < layers.length; l++) {
            Weights.Layer p = layers[l];
            switch (cell) {
                case LSTM -> {
                    int hOff = 2 * h * l;
                    CellSteps.lstm(p, in, inOff, state, hOff, hOff + h, scratch, exact);
                    topH = hOff;
                }
                case PEEPHOLE -> {
                    int hOff = 2 * h * l;
                    CellSteps.peephole(p, in, inOff, state, hOff, hOff + h, scratch, exact);
                    topH = hOff;
                }
                case GRU -> {
                    CellSteps.gru(p, in, inOff, state, h * l, scratch, exact);
                    topH = h * l;
                }
                case RNN -> {
                    CellSteps.rnn(p, in, inOff, state, h * l, scratch, exact);
                    topH = h * l;
                }
            }
            in = state;
            inOff = topH;
        }
        return Kernels.dot(weights.wy(), state, topH) + weights.by(); // ŷ = wy · h_top + by
    }

    private void check(float[] x, float[] state, Scratch scratch) {
        if (x.length != config.networkInputSize()) {
            throw new IllegalArgumentException("x: expected " + config.networkInputSize() + " inputs (F = "
                    + config.inputSize() + (config.seasonalLag() ? " features + the seasonal lag" : " features")
                    + "), found " + x.length);
        }
        if (state.length != stateSize) {
            throw new IllegalArgumentException("state: expected stateSize = " + stateSize + " floats for " + cell
                    + " L=" + config.layers() + " H=" + hidden + ", found " + state.length);
        }
        if (scratch.h.length != hidden || scratch.z.length != config.gateWidth()) {
            throw new IllegalArgumentException("scratch: made for H = " + scratch.h.length + ", this model has H = "
                    + hidden + " (use this model's newScratch())");
        }
    }

    /** Working memory; not thread-safe. Block arrays let the elementwise loops index with j alone. */
    public static final class Scratch {
        /** Gate pre-activations, then activations [G*H]; for GRU the x side plus b. */
        final float[] z;
        /** GRU: the recurrent side Wh·h [G*H]. */
        final float[] zh;
        /** Gate blocks [H] each: LSTM i, f, g, o; GRU r, u, n, Wh_n·h. */
        final float[] g0;

        final float[] g1;
        final float[] g2;
        final float[] g3;
        /** The layer's h [H] and c [H] while they are updated. */
        final float[] h;

        final float[] c;
        /** PEEPHOLE: the layer's p_i, p_f, p_o [H] each, copied out of p [3H] so the loops index with j alone. */
        final float[] pi;

        final float[] pf;
        final float[] po;

        Scratch(int gateWidth, int hidden) {
            z = new float[gateWidth];
            zh = new float[gateWidth];
            g0 = new float[hidden];
            g1 = new float[hidden];
            g2 = new float[hidden];
            g3 = new float[hidden];
            h = new float[hidden];
            c = new float[hidden];
            pi = new float[hidden];
            pf = new float[hidden];
            po = new float[hidden];
        }
    }
}
