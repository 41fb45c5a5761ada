package dev.streamcast.model.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Experiment, not a check (docs/training.md records its numbers): can truncated BPTT learn a dependency longer than
 * its backward length k2? Two features: a random sign s_t ∈ {-1, +1} and the target v_t = s_{t-lag}, so the next
 * target v_{t+1} = s_{t+1-lag} is exactly predictable from an input seen lag-1 steps ago and not at all otherwise
 * (predicting 0 gives MSE 1). Runs only with -Dstreamcast.experiments=true.
 */
class LongMemoryExperimentTest {

    static List<TrainSeries> copyTask(int lag, int count, int length, long seed) {
        Random rnd = new Random(seed);
        List<TrainSeries> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] s = new float[length + 1];
            for (int t = 0; t <= length; t++) {
                s[t] = rnd.nextBoolean() ? 1f : -1f;
            }
            float[][] x = new float[length][];
            float[] y = new float[length];
            for (int t = 0; t < length; t++) {
                float v = t >= lag ? s[t - lag] : 0f;
                x[t] = new float[] {v, s[t]};
                y[t] = t + 1 >= lag ? s[t + 1 - lag] : 0f;
            }
            out.add(new TrainSeries(x, y));
        }
        return out;
    }

    @Test
    void copyTaskWithLagsShorterAndLongerThanK2() {
        assumeTrue(Boolean.getBoolean("streamcast.experiments"), "set -Dstreamcast.experiments=true to run");
        ModelConfig cfg = GradientCheckTest.config(CellType.LSTM, 2, 32, 1);
        int[][] runs = {{10, 20, 20}, {30, 20, 20}, {30, 10, 20}, {30, 40, 40}}; // lag, k1, k2
        for (int[] run : runs) {
            TrainConfig tc = new TrainConfig(run[1], run[2], 16, 1e-2, 1.0, 0.0, 40, 8, 0.1, 7L);
            long t0 = System.nanoTime();
            TrainResult r = new Trainer(cfg, tc, DataType.FLOAT).fit(copyTask(run[0], 16, 1200, 1), null, null);
            System.out.printf(
                    "lag %d k1 %d k2 %d: best validation MSE %.4f at epoch %d of %d (epoch-0 %.4f), %.0f s%n",
                    run[0],
                    run[1],
                    run[2],
                    r.bestLoss(),
                    r.bestEpoch(),
                    r.epochs(),
                    r.validationLoss()[0],
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
