package dev.streamcast.model.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Direct Java access to the memory of a fresh (non-view, offset 0, c-order) FLOAT or DOUBLE INDArray, so that the
 * per-step elementwise cell math runs in plain Java between ND4J matrix products (one ND4J op costs 30-170 µs;
 * see ../shared/STACK.md). Reads and writes go through the array's own native buffer: no copies, no ND4J ops.
 */
final class Buf {
    private final DoubleBuffer d;
    private final FloatBuffer f;

    Buf(INDArray a) {
        if (a.isView() || a.offset() != 0 || a.ordering() != 'c') {
            throw new IllegalArgumentException("Buf needs a fresh c-order array, found view=" + a.isView() + " offset="
                    + a.offset() + " order=" + a.ordering());
        }
        if (a.dataType() == DataType.DOUBLE) {
            d = a.data().asNioDouble();
            f = null;
        } else if (a.dataType() == DataType.FLOAT) {
            d = null;
            f = a.data().asNioFloat();
        } else {
            throw new IllegalArgumentException("data type must be FLOAT or DOUBLE, found " + a.dataType());
        }
    }

    /** dst[dstOff .. dstOff+len) = a[off .. off+len) (flat c-order index). */
    void read(int off, double[] dst, int dstOff, int len) {
        if (d != null) {
            d.get(off, dst, dstOff, len);
        } else {
            for (int k = 0; k < len; k++) {
                dst[dstOff + k] = f.get(off + k);
            }
        }
    }

    /** a[off .. off+len) = src[srcOff .. srcOff+len). */
    void write(int off, double[] src, int srcOff, int len) {
        if (d != null) {
            d.put(off, src, srcOff, len);
        } else {
            for (int k = 0; k < len; k++) {
                f.put(off + k, (float) src[srcOff + k]);
            }
        }
    }

    /** The whole array as a new double[] of {@code n} values. */
    double[] readAll(int n) {
        double[] out = new double[n];
        read(0, out, 0, n);
        return out;
    }
}
