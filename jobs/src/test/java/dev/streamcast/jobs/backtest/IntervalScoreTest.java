package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.train.ModelFitter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Coverage, width and Winkler score, worked out by hand on three rows (issue 13: "a worked example by hand"). */
class IntervalScoreTest {

    /** Ten rows of 10, 12, 11, ...; training part = rows 0-1, so the MASE scale is |12 - 10| = 2. */
    private static KeyScore key() {
        int n = 30;
        double[] y = new double[n];
        long[] ts = new long[n];
        double[][] raw = new double[n][];
        for (int i = 0; i < n; i++) {
            y[i] = 10 + (i % 3 == 1 ? 2 : i % 3);
            ts[i] = i * 1000L;
            raw[i] = new double[] {y[i]};
        }
        double[] model = new double[n];
        Arrays.fill(model, Double.NaN);
        for (int i = 1; i < n; i++) {
            model[i] = y[i - 1] + 0.5;
        }
        var s = new BacktestData.Series("k", ts, raw, y, new long[n], 2);
        return KeyScore.of(s, model, new long[n], 1);
    }

    @Test
    void threeRowsScoredByHand() {
        KeyScore k = key();
        assertThat(k.scale()).isEqualTo(2.0);
        double[] y = k.series().y();
        double[][] lower = new double[1][y.length];
        double[][] upper = new double[1][y.length];
        Arrays.fill(lower[0], Double.NaN);
        Arrays.fill(upper[0], Double.NaN);
        // level 0.8: α = 0.2, so a miss costs 2/α = 10 times its distance
        lower[0][20] = y[20] - 1; // inside:            width 2, Winkler 2
        upper[0][20] = y[20] + 1;
        lower[0][21] = y[21] + 0.5; // 0.5 below lower: width 2, Winkler 2 + 10·0.5 = 7
        upper[0][21] = y[21] + 2.5;
        lower[0][22] = y[22] - 4; // 1 above upper:      width 3, Winkler 3 + 10·1 = 13
        upper[0][22] = y[22] - 1;
        KeyScore scored = k.withIntervals(new double[] {0.8}, lower, upper);
        IntervalScore.Stats m = scored.intervals().model()[0];

        assertThat(m.count).isEqualTo(3);
        assertThat(m.coverage()).isEqualTo(1.0 / 3);
        assertThat(m.width(k.scale())).isCloseTo((2 + 2 + 3) / 3.0 / 2, within(1e-12)); // 7/6
        assertThat(m.winkler(k.scale())).isCloseTo((2 + 7 + 13) / 3.0 / 2, within(1e-12)); // 11/3
        assertThat(IntervalScore.winkler(1, 3, 0.5, 0.2)).isEqualTo(2 + 10 * 0.5);
        assertThat(IntervalScore.winkler(1, 3, 4, 0.05)).isEqualTo(2 + 40 * 1);
        assertThat(IntervalScore.winkler(1, 3, 2, 0.05)).isEqualTo(2);

        // the naive is scored on the same rows, with its own calibrated bands (warm from row 11 on)
        IntervalScore.Stats naive = scored.intervals().naive()[0];
        assertThat(naive.count).isEqualTo(3);
        assertThat(scored.intervals().naiveLower()[0][10]).isNaN();
        assertThat(scored.intervals().naiveLower()[0][11]).isLessThanOrEqualTo(k.forecasts()[1][11]);

        JsonNode json = Summary.json(List.of(scored), List.of());
        JsonNode overall = json.get("overall").get("intervals").get(0);
        assertThat(overall.get("level").asDouble()).isEqualTo(0.8);
        assertThat(overall.get("count").asLong()).isEqualTo(3);
        assertThat(overall.get("model").get("coverage").asDouble()).isEqualTo(1.0 / 3);
        assertThat(overall.get("model").get("width").asDouble()).isCloseTo(7.0 / 6, within(1e-12));
        assertThat(overall.get("model").get("winkler").asDouble()).isCloseTo(11.0 / 3, within(1e-12));
        assertThat(json.get("keys")
                        .get("k")
                        .get("intervals")
                        .get(0)
                        .get("model")
                        .get("winkler")
                        .asDouble())
                .isCloseTo(11.0 / 3, within(1e-12));
        assertThat(json.get("keys").get("k").get("intervals").get(0).has("naive"))
                .isTrue();
    }
    /**
     * When the model's bands are relative, the naive's band is started the same way: relative to the naive forecast,
     * from the mean of |y_t - y_{t-1}|/|y_{t-1}| over the key's validation tail, weighing as many errors as the tail
     * has (here 4, so it warms up on 6 of its own after the training data); an absolute model's naive band needs a
     * tail of 10 errors for a scale, as the model's does.
     */
    @Test
    void theNaivesBandIsStartedRelativeFromItsOwnTailWhenTheModelsBandsAreRelative() {
        int n = 70;
        int trainEnd = 50;
        double[] y = new double[n];
        long[] ts = new long[n];
        double[][] raw = new double[n][];
        for (int i = 0; i < n; i++) {
            y[i] = 10 * Math.pow(1.03, i) * (1 + 0.05 * Math.sin(i));
            ts[i] = i * 1000L;
            raw[i] = new double[] {y[i]};
        }
        var series = new BacktestData.Series("k", ts, raw, y, new long[n], trainEnd);
        ModelConfig cfg = ModelConfig.univariate(CellType.LSTM, 2, 1, Transform.DIFF);
        TrainConfig train = new TrainConfig(24, 48, 64, 0.005, 1.0, 0.0, 40, 5, 0.1, 42L);
        Provenance p = new Provenance(0L, 0L, ts[trainEnd - 1], 1, trainEnd, 1, train, 0.1, 0.1, "test");
        Model absolute = new Model(
                cfg,
                Weights.fromFlat(cfg, new float[Weights.parameterCount(cfg)]),
                1L,
                p,
                null,
                null,
                Map.of("k", 2.0));
        Model relative = absolute.withStartScales(Map.of("k", 0.02), Map.of("k", 4), true);
        BacktestData data = new BacktestData(List.of("value"), 0, List.of(series), List.of());

        int v = ModelFitter.validationRows(trainEnd, cfg.warmup(), 0.1);
        assertThat(v).isEqualTo(4);
        double sum = 0;
        for (int t = trainEnd - v; t < trainEnd; t++) {
            sum += Math.abs(y[t] - y[t - 1]) / y[t - 1];
        }
        IntervalScore.NaiveStart start = Backtest.naiveStarts(data, relative)[0];
        assertThat(start.row()).isEqualTo(trainEnd);
        assertThat(start.relative()).isTrue();
        assertThat(start.errors()).isEqualTo(v);
        assertThat(start.scale()).isCloseTo(sum / v, within(1e-12));
        IntervalScore.NaiveStart plain = Backtest.naiveStarts(data, absolute)[0];
        assertThat(plain.relative()).isFalse();
        assertThat(plain.scale()).as("4 tail errors: no absolute scale").isNaN();

        // the naive's band: none until 6 own errors have joined the 4, then ŷ ∓ |ŷ|·s·q, ŷ = the previous value
        double[] model = new double[n];
        Arrays.fill(model, Double.NaN);
        for (int i = 1; i < n; i++) {
            model[i] = y[i - 1];
        }
        double[][] none = new double[1][n];
        Arrays.fill(none[0], Double.NaN);
        IntervalScore score = KeyScore.of(series, model, new long[n], 1)
                .withIntervals(new double[] {0.8}, none, none, start)
                .intervals();
        double s = 4 * start.scale();
        for (int t = trainEnd; t < trainEnd + 6; t++) {
            assertThat(score.naiveLower()[0][t]).as("row %d", t).isNaN();
            s += Math.abs(y[t] - y[t - 1]) / y[t - 1];
        }
        int first = trainEnd + 6;
        double q = 1.2815516 * Math.sqrt(Math.PI / 2); // the Gaussian start, no tracker update yet
        assertThat(score.naiveUpper()[0][first]).isCloseTo(y[first - 1] * (1 + s / 10 * q), within(1e-4));
        assertThat(score.naiveLower()[0][first]).isCloseTo(y[first - 1] * (1 - s / 10 * q), within(1e-4));
    }
}
