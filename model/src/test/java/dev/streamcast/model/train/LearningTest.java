package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A trained LSTM beats persistence one step ahead on held-out points of a noisy seasonal series: 3,000 points of
 * sin(2πt/24) + 0.1·N(0,1) around a level of 10; the model trains on the first 2,500 (its last 10% for early
 * stopping), and MASE = MAE(model) / MAE(naive "next = last") is measured on the last 500, in original units.
 */
class LearningTest {
    static final int N = 3000;
    static final int HELD_OUT = 500;

    @Test
    void trainedLstmBeatsPersistenceOnHeldOutPoints() {
        Random rnd = new Random(2026);
        double[] v = new double[N];
        for (int t = 0; t < N; t++) {
            v[t] = 10 + Math.sin(2 * Math.PI * t / 24) + 0.1 * rnd.nextGaussian();
        }
        int train = N - HELD_OUT;
        double mean = 0;
        for (int t = 0; t < train; t++) {
            mean += v[t] / train;
        }
        double var = 0;
        for (int t = 0; t < train; t++) {
            var += (v[t] - mean) * (v[t] - mean) / train;
        }
        double sd = Math.sqrt(var);
        float[][] x = new float[N - 1][];
        float[] y = new float[N - 1];
        for (int t = 0; t < N - 1; t++) {
            x[t] = new float[] {(float) ((v[t] - mean) / sd)};
            y[t] = (float) ((v[t + 1] - mean) / sd);
        }
        TrainSeries trainPart = new TrainSeries(java.util.Arrays.copyOf(x, train - 1),
                java.util.Arrays.copyOf(y, train - 1));
        ModelConfig cfg = ModelConfig.univariate(CellType.LSTM, 16, 1, Transform.NONE);
        TrainConfig tc = new TrainConfig(24, 48, 4, 1e-2, 1.0, 0.0, 40, 6, 0.1, 42L);
        TrainResult r = new Trainer(cfg, tc, DataType.FLOAT).fit(List.of(trainPart), null,
                (e, tl, vl, el) -> System.out.printf("epoch %d train %.4f val %.4f %s%n", e, tl, vl, el));

        double[] yhat = Trainer.predict(r.weights(), x, DataType.FLOAT);
        double model = 0;
        double naive = 0;
        for (int t = N - 1 - HELD_OUT; t < N - 1; t++) {
            model += Math.abs(yhat[t] * sd + mean - v[t + 1]);
            naive += Math.abs(v[t] - v[t + 1]);
        }
        double mase = model / naive;
        System.out.printf("held-out MASE %.3f (model MAE %.4f, naive MAE %.4f), epochs %d%n",
                mase, model / HELD_OUT, naive / HELD_OUT, r.epochs());
        assertThat(r.diverged()).isFalse();
        assertThat(mase).isLessThanOrEqualTo(0.6);
    }
}
