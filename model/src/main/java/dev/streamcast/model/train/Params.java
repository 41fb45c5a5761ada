package dev.streamcast.model.train;

import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Weights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * All trainable parameters in one flat ND4J vector, in the canonical order of {@link Weights#toFlat()}, with
 * matrix views onto it for the products. Because the order is the same, converting to and from {@link Weights} is
 * one copy, and Adam and clipping treat the whole model as one vector.
 *
 * <pre>
 *   layer l:  wx [D, G*H]   wh [H, G*H]   b [1, G*H]     (views, c-order, input-major as in Weights)
 *             p [3H] after b, PEEPHOLE only (at {@link #peepOffsets}[l])
 *   head:     wy [H, 1]     by (last element)
 * </pre>
 */
final class Params {
    final ModelConfig config;
    final DataType dataType;
    final int size;
    /** The flat parameter vector [size]. */
    final INDArray flat;

    final Buf buf;
    final INDArray[] wx;
    final INDArray[] wh;
    final INDArray[] b;

    final INDArray wy;
    /** Offsets into {@link #flat} of each layer's wx, wh, b (index 3l, 3l+1, 3l+2), then wy, then by. */
    final int[] offsets;
    /** Offset into {@link #flat} of each layer's peephole weights p_i | p_f | p_o [3H] (PEEPHOLE; else unused). */
    final int[] peepOffsets;

    Params(ModelConfig config, DataType dataType) {
        this.config = config;
        this.dataType = dataType;
        this.size = Weights.parameterCount(config);
        this.flat = Nd4j.create(dataType, new long[] {size}, 'c');
        this.buf = new Buf(flat);
        int layers = config.layers();
        int gh = config.gateWidth();
        int h = config.hiddenSize();
        wx = new INDArray[layers];
        wh = new INDArray[layers];
        b = new INDArray[layers];
        offsets = new int[3 * layers + 2];
        peepOffsets = new int[layers];
        int p = 0;
        for (int l = 0; l < layers; l++) {
            int d = config.layerInputSize(l);
            offsets[3 * l] = p;
            wx[l] = view(p, d, gh);
            p += d * gh;
            offsets[3 * l + 1] = p;
            wh[l] = view(p, h, gh);
            p += h * gh;
            offsets[3 * l + 2] = p;
            b[l] = view(p, 1, gh);
            p += gh;
            peepOffsets[l] = p;
            p += Weights.peepholeCount(config);
        }
        offsets[3 * layers] = p;
        wy = view(p, h, 1);
        offsets[3 * layers + 1] = p + h;
    }

    /** A c-order [rows, cols] view onto {@link #flat} starting at {@code offset}. */
    private INDArray view(int offset, int rows, int cols) {
        return Nd4j.create(flat.data(), new long[] {rows, cols}, new long[] {cols, 1}, offset, 'c', dataType);
    }

    double by() {
        double[] v = new double[1];
        buf.read(size - 1, v, 0, 1);
        return v[0];
    }

    double[] get() {
        return buf.readAll(size);
    }

    void set(double[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException("parameters: expected " + size + ", found " + values.length);
        }
        buf.write(0, values, 0, size);
    }

    void set(Weights w) {
        if (!w.config().equals(config)) {
            throw new IllegalArgumentException("weights were built for " + w.config() + ", not " + config);
        }
        float[] f = w.toFlat();
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = f[i];
        }
        set(v);
    }

    Weights toWeights() {
        double[] v = get();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Weights.fromFlat(config, f);
    }

    /** Whether flat index {@code i} is a weight (L2 applies) rather than a bias. */
    boolean isWeight(int i) {
        int layers = config.layers();
        for (int l = 0; l < layers; l++) {
            if (i >= offsets[3 * l + 2] && i < offsets[3 * l + 2] + config.gateWidth()) {
                return false;
            }
        }
        return i != size - 1;
    }
}
