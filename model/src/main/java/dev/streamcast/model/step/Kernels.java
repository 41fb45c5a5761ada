package dev.streamcast.model.step;

/**
 * The two loops the step spends its time in. Both index their arrays with the loop variable alone, the shape C2
 * vectorises (../shared/STACK.md: a flat weight array with a row offset stayed scalar, 3.8× slower).
 */
final class Kernels {
    private Kernels() {}

    /**
     * z += Wᵀ-stored product: {@code z[j] += Σ_i w[i][j] · x[xOff + i]}, in axpy order (one input-major row at a time).
     *
     * @param w input-major weights [D][G*H]
     * @param x holds the input vector [D] at {@code xOff}
     * @param z the pre-activations [G*H], accumulated into
     */
    static void matVecAdd(float[][] w, float[] x, int xOff, float[] z) {
        for (int i = 0; i < w.length; i++) {
            float xi = x[xOff + i];
            float[] row = w[i];
            for (int j = 0; j < row.length; j++) {
                z[j] += row[j] * xi;
            }
        }
    }

    /** {@code Σ_j w[j] · x[xOff + j]} with four partial sums, so the adds do not wait on each other. */
    static float dot(float[] w, float[] x, int xOff) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int n = w.length;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += w[j] * x[xOff + j];
            s1 += w[j + 1] * x[xOff + j + 1];
            s2 += w[j + 2] * x[xOff + j + 2];
            s3 += w[j + 3] * x[xOff + j + 3];
        }
        for (; j < n; j++) {
            s0 += w[j] * x[xOff + j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
