package dev.streamcast.model.step;

import static dev.streamcast.model.step.Kernels.matVecAdd;

import dev.streamcast.model.Weights;
import java.util.Arrays;

/**
 * One layer's step for each cell, on a layer input {@code in[inOff .. inOff+D)} and the layer's h (and c) inside the
 * series' state array. H = hidden size, D = layer input size; gate blocks in the order of {@link dev.streamcast.model.Gates}.
 *
 * <p>Gate blocks are copied out of z into [H] arrays before the elementwise update: C2 leaves loops that mix offsets
 * ({@code z[H + j]}, {@code state[off + j]}) scalar, and a copy of H floats costs less than that.
 */
final class CellSteps {
    private CellSteps() {}

    /**
     * LSTM, Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers, Schmidhuber &amp; Cummins 2000
     * (gate order i, f, g, o):
     * <pre>
     *   z = Wx·x + Wh·h_{t-1} + b        [4H]
     *   i = σ(z_i)  f = σ(z_f)  g = tanh(z_g)  o = σ(z_o)
     *   c_t = f ⊙ c_{t-1} + i ⊙ g
     *   h_t = o ⊙ tanh(c_t)
     * </pre>
     */
    static void lstm(Weights.Layer p, float[] in, int inOff, float[] state, int hOff, int cOff,
            StreamingModel.Scratch s, boolean exact) {
        int hs = s.h.length;
        float[] z = s.z;
        float[] i = s.g0;
        float[] f = s.g1;
        float[] g = s.g2;
        float[] o = s.g3;
        float[] c = s.c;
        float[] h = s.h;
        System.arraycopy(p.b(), 0, z, 0, 4 * hs);        // z  = b                 [4H]
        matVecAdd(p.wx(), in, inOff, z);                  // z += Wx·x              [4H]  Wx: [D][4H]
        matVecAdd(p.wh(), state, hOff, z);                // z += Wh·h_{t-1}        [4H]  Wh: [H][4H]
        Activations.sigmoid(z, 0, 2 * hs, exact);         // i, f = σ(z_i), σ(z_f)  [2H]
        Activations.tanh(z, 2 * hs, 3 * hs, exact);       // g = tanh(z_g)          [H]
        Activations.sigmoid(z, 3 * hs, 4 * hs, exact);    // o = σ(z_o)             [H]
        System.arraycopy(z, 0, i, 0, hs);
        System.arraycopy(z, hs, f, 0, hs);
        System.arraycopy(z, 2 * hs, g, 0, hs);
        System.arraycopy(z, 3 * hs, o, 0, hs);
        System.arraycopy(state, cOff, c, 0, hs);          // c = c_{t-1}            [H]
        for (int j = 0; j < hs; j++) {
            c[j] = f[j] * c[j] + i[j] * g[j];             // c_t = f ⊙ c_{t-1} + i ⊙ g
        }
        System.arraycopy(c, 0, h, 0, hs);
        Activations.tanh(h, 0, hs, exact);                // h = tanh(c_t)          [H]
        for (int j = 0; j < hs; j++) {
            h[j] = o[j] * h[j];                           // h_t = o ⊙ tanh(c_t)
        }
        System.arraycopy(c, 0, state, cOff, hs);
        System.arraycopy(h, 0, state, hOff, hs);
    }

    /**
     * GRU, Cho et al. 2014, in the "reset after" form of cuDNN and PyTorch (gate order r, z, n; the bias sits on
     * the x side only):
     * <pre>
     *   zx = Wx·x + b   [3H]      zh = Wh·h_{t-1}   [3H]
     *   r = σ(zx_r + zh_r)
     *   u = σ(zx_z + zh_z)
     *   n = tanh(zx_n + r ⊙ zh_n)
     *   h_t = (1 - u) ⊙ n + u ⊙ h_{t-1}
     * </pre>
     */
    static void gru(Weights.Layer p, float[] in, int inOff, float[] state, int hOff,
            StreamingModel.Scratch s, boolean exact) {
        int hs = s.h.length;
        float[] zx = s.z;
        float[] zh = s.zh;
        float[] r = s.g0;
        float[] u = s.g1;
        float[] n = s.g2;
        float[] nh = s.g3;
        float[] h = s.h;
        System.arraycopy(p.b(), 0, zx, 0, 3 * hs);       // zx  = b                [3H]
        matVecAdd(p.wx(), in, inOff, zx);                 // zx += Wx·x             [3H]  Wx: [D][3H]
        Arrays.fill(zh, 0f);
        matVecAdd(p.wh(), state, hOff, zh);               // zh  = Wh·h_{t-1}       [3H]  Wh: [H][3H]
        for (int j = 0; j < 2 * hs; j++) {
            zx[j] += zh[j];                               // zx_r + zh_r | zx_z + zh_z   [2H]
        }
        Activations.sigmoid(zx, 0, 2 * hs, exact);        // r, u                   [2H]
        System.arraycopy(zx, 0, r, 0, hs);
        System.arraycopy(zx, hs, u, 0, hs);
        System.arraycopy(zx, 2 * hs, n, 0, hs);
        System.arraycopy(zh, 2 * hs, nh, 0, hs);
        System.arraycopy(state, hOff, h, 0, hs);          // h = h_{t-1}            [H]
        for (int j = 0; j < hs; j++) {
            n[j] = n[j] + r[j] * nh[j];                   // zx_n + r ⊙ zh_n
        }
        Activations.tanh(n, 0, hs, exact);                // n = tanh(...)          [H]
        for (int j = 0; j < hs; j++) {
            h[j] = (1f - u[j]) * n[j] + u[j] * h[j];      // h_t = (1-u) ⊙ n + u ⊙ h_{t-1}
        }
        System.arraycopy(h, 0, state, hOff, hs);
    }

    /** Elman RNN: {@code h_t = tanh(Wx·x + Wh·h_{t-1} + b)}  [H]. */
    static void rnn(Weights.Layer p, float[] in, int inOff, float[] state, int hOff,
            StreamingModel.Scratch s, boolean exact) {
        int hs = s.h.length;
        float[] z = s.z;
        System.arraycopy(p.b(), 0, z, 0, hs);            // z  = b                 [H]
        matVecAdd(p.wx(), in, inOff, z);                  // z += Wx·x              [H]  Wx: [D][H]
        matVecAdd(p.wh(), state, hOff, z);                // z += Wh·h_{t-1}        [H]  Wh: [H][H]
        Activations.tanh(z, 0, hs, exact);                // h_t = tanh(z)          [H]
        System.arraycopy(z, 0, state, hOff, hs);
    }
}
