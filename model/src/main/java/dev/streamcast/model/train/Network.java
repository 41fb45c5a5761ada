package dev.streamcast.model.train;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Forward and backward pass of the stacked network over one window of T steps for B parallel streams, time-major.
 * ND4J does the matrix products, batched across time wherever the recurrence allows: per layer and window one
 * product X·Wx + b over all T steps, one product for each of dWx, dWh, db and dX; per step only h_{t-1}·Wh forward
 * and dz_t·Whᵀ backward. The elementwise cell math is plain Java ({@link CellMath}).
 *
 * <pre>
 *   x  [T·B, F] (row t·B + r = step t of stream r)     y, mask [T·B]
 *   ŷ_t = h_top,t · wy + by        loss = Σ mask·(ŷ - y)² / Σ mask      (mean squared error over scored steps)
 * </pre>
 */
final class Network {

    /** Recurrent state of B streams: h[l] and (LSTM) c[l], each [B·H]. Plain data, detached from any graph. */
    record State(int batch, double[][] h, double[][] c) {
        static State zeros(ModelConfig cfg, int batch) {
            int n = batch * cfg.hiddenSize();
            return new State(batch, new double[cfg.layers()][n], new double[cfg.layers()][n]);
        }
    }

    /** One layer's forward record (see {@link CellMath} for the Java arrays). */
    static final class LayerTape {
        INDArray in; // [T·B, D] layer input
        INDArray hs; // [(T+1)·B, H] h blocks as an ND4J array (block 0 = initial h)
        double[] act;
        double[] h;
        double[] c;
        double[] tc;
        double[] zhn;
        double[] peep; // PEEPHOLE: p_i | p_f | p_o [3H]
        double[] dpeep; // PEEPHOLE: their gradient, summed over the window [3H]
    }

    /** The forward record of one window. */
    record Tape(int steps, int batch, LayerTape[] layers, INDArray top, double[] yhat) {}

    private final ModelConfig cfg;
    private final Params p;
    private final DataType dt;
    private final CellType cell;
    private final int hidden;
    private final int gh;

    /** One path for every cell (ND4J's fused lstmLayer ops were slower here; see docs/training.md). */
    Network(Params params) {
        this.p = params;
        this.cfg = params.config;
        this.dt = params.dataType;
        this.cell = cfg.cell();
        this.hidden = cfg.hiddenSize();
        this.gh = cfg.gateWidth();
    }

    ModelConfig config() {
        return cfg;
    }

    int inputSize() {
        return cfg.networkInputSize();
    }

