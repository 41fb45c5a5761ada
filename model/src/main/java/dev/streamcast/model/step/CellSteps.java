package dev.streamcast.model.step;

import static dev.streamcast.model.step.Kernels.matVecAdd;

import dev.streamcast.model.Weights;
import java.util.Arrays;

/**
 * One layer's step for each cell, on a layer input {@code in[inOff .. inOff+D)} and the layer's h (and c) inside the
 * series' state array. H = hidden size, D = layer input size; gate blocks in the order of
 * {@link dev.streamcast.model.Gates}.
 *
 * <p>The layer weights passed in have their σ-gate columns halved ({@link SigmoidScaling}), so the pre-activations
 * of the σ gates arrive as z/2 and one tanh pass over all gates gives t, with σ(z) = ½ + ½·t. Gate blocks are then
 * copied out of z into [H] arrays: C2 leaves loops that mix offsets ({@code z[H + j]}, {@code state[off + j]})
 * scalar, and a copy of H floats costs less than that.
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
    static void lstm(
            Weights.Layer p,
            float[] in,
            int inOff,
            float[] state,
            int hOff,
            int cOff,
            StreamingModel.Scratch s,
            boolean exact) {
        int hs = s.h.length;
        float[] z = s.z;
        float[] ti = s.g0;
        float[] tf = s.g1;
        float[] g = s.g2;
        float[] to = s.g3;
        float[] c = s.c;
        float[] h = s.h;
        System.arraycopy(p.b(), 0, z, 0, 4 * hs); // z  = b                 [4H]  (σ blocks: b/2)
        matVecAdd(p.wx(), in, inOff, z); // z += Wx·x              [4H]  Wx: [D][4H]
        matVecAdd(p.wh(), state, hOff, z); // z += Wh·h_{t-1}        [4H]  Wh: [H][4H]
        Activations.tanh(z, 0, 4 * hs, exact); // tanh(z_i/2) | tanh(z_f/2) | g = tanh(z_g) | tanh(z_o/2)
        System.arraycopy(z, 0, ti, 0, hs);
        System.arraycopy(z, hs, tf, 0, hs);
        System.arraycopy(z, 2 * hs, g, 0, hs);
        System.arraycopy(z, 3 * hs, to, 0, hs);
        System.arraycopy(state, cOff, c, 0, hs); // c = c_{t-1}            [H]
        for (int j = 0; j < hs; j++) {
            float i = 0.5f + 0.5f * ti[j]; // i = σ(z_i)
            float f = 0.5f + 0.5f * tf[j]; // f = σ(z_f)
            c[j] = f * c[j] + i * g[j]; // c_t = f ⊙ c_{t-1} + i ⊙ g
            h[j] = c[j];
        }
        Activations.tanh(h, 0, hs, exact); // tanh(c_t)              [H]
        for (int j = 0; j < hs; j++) {
            float o = 0.5f + 0.5f * to[j]; // o = σ(z_o)
            h[j] = o * h[j]; // h_t = o ⊙ tanh(c_t)
        }
        System.arraycopy(c, 0, state, cOff, hs);
        System.arraycopy(h, 0, state, hOff, hs);
    }

    /**
     * Peephole LSTM, Gers &amp; Schmidhuber 2000 (gate order i, f, g, o; diagonal peephole weights p_i, p_f, p_o
     * [H] each, halved with the σ columns):
     * <pre>
     *   z = Wx·x + Wh·h_{t-1} + b        [4H]
     *   i = σ(z_i + p_i ⊙ c_{t-1})   f = σ(z_f + p_f ⊙ c_{t-1})   g = tanh(z_g)
     *   c_t = f ⊙ c_{t-1} + i ⊙ g
     *   o = σ(z_o + p_o ⊙ c_t)
     *   h_t = o ⊙ tanh(c_t)
     * </pre>
     */
    static void peephole(
            Weights.Layer p,
            float[] in,
            int inOff,
            float[] state,
            int hOff,
            int cOff,
            StreamingModel.Scratch s,
            boolean exact) {
        int hs = s.h.length;
        float[] z = s.z;
        float[] ti = s.g0;
        float[] tf = s.g1;
        float[] g = s.g2;
        float[] to = s.g3;
        float[] c = s.c;
        float[] h = s.h;
        float[] pi = s.pi;
        float[] pf = s.pf;
        float[] po = s.po;
        System.arraycopy(p.p(), 0, pi, 0, hs); // p_i/2 | p_f/2 | p_o/2 out of p [3H]
        System.arraycopy(p.p(), hs, pf, 0, hs);
        System.arraycopy(p.p(), 2 * hs, po, 0, hs);
        System.arraycopy(p.b(), 0, z, 0, 4 * hs); // z  = b                 [4H]  (σ blocks: b/2)
        matVecAdd(p.wx(), in, inOff, z); // z += Wx·x              [4H]  Wx: [D][4H]
        matVecAdd(p.wh(), state, hOff, z); // z += Wh·h_{t-1}        [4H]  Wh: [H][4H]
        System.arraycopy(z, 0, ti, 0, hs);
        System.arraycopy(z, hs, tf, 0, hs);
        System.arraycopy(z, 2 * hs, g, 0, hs);
        System.arraycopy(z, 3 * hs, to, 0, hs);
        System.arraycopy(state, cOff, c, 0, hs); // c = c_{t-1}            [H]
        for (int j = 0; j < hs; j++) {
            ti[j] += pi[j] * c[j]; // (z_i + p_i ⊙ c_{t-1})/2
            tf[j] += pf[j] * c[j]; // (z_f + p_f ⊙ c_{t-1})/2
        }
        Activations.tanh(ti, 0, hs, exact);
        Activations.tanh(tf, 0, hs, exact);
        Activations.tanh(g, 0, hs, exact); // g = tanh(z_g)
        for (int j = 0; j < hs; j++) {
            float i = 0.5f + 0.5f * ti[j]; // i = σ(z_i + p_i ⊙ c_{t-1})
            float f = 0.5f + 0.5f * tf[j]; // f = σ(z_f + p_f ⊙ c_{t-1})
            c[j] = f * c[j] + i * g[j]; // c_t = f ⊙ c_{t-1} + i ⊙ g
            to[j] += po[j] * c[j]; // (z_o + p_o ⊙ c_t)/2
            h[j] = c[j];
        }
        Activations.tanh(to, 0, hs, exact);
        Activations.tanh(h, 0, hs, exact); // tanh(c_t)              [H]
        for (int j = 0; j < hs; j++) {
            float o = 0.5f + 0.5f * to[j]; // o = σ(z_o + p_o ⊙ c_t)
            h[j] = o * h[j]; // h_t = o ⊙ tanh(c_t)
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
    static void gru(
            Weights.Layer p, float[] in, int inOff, float[] state, int hOff, StreamingModel.Scratch s, boolean exact) {
        int hs = s.h.length;
        float[] zx = s.z;
        float[] zh = s.zh;
        float[] tr = s.g0;
        float[] tu = s.g1;
        float[] n = s.g2;
        float[] nh = s.g3;
        float[] h = s.h;
        System.arraycopy(p.b(), 0, zx, 0, 3 * hs); // zx  = b                [3H]  (σ blocks: b/2)
        matVecAdd(p.wx(), in, inOff, zx); // zx += Wx·x             [3H]  Wx: [D][3H]
        Arrays.fill(zh, 0f);
        matVecAdd(p.wh(), state, hOff, zh); // zh  = Wh·h_{t-1}       [3H]  Wh: [H][3H]
        for (int j = 0; j < 2 * hs; j++) {
            zx[j] += zh[j]; // (zx_r + zh_r)/2 | (zx_z + zh_z)/2   [2H]
        }
        Activations.tanh(zx, 0, 2 * hs, exact); // tanh of those          [2H]
        System.arraycopy(zx, 0, tr, 0, hs);
        System.arraycopy(zx, hs, tu, 0, hs);
        System.arraycopy(zx, 2 * hs, n, 0, hs);
        System.arraycopy(zh, 2 * hs, nh, 0, hs);
        System.arraycopy(state, hOff, h, 0, hs); // h = h_{t-1}            [H]
        for (int j = 0; j < hs; j++) {
            float r = 0.5f + 0.5f * tr[j]; // r = σ(zx_r + zh_r)
            n[j] = n[j] + r * nh[j]; // zx_n + r ⊙ zh_n
        }
        Activations.tanh(n, 0, hs, exact); // n = tanh(zx_n + r ⊙ zh_n)   [H]
        for (int j = 0; j < hs; j++) {
            float u = 0.5f + 0.5f * tu[j]; // u = σ(zx_z + zh_z)
            h[j] = (1f - u) * n[j] + u * h[j]; // h_t = (1-u) ⊙ n + u ⊙ h_{t-1}
        }
        System.arraycopy(h, 0, state, hOff, hs);
    }

    /** Elman RNN: {@code h_t = tanh(Wx·x + Wh·h_{t-1} + b)}  [H]. */
    static void rnn(
            Weights.Layer p, float[] in, int inOff, float[] state, int hOff, StreamingModel.Scratch s, boolean exact) {
        int hs = s.h.length;
        float[] z = s.z;
        System.arraycopy(p.b(), 0, z, 0, hs); // z  = b                 [H]
        matVecAdd(p.wx(), in, inOff, z); // z += Wx·x              [H]  Wx: [D][H]
        matVecAdd(p.wh(), state, hOff, z); // z += Wh·h_{t-1}        [H]  Wh: [H][H]
        Activations.tanh(z, 0, hs, exact); // h_t = tanh(z)          [H]
        System.arraycopy(z, 0, state, hOff, hs);
    }
}
