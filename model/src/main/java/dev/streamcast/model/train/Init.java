package dev.streamcast.model.train;

import dev.streamcast.model.Gates;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Weights;
import java.util.Random;

/**
 * Seeded initial parameters, in the flat order of {@link Weights#toFlat()}.
 *
 * <ul>
 *   <li>Input weights wx: Glorot/Xavier uniform, U(-a, a) with a = sqrt(6 / (D + G*H)) (Glorot & Bengio 2010), which
 *       keeps the variance of the gate pre-activations close to that of the inputs.
 *   <li>Recurrent weights wh: each gate's H×H block is a random orthogonal matrix (Gram-Schmidt on a Gaussian
 *       matrix; Saxe et al. 2014). All its singular values are 1, so repeated multiplication through time neither
 *       shrinks nor blows up the back-propagated gradient at the start of training, the cause of vanishing and
 *       exploding gradients in plain RNNs.
 *   <li>Biases 0, except the LSTM forget gate's bias 1 (Gers et al. 2000; Jozefowicz et al. 2015): the cell starts
 *       by remembering, so gradients flow through c from the first update.
 *   <li>Head wy: Glorot uniform with fan-in H, fan-out 1; by = 0.
 * </ul>
 * Only {@link java.util.Random} seeded by {@code TrainConfig.seed} is used, so the same seed gives identical values.
 */
final class Init {
    private Init() {}

    static double[] initial(ModelConfig c, long seed) {
        Random rnd = new Random(seed);
        int h = c.hiddenSize();
        int g = c.cell().gates();
        int gh = c.gateWidth();
        double[] p = new double[Weights.parameterCount(c)];
        int o = 0;
        for (int l = 0; l < c.layers(); l++) {
            int d = c.layerInputSize(l);
            double a = Math.sqrt(6.0 / (d + gh));
            for (int k = 0; k < d * gh; k++) {
                p[o++] = (2 * rnd.nextDouble() - 1) * a;
            }
            for (int gate = 0; gate < g; gate++) {
                double[][] q = orthogonal(h, rnd);
                for (int r = 0; r < h; r++) {
                    for (int j = 0; j < h; j++) {
                        p[o + r * gh + gate * h + j] = q[r][j];
                    }
                }
            }
            o += h * gh;
            if (c.cell().hasCellState()) { // LSTM and PEEPHOLE
                for (int j = 0; j < h; j++) {
                    p[o + Gates.LSTM_F * h + j] = 1.0;
                }
            }
            o += gh;
            o += Weights.peepholeCount(c); // peepholes start at 0: the cell starts as a plain LSTM
        }
        double a = Math.sqrt(6.0 / (h + 1));
        for (int j = 0; j < h; j++) {
            p[o++] = (2 * rnd.nextDouble() - 1) * a;
        }
        return p;
    }

    /** A random n×n orthogonal matrix: modified Gram-Schmidt on the rows of a standard Gaussian matrix. */
    static double[][] orthogonal(int n, Random rnd) {
        double[][] q = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < n; j++) {
                q[r][j] = rnd.nextGaussian();
            }
            for (int k = 0; k < r; k++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += q[r][j] * q[k][j];
                }
                for (int j = 0; j < n; j++) {
                    q[r][j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                norm += q[r][j] * q[r][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                q[r][j] /= norm;
            }
        }
        return q;
    }
}