    private INDArray create(long rows, long cols) {
        return Nd4j.create(dt, new long[] {rows, cols}, 'c');
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** Runs T steps from state s0. x is [T·B·F], time-major. */
    Tape forward(double[] x, int steps, int batch, State s0) {
        int f = cfg.networkInputSize();
        int tb = steps * batch;
        INDArray in = create(tb, f);
        new Buf(in).write(0, x, 0, tb * f);
        LayerTape[] tapes = new LayerTape[cfg.layers()];
        INDArray zhArr = create(batch, gh);
        Buf zhBuf = new Buf(zhArr);
        double[] zh = new double[batch * gh];
        int bh = batch * hidden;
        INDArray hpArr = create(batch, hidden);
        Buf hpBuf = new Buf(hpArr);
        for (int l = 0; l < tapes.length; l++) {
            LayerTape tp = new LayerTape();
            tapes[l] = tp;
            tp.in = in;
            INDArray zx = create(tb, gh);
            Nd4j.gemm(in, p.wx[l], zx, false, false, 1.0, 0.0); // x·Wx  [T·B, G·H], all steps at once
            zx.addiRowVector(p.b[l]); // + b
            tp.act = new Buf(zx).readAll(tb * gh);
            tp.h = new double[(steps + 1) * bh];
            System.arraycopy(s0.h()[l], 0, tp.h, 0, bh);
            if (cell.hasCellState()) {
                tp.c = new double[(steps + 1) * bh];
                System.arraycopy(s0.c()[l], 0, tp.c, 0, bh);
                tp.tc = new double[tb * hidden];
            }
            if (cell == CellType.GRU) {
                tp.zhn = new double[tb * hidden];
            }
            if (cell.peepholes()) {
                tp.peep = new double[3 * hidden];
                p.buf.read(p.peepOffsets[l], tp.peep, 0, 3 * hidden);
            }
            for (int t = 0; t < steps; t++) {
                hpBuf.write(0, tp.h, t * bh, bh);
                Nd4j.gemm(hpArr, p.wh[l], zhArr, false, false, 1.0, 0.0); // h_{t-1}·Wh  [B, G·H]
                zhBuf.read(0, zh, 0, batch * gh);
                CellMath.forward(cell, t, batch, hidden, zh, tp);
            }
            tp.hs = create((long) (steps + 1) * batch, hidden); // h_0..h_T, one copy per window
            new Buf(tp.hs).write(0, tp.h, 0, (steps + 1) * bh);
            in = rows(tp.hs, batch, (long) (steps + 1) * batch); // h_1..h_T feed the next layer
        }
        INDArray yArr = create(tb, 1);
        Nd4j.gemm(in, p.wy, yArr, false, false, 1.0, 0.0); // ŷ = h_top·wy + by
        double[] yhat = new Buf(yArr).readAll(tb);
        double by = p.by();
        for (int k = 0; k < tb; k++) {
            yhat[k] += by;
        }
        return new Tape(steps, batch, tapes, in, yhat);
    }

    /** The state after the first k steps of the window (k = 0: the initial state), copied. */
    State stateAt(Tape tape, int k) {
        int bh = tape.batch() * hidden;
        double[][] h = new double[cfg.layers()][];
        double[][] c = new double[cfg.layers()][];
        for (int l = 0; l < h.length; l++) {
            LayerTape tp = tape.layers()[l];
            h[l] = Arrays.copyOfRange(tp.h, k * bh, (k + 1) * bh);
            c[l] = tp.c == null ? new double[bh] : Arrays.copyOfRange(tp.c, k * bh, (k + 1) * bh);
        }
        return new State(tape.batch(), h, c);
    }

    /** Masked mean squared error of a forward pass; NaN if nothing is scored. */
    static double loss(double[] yhat, double[] y, double[] mask) {
        double sum = 0;
        double n = 0;
        for (int k = 0; k < yhat.length; k++) {
            if (mask[k] != 0) {
                double e = yhat[k] - y[k];
                sum += mask[k] * e * e;
                n += mask[k];
            }
        }
        return sum / n;
    }

    /**
     * Back-propagates the window's loss to every parameter; the gradient lands in {@code grad} (same layout as the
     * parameters). The initial state is treated as a constant (truncation). Returns the loss.
     */
    double backward(Tape tape, double[] y, double[] mask, Params grad) {
        int steps = tape.steps();
        int batch = tape.batch();
        int tb = steps * batch;
        int bh = batch * hidden;
        double n = 0;
        for (double m : mask) {
            n += m;
        }
        double[] dy = new double[tb];
        double sum = 0;
        double dby = 0;
        for (int k = 0; k < tb; k++) {
            if (mask[k] != 0) {
                double e = tape.yhat()[k] - y[k];
                sum += mask[k] * e * e;
                dy[k] = 2 * mask[k] * e / n; // dL/dŷ
                dby += dy[k];
            }
        }
        INDArray dyArr = create(tb, 1);
        new Buf(dyArr).write(0, dy, 0, tb);
        grad.wy.assign(Nd4j.gemm(tape.top(), dyArr, true, false)); // dwy = h_topᵀ·dŷ
        grad.buf.write(grad.size - 1, new double[] {dby}, 0, 1); // dby = Σ dŷ
        INDArray dIn = create(tb, hidden);
        Nd4j.gemm(dyArr, p.wy, dIn, false, true, 1.0, 0.0); // dh_top = dŷ·wyᵀ  [T·B, H]
        double[] dh = new double[bh];
        double[] dc = new double[bh];
        double[] dhRec = new double[bh];
        double[] dhDirect = new double[bh];
        double[] dzx = new double[batch * gh];
        double[] dzh = cell == CellType.GRU ? new double[batch * gh] : dzx;
        INDArray dhRecArr = create(batch, hidden);
        Buf dhRecBuf = new Buf(dhRecArr);
        INDArray dzArr = create(batch, gh);
        Buf dzBuf = new Buf(dzArr);
        double[] dZxAll = new double[tb * gh];
        double[] dZhAll = cell == CellType.GRU ? new double[tb * gh] : dZxAll;
        for (int l = cfg.layers() - 1; l >= 0; l--) {
            LayerTape tp = tape.layers()[l];
            double[] dHin = new Buf(dIn).readAll(tb * hidden);
            Arrays.fill(dc, 0);
            Arrays.fill(dhRec, 0);
            Arrays.fill(dhDirect, 0);
            if (cell.peepholes()) {
                tp.dpeep = new double[3 * hidden];
            }
            for (int t = steps - 1; t >= 0; t--) {
                for (int k = 0; k < bh; k++) {
                    dh[k] = dHin[t * bh + k] + dhRec[k] + dhDirect[k]; // from above + from step t+1
                }
                CellMath.backward(cell, t, batch, hidden, tp, dh, dc, dzx, dzh, dhDirect);
                System.arraycopy(dzx, 0, dZxAll, t * batch * gh, batch * gh);
                if (dzh != dzx) {
                    System.arraycopy(dzh, 0, dZhAll, t * batch * gh, batch * gh);
                }
                if (t > 0) {
                    dzBuf.write(0, dzh, 0, batch * gh);
                    Nd4j.gemm(dzArr, p.wh[l], dhRecArr, false, true, 1.0, 0.0); // dh_{t-1} += dz_t·Whᵀ
                    dhRecBuf.read(0, dhRec, 0, bh);
                }
            }
            INDArray dZx = create(tb, gh);
            new Buf(dZx).write(0, dZxAll, 0, tb * gh);
            INDArray dZh = dZx;
            if (dZhAll != dZxAll) {
                dZh = create(tb, gh);
                new Buf(dZh).write(0, dZhAll, 0, tb * gh);
            }
            grad.wx[l].assign(Nd4j.gemm(tp.in, dZx, true, false)); // dWx = Xᵀ·dZx
            grad.wh[l].assign(Nd4j.gemm(rows(tp.hs, 0, tb), dZh, true, false)); // dWh = H_prevᵀ·dZh
            grad.b[l].assign(dZx.sum(true, 0)); // db = Σ_rows dZx
            if (cell.peepholes()) {
                grad.buf.write(grad.peepOffsets[l], tp.dpeep, 0, 3 * hidden); // dp, summed in CellMath
            }
            if (l > 0) {
                dIn = create(tb, hidden);
                Nd4j.gemm(dZx, p.wx[l], dIn, false, true, 1.0, 0.0); // dX = dZx·Wxᵀ
            }
        }
        return sum / n;
    }
}
