package dev.streamcast.jobs.forecast;

import dev.streamcast.model.prep.Binary16;
import dev.streamcast.model.prep.ScalerState;

/**
 * Everything the forecast operator keeps for one series (one key), in one value so that a RocksDB backend reads and
 * writes it once per observation. A Flink POJO: public fields, primitive arrays and a nested POJO, no Kryo.
 *
 * <p>W = window size, F = features, D = the model's input width (F, or F + 1 with a seasonal lag; F before the first
 * model), S = the model's state size (see {@code StreamingModel}). Both rings are circular:
 * {@code head} is the next slot to write, the {@code count} newest entries are valid, oldest first at
 * {@code (head - count) mod W}. The layout is documented in docs/state.md.
 */
public class SeriesState {
    /** Recurrent state [S] under {@link #modelVersion}: h (and c) of every layer; null before the first model. */
    public float[] rnn;
    /** Version of the model {@link #rnn} was computed under; 0 = none (re-prime at the next model step). */
    public long modelVersion;
    /** Model inputs consumed into {@link #rnn} under {@link #modelVersion} (the re-prime counts). */
    public long consumed;

    /** The scaler's running statistics; null before the first model. */
    public ScalerState scaler;
    /** Fingerprint of the feature space the scaler and {@link #inputs} are in (ModelSpace); 0 = none. */
    public long scalerSpace;

    /**
     * Ring of the last W model inputs [W*D], scaled, in {@link #scalerSpace}, each rounded to the nearest binary16
     * ({@code Binary16}): the ring is read only to re-prime the recurrent state after a model swap, and the serializer
     * writes its entries as 2 bytes (the forecast at each observation uses the exact input).
     */
    public float[] inputs;

    public int inputHead;
    public int inputCount;

    /**
     * Ring of the last W accepted raw observations [W*F], original units, kept only until the key's first model (its
     * inputs are built from it then); null after, which keeps the per-key state small.
     */
    public double[] raws;

    public int rawHead;
    public int rawCount;

    /** The forecast made at the previous observation (original units), NaN if none. */
    public double lastForecast = Double.NaN;
    /** Timestamp of the last applied observation, Long.MIN_VALUE if none. */
    public long lastTs = Long.MIN_VALUE;
    /** Exponentially weighted mean gap between applied observations (ms), 0 while unknown. */
    public double interval;
    /**
     * Observations applied to this state (each forecast carries the count after its own): consumers detect gaps and
     * duplicates by it. A state restored from a snapshot taken before this field existed starts again at 0.
     */
    public long seq;

    /**
     * The prediction-interval calibrator's state of this key ({@code ConformalBands}: 4 + 2L floats; one of
     * 3 + 2L, from before the learning-rate schedule, is moved to that layout at the key's next forecast), null until the
     * key's first forecast, when the bands are off, or in a state restored from a snapshot taken before this field
     * existed (then it starts afresh at the next forecast).
     */
    public float[] bands;

    /**
     * With {@code --horizon} H &gt; 1: the key's last H forecast paths [H*H], the path made at the observation
     * numbered {@link #seq} = n in slot n mod H (NaN where none was made), so that the h-step forecast made at n - h
     * is scored by the actual at n. Null when H = 1, or in a state restored from before horizons (then it starts
     * afresh).
     */
    public double[] paths;
    /**
     * With H &gt; 1 and the bands on: the calibrations of horizons 2 .. H [(H - 1) × (4 + 2L)], each as
     * {@link #bands} is for horizon 1; null otherwise.
     */
    public float[] horizonBands;

    /**
     * The key's Holt-Winters state when the model combines the network with exponential smoothing
     * ({@code step.HoltWinters}: [4 + m] doubles, [5] without a season), in the model's units (ln or not); null
     * otherwise, or in a state restored from a snapshot taken before this field existed (then it starts afresh from
     * the next observation).
     */
    public double[] smoothing;

    public SeriesState() {}

    /** A state for a series never seen. */
    public static SeriesState create(int window, int features) {
        SeriesState s = new SeriesState();
        s.inputs = new float[window * features];
        s.raws = new double[window * features];
        return s;
    }

