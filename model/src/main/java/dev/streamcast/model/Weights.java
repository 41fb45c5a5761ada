package dev.streamcast.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The parameters of a stacked recurrent forecaster, in plain float arrays laid out for the streaming step.
 *
 * <p>Each weight matrix is stored input-major, one {@code float[]} per input unit: {@code wx[i]} is the row of gate
 * pre-activation weights that input i contributes to, so {@code z[j] += wx[i][j] * x[i]} runs over contiguous j (the
 * JIT vectorises this form; see docs/benchmarks.md). Shapes, with D = the layer's input size, G = cell gates:
 * <pre>
 *   layer l:  wx [D][G*H]   wh [H][G*H]   b [G*H]     (gate order: see {@link Gates})
 *             p [3H]: PEEPHOLE only, the diagonal peephole weights p_i | p_f | p_o (empty for the other cells)
 *   head:     wy [H]        by            ŷ = wy · h_top + by
 * </pre>
 * Instances are treated as immutable: nothing in streamcast writes into the arrays after construction.
 */
public final class Weights {

    /** One layer's parameters. */
    public record Layer(float[][] wx, float[][] wh, float[] b, float[] p) {
        public Layer {
            Objects.requireNonNull(wx, "wx");
            Objects.requireNonNull(wh, "wh");
            Objects.requireNonNull(b, "b");
            Objects.requireNonNull(p, "p");
        }

        /** A layer without peepholes (LSTM, GRU, RNN). */
        public Layer(float[][] wx, float[][] wh, float[] b) {
            this(wx, wh, b, new float[0]);
        }
    }

    /** Peephole weights per layer: 3H for PEEPHOLE, else 0. */
    public static int peepholeCount(ModelConfig config) {
        return config.cell().peepholes() ? 3 * config.hiddenSize() : 0;
    }

    private final ModelConfig config;
    private final Layer[] layers;
    private final float[] wy;
    private final float by;

    /** Validates every shape against the configuration; a mismatch names the array and both sizes. */
    public Weights(ModelConfig config, List<Layer> layers, float[] wy, float by) {
        this.config = Objects.requireNonNull(config, "config");
        if (layers.size() != config.layers()) {
            throw new IllegalArgumentException("layers: expected L = " + config.layers() + ", found " + layers.size());
        }
        int gh = config.gateWidth();
        int h = config.hiddenSize();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            int d = config.layerInputSize(l);
            checkMatrix(layer.wx(), d, gh, "layer " + l + " wx", "D", "G*H");
            checkMatrix(layer.wh(), h, gh, "layer " + l + " wh", "H", "G*H");
            checkLength(layer.b().length, gh, "layer " + l + " b", "G*H");
            checkLength(
                    layer.p().length,
                    peepholeCount(config),
                    "layer " + l + " p",
                    config.cell().peepholes() ? "3H" : "0");
        }
        checkLength(wy.length, h, "wy", "H");
        this.layers = layers.toArray(new Layer[0]);
        this.wy = wy;
        this.by = by;
    }

    private static void checkMatrix(float[][] m, int rows, int cols, String name, String rowsName, String colsName) {
        checkLength(m.length, rows, name + " rows", rowsName);
        for (float[] row : m) {
            checkLength(row.length, cols, name + " columns", colsName);
        }
    }

    private static void checkLength(int found, int expected, String name, String symbol) {
        if (found != expected) {
            throw new IllegalArgumentException(name + ": expected " + symbol + " = " + expected + ", found " + found);
        }
    }

    /** All parameters zero (for tests and for shape-only uses). */
    public static Weights zeros(ModelConfig config) {
        return fromFlat(config, new float[parameterCount(config)]);
    }

    /** Number of parameters: per layer D*G*H + H*G*H + G*H (+ 3H peepholes), plus the head's H + 1. */
    public static int parameterCount(ModelConfig config) {
        int gh = config.gateWidth();
        int h = config.hiddenSize();
        int n = 0;
        for (int l = 0; l < config.layers(); l++) {
            n += config.layerInputSize(l) * gh + h * gh + gh + peepholeCount(config);
        }
        return n + h + 1;
    }

    /**
     * The canonical flat order of the parameters, used by the model file and the trainer: for each layer wx
     * (row-major [D][G*H]), wh (row-major [H][G*H]), b, p (PEEPHOLE); then wy, then by.
     */
    public float[] toFlat() {
        float[] flat = new float[parameterCount(config)];
        int p = 0;
        for (Layer layer : layers) {
            p = copyOut(layer.wx(), flat, p);
            p = copyOut(layer.wh(), flat, p);
            System.arraycopy(layer.b(), 0, flat, p, layer.b().length);
            p += layer.b().length;
            System.arraycopy(layer.p(), 0, flat, p, layer.p().length);
            p += layer.p().length;
        }
        System.arraycopy(wy, 0, flat, p, wy.length);
        flat[p + wy.length] = by;
        return flat;
    }

    /** Inverse of {@link #toFlat()}. */
    public static Weights fromFlat(ModelConfig config, float[] flat) {
        if (flat.length != parameterCount(config)) {
            throw new IllegalArgumentException("weights: expected " + parameterCount(config) + " parameters for "
                    + config + ", found " + flat.length);
        }
        int gh = config.gateWidth();
        int h = config.hiddenSize();
        Layer[] layers = new Layer[config.layers()];
        int p = 0;
        for (int l = 0; l < layers.length; l++) {
            float[][] wx = new float[config.layerInputSize(l)][];
            p = copyIn(flat, p, wx, gh);
            float[][] wh = new float[h][];
            p = copyIn(flat, p, wh, gh);
            float[] b = Arrays.copyOfRange(flat, p, p + gh);
            p += gh;
            float[] peep = Arrays.copyOfRange(flat, p, p + peepholeCount(config));
            p += peep.length;
            layers[l] = new Layer(wx, wh, b, peep);
        }
        float[] wy = Arrays.copyOfRange(flat, p, p + h);
        return new Weights(config, List.of(layers), wy, flat[p + h]);
    }

    private static int copyOut(float[][] m, float[] flat, int p) {
        for (float[] row : m) {
            System.arraycopy(row, 0, flat, p, row.length);
            p += row.length;
        }
        return p;
    }

    private static int copyIn(float[] flat, int p, float[][] m, int cols) {
        for (int r = 0; r < m.length; r++) {
            m[r] = Arrays.copyOfRange(flat, p, p + cols);
            p += cols;
        }
        return p;
    }

    public ModelConfig config() {
        return config;
    }

    public Layer layer(int l) {
        return layers[l];
    }

    public float[] wy() {
        return wy;
    }

    public float by() {
        return by;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && config.equals(w.config) && Arrays.equals(toFlat(), w.toFlat());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toFlat());
    }
}
