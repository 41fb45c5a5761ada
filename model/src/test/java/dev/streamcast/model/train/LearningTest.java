package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.prep.Sequences;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A trained LSTM beats persistence one step ahead on held-out points of a noisy seasonal series: 3,000 points of
 * 10 + sin(2πt/24) + 0.1·N(0,1). The examples come from the real pipeline ({@link Sequences}, i.e. the shared
 * SeriesScaler with running statistics); the model trains on all but the last 500 examples (its last 10% for early
 * stopping), and MASE = MAE(model) / MAE(naive "next = last") is measured on the last 500, in original units.
 */
class LearningTest {
    static final int N = 3000;
    static final int HELD_OUT = 500;

    @Test
    void trainedLstmBeatsPersistenceOnHeldOutPoints() {
        Random rnd = new Random(2026);
        double[][] raw = new double[N][1];
        for (int t = 0; t < N; t++) {
            raw[t][0] = 10 + Math.sin(2 * Math.PI * t / 24) + 0.1 * rnd.nextGaussian();
        }
        ModelConfig cfg = ModelConfig.univariate(CellType.LSTM, 16, 1, Transform.NONE);
        Sequences seq = Sequences.of(cfg, raw);
        int n = seq.size();
        TrainSeries trainPart =
                new TrainSeries(Arrays.copyOf(seq.x(), n - HELD_OUT), Arrays.copyOf(seq.y(), n - HELD_OUT));
        TrainConfig tc = new TrainConfig(24, 48, 4, 1e-2, 1.0, 0.0, 40, 6, 0.1, 42L);
        TrainResult r = new Trainer(cfg, tc, DataType.FLOAT)
                .fit(
                        List.of(trainPart),
                        null,
                        (e, tl, vl, el) -> System.out.printf("epoch %d train %.4f val %.4f %s%n", e, tl, vl, el));

        double[] yhat = Trainer.predict(r.weights(), seq.x(), DataType.FLOAT);
        double model = 0;
        double naive = 0;
        for (int i = n - HELD_OUT; i < n; i++) {
            model += Math.abs(seq.invert(cfg, i, (float) yhat[i]) - seq.nextRaw()[i]);
            naive += Math.abs(seq.currentRaw()[i] - seq.nextRaw()[i]);
        }
        double mase = model / naive;
        System.out.printf(
                "held-out MASE %.3f (model MAE %.4f, naive MAE %.4f), epochs %d%n",
                mase, model / HELD_OUT, naive / HELD_OUT, r.epochs());
        assertThat(r.diverged()).isFalse();
        assertThat(mase).isLessThanOrEqualTo(0.6);
    }
}
