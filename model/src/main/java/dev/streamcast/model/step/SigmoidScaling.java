package dev.streamcast.model.step;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Gates;
import dev.streamcast.model.Weights;

/**
 * Lets one tanh pass serve every gate. σ(z) = ½ + ½·tanh(z/2), and z/2 = (½Wx)·x + (½Wh)·h + ½b: halving the
 * columns of the σ gates once, up front, turns each σ into tanh followed by ½ + ½·t. Halving is exact in binary
 * floating point (a power of two), so the pre-activations are exactly half of the unscaled ones, not approximately.
 */
final class SigmoidScaling {
    private SigmoidScaling() {}

    /** The layer with the columns of its σ gates halved (LSTM i, f, o; GRU r, z; RNN none). New arrays. */
    static Weights.Layer halveSigmoidGates(Weights.Layer p, CellType cell, int hidden) {
        int[] blocks = switch (cell) {
            case LSTM, PEEPHOLE -> new int[] {Gates.LSTM_I, Gates.LSTM_F, Gates.LSTM_O};
            case GRU -> new int[] {Gates.GRU_R, Gates.GRU_Z};
            case RNN -> new int[0];
        };
        float[] peep = p.p().clone(); // p_i | p_f | p_o all feed σ gates
        for (int j = 0; j < peep.length; j++) {
            peep[j] = 0.5f * peep[j];
        }
        return new Weights.Layer(
                halve(p.wx(), blocks, hidden), halve(p.wh(), blocks, hidden), halve(p.b(), blocks, hidden), peep);
    }

    private static float[][] halve(float[][] m, int[] blocks, int hidden) {
        float[][] out = new float[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = halve(m[r], blocks, hidden);
        }
        return out;
    }

    private static float[] halve(float[] row, int[] blocks, int hidden) {
        float[] out = row.clone();
        for (int k : blocks) {
            for (int j = k * hidden; j < (k + 1) * hidden; j++) {
                out[j] = 0.5f * row[j];
            }
        }
        return out;
    }
}
