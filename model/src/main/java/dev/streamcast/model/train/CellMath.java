package dev.streamcast.model.train;

import static dev.streamcast.model.Gates.GRU_N;
import static dev.streamcast.model.Gates.GRU_R;
import static dev.streamcast.model.Gates.GRU_Z;
import static dev.streamcast.model.Gates.LSTM_F;
import static dev.streamcast.model.Gates.LSTM_G;
import static dev.streamcast.model.Gates.LSTM_I;
import static dev.streamcast.model.Gates.LSTM_O;

import dev.streamcast.model.CellType;

/**
 * The elementwise part of one time step for B streams at once, forward and backward, in plain Java on the
 * per-layer tape of {@link Network}. The matrix products (x·Wx for the whole window, h·Wh per step, the weight
 * gradients) are ND4J's; everything here is O(B·G·H) per step. Backward mirrors forward with d-prefixed names.
 *
 * <p>Tape arrays of one layer, T steps, row-major, block t = rows of step t:
 * <pre>
 *   act [T][B][G*H]   in: x·Wx + b (pre-activation), out: gate activations
 *   h   [T+1][B][H]   block 0 = initial h, block t+1 = h_t
 *   c   [T+1][B][H]   LSTM only, like h;   tc [T][B][H] = tanh(c_t)
 *   zhn [T][B][H]     GRU only: the candidate's recurrent part (h_{t-1}·Wh)_n
 * </pre>
 */
final class CellMath {
    private CellMath() {}

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Forward of step t given zh = h_{t-1}·Wh [B][G*H]. Fills act block t, h (and c, tc, zhn) block t+1. */
    static void forward(CellType cell, int t, int batch, int hidden, double[] zh, Network.LayerTape tp) {
        int gh = cell.gates() * hidden;
        for (int r = 0; r < batch; r++) {
            int za = (t * batch + r) * gh;       // act row of (t, r)
            int zr = r * gh;                     // zh row of r
            int pb = (t * batch + r) * hidden;   // h/c row of (t-1, r) = block t
            int hb = pb + batch * hidden;        // h/c row of (t, r)  = block t+1
            for (int j = 0; j < hidden; j++) {
                double[] a = tp.act;
                switch (cell) {
                    case LSTM -> {
                        double i = sigmoid(a[za + LSTM_I * hidden + j] + zh[zr + LSTM_I * hidden + j]);
                        double f = sigmoid(a[za + LSTM_F * hidden + j] + zh[zr + LSTM_F * hidden + j]);
                        double g = Math.tanh(a[za + LSTM_G * hidden + j] + zh[zr + LSTM_G * hidden + j]);
                        double o = sigmoid(a[za + LSTM_O * hidden + j] + zh[zr + LSTM_O * hidden + j]);
                        double c = f * tp.c[pb + j] + i * g;               // c_t = f⊙c_{t-1} + i⊙g
                        double tc = Math.tanh(c);
                        a[za + LSTM_I * hidden + j] = i;
                        a[za + LSTM_F * hidden + j] = f;
                        a[za + LSTM_G * hidden + j] = g;
                        a[za + LSTM_O * hidden + j] = o;
                        tp.c[hb + j] = c;
                        tp.tc[pb + j] = tc;
                        tp.h[hb + j] = o * tc;                             // h_t = o⊙tanh(c_t)
                    }
                    case GRU -> {
                        double rr = sigmoid(a[za + GRU_R * hidden + j] + zh[zr + GRU_R * hidden + j]);
                        double u = sigmoid(a[za + GRU_Z * hidden + j] + zh[zr + GRU_Z * hidden + j]);
                        double zn = zh[zr + GRU_N * hidden + j];
                        double n = Math.tanh(a[za + GRU_N * hidden + j] + rr * zn); // reset after Wh
                        a[za + GRU_R * hidden + j] = rr;
                        a[za + GRU_Z * hidden + j] = u;
                        a[za + GRU_N * hidden + j] = n;
                        tp.zhn[pb + j] = zn;
                        tp.h[hb + j] = (1 - u) * n + u * tp.h[pb + j];    // h_t = (1-u)⊙n + u⊙h_{t-1}
                    }
                    case RNN -> {
                        double hv = Math.tanh(a[za + j] + zh[zr + j]);
                        a[za + j] = hv;
                        tp.h[hb + j] = hv;
                    }
                }
            }
        }
    }

    /**
     * Backward of step t. In: dh = dL/dh_t [B][H] (from above and from step t+1), dc = dL/dc_t [B][H] (LSTM, in/out:
     * becomes dL/dc_{t-1}). Out: dzx = dL/d(x·Wx + b) and dzh = dL/d(h_{t-1}·Wh) [B][G*H] (the same array except for
     * GRU), and dhDirect = the part of dL/dh_{t-1} that does not pass through Wh (GRU's u⊙h_{t-1}; else 0).
     */
    static void backward(CellType cell, int t, int batch, int hidden, Network.LayerTape tp, double[] dh,
            double[] dc, double[] dzx, double[] dzh, double[] dhDirect) {
        int gh = cell.gates() * hidden;
        double[] a = tp.act;
        for (int r = 0; r < batch; r++) {
            int za = (t * batch + r) * gh;
            int zr = r * gh;
            int pb = (t * batch + r) * hidden;
            int hr = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double dhv = dh[hr + j];
                switch (cell) {
                    case LSTM -> {
                        double i = a[za + LSTM_I * hidden + j];
                        double f = a[za + LSTM_F * hidden + j];
                        double g = a[za + LSTM_G * hidden + j];
                        double o = a[za + LSTM_O * hidden + j];
                        double tc = tp.tc[pb + j];
                        double dO = dhv * tc;                                  // h = o⊙tanh(c)
                        double dC = dc[hr + j] + dhv * o * (1 - tc * tc);      // through tanh(c)
                        dzx[zr + LSTM_I * hidden + j] = dC * g * i * (1 - i);  // c = f⊙c' + i⊙g
                        dzx[zr + LSTM_F * hidden + j] = dC * tp.c[pb + j] * f * (1 - f);
                        dzx[zr + LSTM_G * hidden + j] = dC * i * (1 - g * g);
                        dzx[zr + LSTM_O * hidden + j] = dO * o * (1 - o);
                        dc[hr + j] = dC * f;                                   // to c_{t-1}
                    }
                    case GRU -> {
                        double rr = a[za + GRU_R * hidden + j];
                        double u = a[za + GRU_Z * hidden + j];
                        double n = a[za + GRU_N * hidden + j];
                        double hp = tp.h[pb + j];
                        double dN = dhv * (1 - u) * (1 - n * n);               // through (1-u)⊙n, tanh
                        double dR = dN * tp.zhn[pb + j] * rr * (1 - rr);       // n = tanh(.. + r⊙zh_n)
                        double dU = dhv * (hp - n) * u * (1 - u);              // through u⊙(h' - n)
                        dzx[zr + GRU_R * hidden + j] = dR;
                        dzx[zr + GRU_Z * hidden + j] = dU;
                        dzx[zr + GRU_N * hidden + j] = dN;
                        dzh[zr + GRU_R * hidden + j] = dR;
                        dzh[zr + GRU_Z * hidden + j] = dU;
                        dzh[zr + GRU_N * hidden + j] = dN * rr;
                        dhDirect[hr + j] = dhv * u;                            // h_t = .. + u⊙h_{t-1}
                    }
                    case RNN -> {
                        double hv = a[za + j];
                        dzx[zr + j] = dhv * (1 - hv * hv);                     // h = tanh(z)
                    }
                }
            }
        }
    }
}
