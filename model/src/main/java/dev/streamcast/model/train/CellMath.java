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
 *   peep [3H], dpeep [3H]   PEEPHOLE only: p_i | p_f | p_o and their gradient (summed over steps and streams)
 * </pre>
 */
final class CellMath {
    private CellMath() {}

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * tanh through the intrinsic Math.exp: sign(x)·(1 - e^(-2|x|)) / (1 + e^(-2|x|)). JDK 17's Math.tanh is not an
     * intrinsic and was the largest cost of a training step; this form is exact to a few ulps (absolute error
     * below 1e-16), far inside the gradient check's and the parity test's tolerances.
     */
    static double tanh(double x) {
        double e = Math.exp(-2 * Math.abs(x));
        double v = (1 - e) / (1 + e);
        return x < 0 ? -v : v;
    }

    /** Forward of step t given zh = h_{t-1}·Wh [B][G*H]. Fills act block t, h (and c, tc, zhn) block t+1. */
    static void forward(CellType cell, int t, int batch, int hidden, double[] zh, Network.LayerTape tp) {
        switch (cell) {
            case LSTM -> lstmForward(t, batch, hidden, zh, tp);
            case PEEPHOLE -> peepholeForward(t, batch, hidden, zh, tp);
            case GRU -> gruForward(t, batch, hidden, zh, tp);
            case RNN -> rnnForward(t, batch, hidden, zh, tp);
        }
    }

    /**
     * Backward of step t. In: dh = dL/dh_t [B][H] (from above and from step t+1), dc = dL/dc_t [B][H] (LSTM, in/out:
     * becomes dL/dc_{t-1}). Out: dzx = dL/d(x·Wx + b) and dzh = dL/d(h_{t-1}·Wh) [B][G*H] (the same array except for
     * GRU), and dhDirect = the part of dL/dh_{t-1} that does not pass through Wh (GRU's u⊙h_{t-1}; else 0).
     */
    static void backward(
            CellType cell,
            int t,
            int batch,
            int hidden,
            Network.LayerTape tp,
            double[] dh,
            double[] dc,
            double[] dzx,
            double[] dzh,
            double[] dhDirect) {
        switch (cell) {
            case LSTM -> lstmBackward(t, batch, hidden, tp, dh, dc, dzx);
            case PEEPHOLE -> peepholeBackward(t, batch, hidden, tp, dh, dc, dzx);
            case GRU -> gruBackward(t, batch, hidden, tp, dh, dzx, dzh, dhDirect);
            case RNN -> rnnBackward(t, batch, hidden, tp, dh, dzx);
        }
    }

    private static void lstmForward(int t, int batch, int hidden, double[] zh, Network.LayerTape tp) {
        int gh = 4 * hidden;
        double[] a = tp.act;
        for (int r = 0; r < batch; r++) {
            int za = (t * batch + r) * gh; // act row of (t, r)
            int zr = r * gh; // zh row of r
            int pb = (t * batch + r) * hidden; // h/c row of (t-1, r) = block t
            int hb = pb + batch * hidden; // h/c row of (t, r)  = block t+1
            for (int j = 0; j < hidden; j++) {
                int ki = LSTM_I * hidden + j;
                int kf = LSTM_F * hidden + j;
                int kg = LSTM_G * hidden + j;
                int ko = LSTM_O * hidden + j;
                double i = sigmoid(a[za + ki] + zh[zr + ki]); // input gate
                double f = sigmoid(a[za + kf] + zh[zr + kf]); // forget gate
                double g = tanh(a[za + kg] + zh[zr + kg]); // candidate
                double o = sigmoid(a[za + ko] + zh[zr + ko]); // output gate
                double c = f * tp.c[pb + j] + i * g; // c_t = f⊙c_{t-1} + i⊙g
                double tc = tanh(c);
                a[za + ki] = i;
                a[za + kf] = f;
                a[za + kg] = g;
                a[za + ko] = o;
                tp.c[hb + j] = c;
                tp.tc[pb + j] = tc;
                tp.h[hb + j] = o * tc; // h_t = o⊙tanh(c_t)
            }
        }
    }

