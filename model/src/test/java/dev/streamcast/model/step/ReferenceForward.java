package dev.streamcast.model.step;

import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Weights;

/**
 * The stacked cells and head in double precision with {@code Math.tanh/exp}, written as plainly as possible from
 * the equations (no scratch, no copies): the reference the float step is compared against. Same state layout.
 */
final class ReferenceForward {
    private final Weights w;
    private final ModelConfig cfg;
    private final int hs;

    ReferenceForward(Weights w) {
        this.w = w;
        this.cfg = w.config();
        this.hs = cfg.hiddenSize();
    }

    double step(float[] xf, double[] state) {
        double[] in = new double[xf.length];
        for (int k = 0; k < xf.length; k++) {
            in[k] = xf[k];
        }
        int stride = cfg.cell().hasCellState() ? 2 * hs : hs;
        double[] h = null;
        for (int l = 0; l < cfg.layers(); l++) {
            Weights.Layer p = w.layer(l);
            double[] hPrev = slice(state, l * stride);
            switch (cfg.cell()) {
                case LSTM -> {
                    double[] cPrev = slice(state, l * stride + hs);
                    double[] z = add(add(mul(p.wx(), in), mul(p.wh(), hPrev)), p.b());
                    h = new double[hs];
                    for (int j = 0; j < hs; j++) {
                        double i = sig(z[j]);
                        double f = sig(z[hs + j]);
                        double g = Math.tanh(z[2 * hs + j]);
                        double o = sig(z[3 * hs + j]);
                        double c = f * cPrev[j] + i * g;
                        h[j] = o * Math.tanh(c);
                        state[l * stride + hs + j] = c;
                    }
                }
                case PEEPHOLE -> { // Gers & Schmidhuber 2000: i, f see c_{t-1}; o sees c_t
                    double[] cPrev = slice(state, l * stride + hs);
                    double[] z = add(add(mul(p.wx(), in), mul(p.wh(), hPrev)), p.b());
                    float[] pp = p.p();
                    h = new double[hs];
                    for (int j = 0; j < hs; j++) {
                        double i = sig(z[j] + pp[j] * cPrev[j]);
                        double f = sig(z[hs + j] + pp[hs + j] * cPrev[j]);
                        double g = Math.tanh(z[2 * hs + j]);
                        double c = f * cPrev[j] + i * g;
                        double o = sig(z[3 * hs + j] + pp[2 * hs + j] * c);
                        h[j] = o * Math.tanh(c);
                        state[l * stride + hs + j] = c;
                    }
                }
                case GRU -> {
                    double[] zx = add(mul(p.wx(), in), p.b());
                    double[] zh = mul(p.wh(), hPrev);
                    h = new double[hs];
                    for (int j = 0; j < hs; j++) {
                        double r = sig(zx[j] + zh[j]);
                        double u = sig(zx[hs + j] + zh[hs + j]);
                        double n = Math.tanh(zx[2 * hs + j] + r * zh[2 * hs + j]);
                        h[j] = (1 - u) * n + u * hPrev[j];
                    }
                }
                case RNN -> {
                    double[] z = add(add(mul(p.wx(), in), mul(p.wh(), hPrev)), p.b());
                    h = new double[hs];
                    for (int j = 0; j < hs; j++) {
                        h[j] = Math.tanh(z[j]);
                    }
                }
            }
            System.arraycopy(h, 0, state, l * stride, hs);
            in = h;
        }
        double y = w.by();
        for (int j = 0; j < hs; j++) {
            y += w.wy()[j] * h[j];
        }
        return y;
    }

    private double[] slice(double[] a, int off) {
        double[] s = new double[hs];
        System.arraycopy(a, off, s, 0, hs);
        return s;
    }

    /** Wᵀx for input-major W [D][G*H]. */
    private static double[] mul(float[][] m, double[] x) {
        double[] z = new double[m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < z.length; j++) {
                z[j] += (double) m[i][j] * x[i];
            }
        }
        return z;
    }

    private static double[] add(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            s[j] = a[j] + b[j];
        }
        return s;
    }

    private static double[] add(double[] a, float[] b) {
        double[] s = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            s[j] = a[j] + b[j];
        }
        return s;
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
