package dev.streamcast.model.step;

/**
 * The two loops the step spends its time in. Both index their arrays with the loop variable alone, the shape C2
 * vectorises (../shared/STACK.md: a flat weight array with a row offset stayed scalar, 3.8× slower).
 */
final class Kernels {
    private Kernels() {}

    /**
     * {@code z[j] += Σ_i w[i][j] · x[xOff + i]}, in axpy order: input-major rows, four at a time, so z is loaded and
     * stored once per four rows instead of once per row (z is the G*H pre-activations; a loop this short is dominated
     * by its loads, stores and loop entry, not by the multiplies).
     *
     * @param w input-major weights [D][G*H]
     * @param x holds the input vector [D] at {@code xOff}
     * @param z the pre-activations [G*H], accumulated into
     */
    static void matVecAdd(float[][] w, float[] x, int xOff, float[] z) {
        int d = w.length;
        int n = z.length;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            float x0 = x[xOff + i];
            float x1 = x[xOff + i + 1];
            float x2 = x[xOff + i + 2];
            float x3 = x[xOff + i + 3];
            float[] r0 = w[i];
            float[] r1 = w[i + 1];
            float[] r2 = w[i + 2];
            float[] r3 = w[i + 3];
            for (int j = 0; j < n; j++) {
                z[j] += r0[j] * x0 + r1[j] * x1 + r2[j] * x2 + r3[j] * x3;
            }
        }
        for (; i < d; i++) {
            float xi = x[xOff + i];
            float[] row = w[i];
            for (int j = 0; j < n; j++) {
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