    private static void lstmBackward(
            int t, int batch, int hidden, Network.LayerTape tp, double[] dh, double[] dc, double[] dz) {
        int gh = 4 * hidden;
        double[] a = tp.act;
        for (int r = 0; r < batch; r++) {
            int za = (t * batch + r) * gh;
            int zr = r * gh;
            int pb = (t * batch + r) * hidden;
            int hr = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int ki = LSTM_I * hidden + j;
                int kf = LSTM_F * hidden + j;
                int kg = LSTM_G * hidden + j;
                int ko = LSTM_O * hidden + j;
                double i = a[za + ki];
                double f = a[za + kf];
                double g = a[za + kg];
                double o = a[za + ko];
                double tc = tp.tc[pb + j];
                double dhv = dh[hr + j];
                double dO = dhv * tc; // h = o⊙tanh(c)
                double dC = dc[hr + j] + dhv * o * (1 - tc * tc); // through tanh(c)
                dz[zr + ki] = dC * g * i * (1 - i); // c = f⊙c' + i⊙g, σ'
                dz[zr + kf] = dC * tp.c[pb + j] * f * (1 - f);
                dz[zr + kg] = dC * i * (1 - g * g); // tanh'
                dz[zr + ko] = dO * o * (1 - o);
                dc[hr + j] = dC * f; // to c_{t-1}
            }
        }
    }

    /**
     * Peephole LSTM, Gers &amp; Schmidhuber 2000: i = σ(z_i + p_i⊙c_{t-1}), f = σ(z_f + p_f⊙c_{t-1}), g = tanh(z_g),
     * c_t = f⊙c_{t-1} + i⊙g, o = σ(z_o + p_o⊙c_t), h_t = o⊙tanh(c_t).
     */
    private static void peepholeForward(int t, int batch, int hidden, double[] zh, Network.LayerTape tp) {
        int gh = 4 * hidden;
        double[] a = tp.act;
        double[] p = tp.peep;
        for (int r = 0; r < batch; r++) {
            int za = (t * batch + r) * gh;
            int zr = r * gh;
            int pb = (t * batch + r) * hidden;
            int hb = pb + batch * hidden;
            for (int j = 0; j < hidden; j++) {
                int ki = LSTM_I * hidden + j;
                int kf = LSTM_F * hidden + j;
                int kg = LSTM_G * hidden + j;
                int ko = LSTM_O * hidden + j;
                double cPrev = tp.c[pb + j];
                double i = sigmoid(a[za + ki] + zh[zr + ki] + p[j] * cPrev); // input gate sees c_{t-1}
                double f = sigmoid(a[za + kf] + zh[zr + kf] + p[hidden + j] * cPrev); // forget gate sees c_{t-1}
                double g = tanh(a[za + kg] + zh[zr + kg]); // candidate
                double c = f * cPrev + i * g; // c_t = f⊙c_{t-1} + i⊙g
                double o = sigmoid(a[za + ko] + zh[zr + ko] + p[2 * hidden + j] * c); // output gate sees c_t
                double tc = tanh(c);
                a[za + ki] = i;
                a[za + kf] = f;
                a[za + kg] = g;
                a[za + ko] = o;
                tp.c[hb + j] = c;
                tp.tc[pb + j] = tc;
                tp.h[hb + j] = o * tc; // h_t = o⊙tanh(c_t)
            }
        }
    }

    private static void peepholeBackward(
            int t, int batch, int hidden, Network.LayerTape tp, double[] dh, double[] dc, double[] dz) {
        int gh = 4 * hidden;
        double[] a = tp.act;
        double[] p = tp.peep;
        double[] dp = tp.dpeep;
        for (int r = 0; r < batch; r++) {
            int za = (t * batch + r) * gh;
            int zr = r * gh;
            int pb = (t * batch + r) * hidden;
            int hb = pb + batch * hidden;
            int hr = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int ki = LSTM_I * hidden + j;
                int kf = LSTM_F * hidden + j;
                int kg = LSTM_G * hidden + j;
                int ko = LSTM_O * hidden + j;
                double i = a[za + ki];
                double f = a[za + kf];
                double g = a[za + kg];
                double o = a[za + ko];
                double tc = tp.tc[pb + j];
                double cPrev = tp.c[pb + j];
                double c = tp.c[hb + j];
                double dhv = dh[hr + j];
                double dZo = dhv * tc * o * (1 - o); // h = o⊙tanh(c), σ'
                double dC = dc[hr + j] + dhv * o * (1 - tc * tc) + dZo * p[2 * hidden + j]; // tanh(c) and o's peephole
                double dZi = dC * g * i * (1 - i); // c = f⊙c' + i⊙g, σ'
                double dZf = dC * cPrev * f * (1 - f);
                dz[zr + ki] = dZi;
                dz[zr + kf] = dZf;
                dz[zr + kg] = dC * i * (1 - g * g); // tanh'
                dz[zr + ko] = dZo;
                dp[j] += dZi * cPrev; // dp_i
                dp[hidden + j] += dZf * cPrev; // dp_f
                dp[2 * hidden + j] += dZo * c; // dp_o
                dc[hr + j] = dC * f + dZi * p[j] + dZf * p[hidden + j]; // to c_{t-1}: directly and through i, f
            }
        }
    }

    private static void gruForward(int t, int batch, int hidden, double[] zh, Network.LayerTape tp) {
        int gh = 3 * hidden;
        double[] a = tp.act;
        for (int r = 0; r < batch; r++) {
            int za = (t * batch + r) * gh;
            int zr = r * gh;
            int pb = (t * batch + r) * hidden;
            int hb = pb + batch * hidden;
            for (int j = 0; j < hidden; j++) {
                int kr = GRU_R * hidden + j;
                int kz = GRU_Z * hidden + j;
                int kn = GRU_N * hidden + j;
                double rr = sigmoid(a[za + kr] + zh[zr + kr]); // reset gate
                double u = sigmoid(a[za + kz] + zh[zr + kz]); // update gate
                double zn = zh[zr + kn];
                double n = tanh(a[za + kn] + rr * zn); // candidate, reset after Wh
                a[za + kr] = rr;
                a[za + kz] = u;
                a[za + kn] = n;
                tp.zhn[pb + j] = zn;
                tp.h[hb + j] = (1 - u) * n + u * tp.h[pb + j]; // h_t = (1-u)⊙n + u⊙h_{t-1}
            }
        }
    }

    private static void gruBackward(
            int t,
            int batch,
            int hidden,
            Network.LayerTape tp,
            double[] dh,
            double[] dzx,
            double[] dzh,
            double[] dhDirect) {
        int gh = 3 * hidden;
        double[] a = tp.act;
        for (int r = 0; r < batch; r++) {
            int za = (t * batch + r) * gh;
            int zr = r * gh;
            int pb = (t * batch + r) * hidden;
            int hr = r * hidden;
            for (int j = 0; j < hidden; j++) {
                int kr = GRU_R * hidden + j;
                int kz = GRU_Z * hidden + j;
                int kn = GRU_N * hidden + j;
                double rr = a[za + kr];
                double u = a[za + kz];
                double n = a[za + kn];
                double dhv = dh[hr + j];
                double dN = dhv * (1 - u) * (1 - n * n); // through (1-u)⊙n, tanh
                double dR = dN * tp.zhn[pb + j] * rr * (1 - rr); // n = tanh(.. + r⊙zh_n), σ'
                double dU = dhv * (tp.h[pb + j] - n) * u * (1 - u); // through u⊙(h_{t-1} - n), σ'
                dzx[zr + kr] = dR;
                dzx[zr + kz] = dU;
                dzx[zr + kn] = dN;
                dzh[zr + kr] = dR;
                dzh[zr + kz] = dU;
                dzh[zr + kn] = dN * rr;
                dhDirect[hr + j] = dhv * u; // h_t = .. + u⊙h_{t-1}
            }
        }
    }

    private static void rnnForward(int t, int batch, int hidden, double[] zh, Network.LayerTape tp) {
        double[] a = tp.act;
        int hb = (t + 1) * batch * hidden;
        int za = t * batch * hidden;
        for (int k = 0; k < batch * hidden; k++) {
            double hv = tanh(a[za + k] + zh[k]); // h_t = tanh(x·Wx + b + h_{t-1}·Wh)
            a[za + k] = hv;
            tp.h[hb + k] = hv;
        }
    }

    private static void rnnBackward(int t, int batch, int hidden, Network.LayerTape tp, double[] dh, double[] dz) {
        double[] a = tp.act;
        int za = t * batch * hidden;
        for (int k = 0; k < batch * hidden; k++) {
            double hv = a[za + k];
            dz[k] = dh[k] * (1 - hv * hv); // tanh'
        }
    }
}
