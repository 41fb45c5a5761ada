package dev.streamcast.model.train;

/**
 * Adam (Kingma, D. P. and Ba, J., "Adam: A Method for Stochastic Optimization", ICLR 2015, arXiv:1412.6980) over the
 * flat parameter vector, with optional L2 on weights (not biases) and clipping of the global gradient norm
 * (Pascanu et al. 2013), in that order. Plain Java: the vector is small and this keeps the update bit-reproducible.
 */
final class Adam {
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double clipNorm;
    private final double l2;
    private final boolean[] isWeight;
    private final double[] m;
    private final double[] v;
    private long t;

    Adam(Params p, double learningRate, double clipNorm, double l2) {
        this.learningRate = learningRate;
        this.clipNorm = clipNorm;
        this.l2 = l2;
        this.m = new double[p.size];
        this.v = new double[p.size];
        this.isWeight = new boolean[p.size];
        for (int i = 0; i < p.size; i++) {
            isWeight[i] = p.isWeight(i);
        }
    }

    /** L2 penalty l2·Σw² of the given parameters (added to the reported loss). */
    double penalty(double[] theta) {
        double s = 0;
        for (int i = 0; i < theta.length; i++) {
            if (isWeight[i]) {
                s += theta[i] * theta[i];
            }
        }
        return l2 * s;
    }

    /** One update of theta in place from gradient g (modified). Returns the gradient norm before clipping. */
    double step(double[] theta, double[] g) {
        if (l2 > 0) {
            for (int i = 0; i < g.length; i++) {
                if (isWeight[i]) {
                    g[i] += 2 * l2 * theta[i]; // d(l2·w²)/dw
                }
            }
        }
        double sq = 0;
        for (double gi : g) {
            sq += gi * gi;
        }
        double norm = Math.sqrt(sq);
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0; // g ← g·clip/‖g‖
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < g.length; i++) {
            double gi = g[i] * scale;
            m[i] = BETA1 * m[i] + (1 - BETA1) * gi; // first moment
            v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi; // second moment
            theta[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
        }
        return norm;
    }
}