    /** D, the input ring's stride: the model input width of the scaler's space (F + 1 with a season, else F). */
    public int stride(int features) {
        return features + (scaler != null && scaler.season() > 1 ? 1 : 0);
    }

    /**
     * Appends x [F or F + 1], rounded to binary16, to the input ring of stride D, dropping the oldest entry when full.
     */
    public void appendInput(float[] x, int stride) {
        int w = inputs.length / stride;
        int at = inputHead * stride;
        for (int k = 0; k < x.length; k++) {
            inputs[at + k] = Binary16.round(x[k]);
        }
        inputHead = (inputHead + 1) % w;
        inputCount = Math.min(inputCount + 1, w);
    }

    /** Copies the i-th valid input (0 = oldest) into out [F or F + 1]. */
    public void inputAt(int i, float[] out, int stride) {
        int w = inputs.length / stride;
        System.arraycopy(inputs, ((inputHead - inputCount + i + w) % w) * stride, out, 0, out.length);
    }

    /** Appends v [F] to the raw ring, dropping the oldest entry when full. */
    public void appendRaw(double[] v) {
        int f = v.length;
        int w = raws.length / f;
        System.arraycopy(v, 0, raws, rawHead * f, f);
        rawHead = (rawHead + 1) % w;
        rawCount = Math.min(rawCount + 1, w);
    }

    /** Copies the i-th valid raw observation (0 = oldest) into out [F]. */
    public void rawAt(int i, double[] out) {
        int f = out.length;
        int w = raws.length / f;
        System.arraycopy(raws, ((rawHead - rawCount + i + w) % w) * f, out, 0, f);
    }

    /** Empties the input ring (its entries belong to another feature space). */
    public void clearInputs() {
        inputHead = 0;
        inputCount = 0;
    }

    /**
     * Makes the rings W*D and W*F long, D = {@link #stride} (a restore under another window size or feature count):
     * keeps the newest entries of the same F, drops everything when F changed. Allocates; only runs when the sizes
     * differ.
     */
    public void fitRings(int window, int features) {
        int oldF = scaler != null ? scaler.features() : features;
        int d = stride(features);
        boolean sameF = inputs != null && oldF == features && inputs.length % d == 0;
        boolean hadRaws = raws != null;
        float[] in = new float[window * d];
        double[] raw = new double[window * features];
        int keepIn = sameF ? Math.min(inputCount, window) : 0;
        int keepRaw = sameF && hadRaws ? Math.min(rawCount, window) : 0;
        float[] x = new float[d];
        double[] v = new double[features];
        for (int i = 0; i < keepIn; i++) {
            inputAt(inputCount - keepIn + i, x, d);
            System.arraycopy(x, 0, in, i * d, d);
        }
        for (int i = 0; i < keepRaw; i++) {
            rawAt(rawCount - keepRaw + i, v);
            System.arraycopy(v, 0, raw, i * features, features);
        }
        inputs = in;
        raws = hadRaws || !sameF ? raw : null;
        inputCount = keepIn;
        inputHead = keepIn % window;
        rawCount = keepRaw;
        rawHead = keepRaw % window;
        if (!sameF) {
            scaler = null;
            scalerSpace = 0;
            modelVersion = 0;
        }
    }

    @Override
    public String toString() {
        return "SeriesState{v=" + modelVersion + ", consumed=" + consumed + ", space=" + scalerSpace
                + ", inputs=" + inputCount + ", raws=" + rawCount + ", lastTs=" + lastTs + ", interval=" + interval
                + ", seq=" + seq + ", bands=" + (bands == null ? "null" : bands.length + " floats")
                + ", paths=" + (paths == null ? "null" : paths.length + " doubles")
                + ", smoothing=" + (smoothing == null ? "null" : smoothing.length + " doubles")
                + ", lastForecast=" + lastForecast + ", rnn=" + (rnn == null ? "null" : rnn.length + " floats")
                + ", scaler=" + scaler + "}";
    }
}
