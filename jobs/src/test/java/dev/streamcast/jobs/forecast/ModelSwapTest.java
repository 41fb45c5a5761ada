package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.W;
import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.config;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static dev.streamcast.jobs.forecast.TestSupport.freshRun;
import static dev.streamcast.jobs.forecast.TestSupport.harness;
import static dev.streamcast.jobs.forecast.TestSupport.modelConfig;
import static dev.streamcast.jobs.forecast.TestSupport.obs;
import static dev.streamcast.jobs.forecast.TestSupport.reprimed;
import static dev.streamcast.jobs.forecast.TestSupport.series;
import static dev.streamcast.jobs.forecast.TestSupport.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import java.util.List;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Models arriving on the broadcast side: before any model, swaps with re-priming, shape and space changes. */
class ModelSwapTest {

    @Test
    void noForecastBeforeAModelButTheRingsFillSoTheFirstForecastIsWarm() throws Exception {
        double[] v = series(30, 1);
        var h = harness(new ForecastFunction(config(W, 0)));
        feed(h, v, 0, 20);
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(TestSupport.deadLetters(h)).isEmpty();

        Model m = diffModel(1);
        h.processBroadcastElement(bytes(m), 200L);
        h.processElement(obs("a", 200L, v[20]), 200L);

        Forecast f = h.extractOutputValues().get(0);
        // The scaler is rebuilt from the raw ring (the last W observations) and the model runs over the inputs (the
        // ring's binary16 entries, this observation's exact one).
        assertThat(f.forecast).isEqualTo(reprimed(m, slice(v, 20 - W, 21), W, 1));
        assertThat(f.modelVersion).isEqualTo(1L);
        assertThat(f.warm)
                .as("W raw values give W-1 differences, plus this one: W inputs")
                .isTrue();
        assertThat(f.actual).isEqualTo(v[20]);
        assertThat(f.prevError).isNaN();
    }

    @Test
    void aModelPresentFromTheStartStepsOnceForEveryObservation() throws Exception {
        double[] v = series(25, 2);
        Model m = diffModel(1);
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(m), 0L);
        feed(h, v, 0, v.length);
        List<Forecast> out = h.extractOutputValues();
        assertThat(out).hasSize(v.length);
        for (int i = 1; i < v.length; i++) {
            assertThat(out.get(i).forecast)
                    .as("forecast %d", i)
                    .isEqualTo(freshRun(m, slice(v, 0, i + 1), Integer.MAX_VALUE));
            assertThat(out.get(i).prevError).isEqualTo(v[i] - out.get(i - 1).forecast);
            assertThat(out.get(i).warm).isEqualTo(i >= W);
        }
        assertThat(out.get(0).forecast).as("no input yet: the naive forecast").isEqualTo(v[0]);
        assertThat(out.get(0).warm).isFalse();
    }

    @Test
    void theFirstForecastAfterASwapEqualsAFreshRunOfTheNewModelOverTheBuffer() throws Exception {
        double[] v = series(40, 3);
        Model m1 = diffModel(1);
        Model m2 = diffModel(2);
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(m1), 0L);
        feed(h, v, 0, 30);
        h.processBroadcastElement(bytes(m2), 300L);
        h.processElement(obs("a", 300L, v[30]), 300L);
        h.processElement(obs("a", 310L, v[31]), 310L);

        List<Forecast> out = h.extractOutputValues();
        Forecast first = out.get(30);
        assertThat(first.modelVersion).isEqualTo(2L);
        // Same feature space: the scaler continues over the whole series; the state is re-primed over W inputs.
        assertThat(first.forecast).isEqualTo(reprimed(m2, slice(v, 0, 31), W, 1));
        assertThat(first.warm).isTrue();
        assertThat(first.forecast).isNotEqualTo(freshRun(m1, slice(v, 0, 31), Integer.MAX_VALUE));
        // Then it steps on from the primed state: W+1 inputs since the swap.
        assertThat(out.get(31).forecast).isEqualTo(reprimed(m2, slice(v, 0, 32), W + 1, 2));
    }

    @Test
    void theSecondAndThirdUpdatesEachChangeTheForecasts() throws Exception {
        double[] v = series(60, 4);
        Model[] models = {diffModel(1), diffModel(2), diffModel(3)};
        var h = harness(new ForecastFunction(config(W, 0)));
        for (int k = 0; k < 3; k++) {
            h.processBroadcastElement(bytes(models[k]), k * 200L);
            feed(h, v, k * 20, k * 20 + 20);
        }
        List<Forecast> out = h.extractOutputValues();
        assertThat(out).extracting(f -> f.modelVersion).containsOnly(1L, 2L, 3L);
        for (int k = 1; k < 3; k++) {
            int i = k * 20; // first observation under model k+1
            assertThat(out.get(i).modelVersion).isEqualTo(k + 1L);
            assertThat(out.get(i).forecast).isEqualTo(reprimed(models[k], slice(v, 0, i + 1), W, 1));
            // what the previous model would have said instead
            double previous = freshRun(models[k - 1], slice(v, 0, i + 1), k == 1 ? Integer.MAX_VALUE : W + 20);
            assertThat(out.get(i).forecast).isNotEqualTo(previous);
        }
        ForecastMetrics metrics = TestSupport.metrics(h);
        assertThat(metrics.modelSwaps.getCount()).isEqualTo(3);
        assertThat(metrics.forecasts.getCount()).isEqualTo(60);
    }

    @Test
    void aModelWithAnotherTransformStartsTheKeysScalerAndBufferAfresh() throws Exception {
        double[] v = series(30, 5);
        Model m1 = diffModel(1);
        Model m2 = TestSupport.model(modelConfig(TestSupport.H, Transform.NONE), 2, 77);
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(m1), 0L);
        feed(h, v, 0, 20);
        h.processBroadcastElement(bytes(m2), 200L);
        h.processElement(obs("a", 200L, v[20]), 200L);
        h.processElement(obs("a", 210L, v[21]), 210L);
        // the buffered inputs were differences scaled by a DIFF scaler: useless to a NONE model
        Forecast f = h.extractOutputValues().get(20);
        assertThat(f.modelVersion).isEqualTo(2L);
        assertThat(f.forecast).isEqualTo(freshRun(m2, slice(v, 20, 21), W));
        assertThat(f.warm).isFalse();
        assertThat(f.prevError).as("the old model's forecast is still scored").isFinite();
        assertThat(h.extractOutputValues().get(21).forecast).isEqualTo(freshRun(m2, slice(v, 20, 22), W));
    }

    /**
     * A swap to a seasonal model (season 4: seasonal-diff and the seasonal-lag input, F + 1 inputs) starts the key's
     * scaler afresh with rings for m = 4; after its warm-up of 7 observations the forecasts equal a fresh run of it
     * over everything it has seen; a swap back to a diff model starts afresh again with the smaller state.
     */
    @Test
    void aSwapToASeasonalModelAndBackStartsTheScalerAfreshEachTime() throws Exception {
        double[] v = series(60, 9);
        Model m1 = diffModel(1);
        Model m2 = TestSupport.model(
                new ModelConfig(
                        CellType.LSTM,
                        1,
                        TestSupport.H,
                        1,
                        List.of("value"),
                        0,
                        List.of(Transform.SEASONAL_DIFF),
                        ModelConfig.DEFAULT_SCALER_WINDOW,
                        4),
                2,
                79);
        Model m3 = diffModel(3);
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(m1), 0L);
        feed(h, v, 0, 20);
        h.processBroadcastElement(bytes(m2), 200L);
        feed(h, v, 20, 40);
        List<Forecast> out = h.extractOutputValues();
        for (int i = 20 + 7; i < 40; i++) {
            assertThat(out.get(i).modelVersion).isEqualTo(2L);
            assertThat(out.get(i).forecast)
                    .as("step %d", i)
                    .isCloseTo(freshRun(m2, slice(v, 20, i + 1), 1000), within(1e-9 * Math.abs(v[i])));
        }
        h.processBroadcastElement(bytes(m3), 400L);
        feed(h, v, 40, 50);
        out = h.extractOutputValues();
        assertThat(out.get(49).modelVersion).isEqualTo(3L);
        assertThat(out.get(49).forecast).isEqualTo(freshRun(m3, slice(v, 40, 50), 1000));
        assertThat(TestSupport.deadLetters(h)).isEmpty();
    }

    @Test
    void aModelWithAnotherHiddenSizeReplacesTheRecurrentState() throws Exception {
        double[] v = series(30, 6);
        Model m1 = diffModel(1);
        Model m2 = TestSupport.model(modelConfig(3, Transform.DIFF), 2, 78);
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(m1), 0L);
        feed(h, v, 0, 20);
        h.processBroadcastElement(bytes(m2), 200L);
        h.processElement(obs("a", 200L, v[20]), 200L);
        h.processElement(obs("a", 210L, v[21]), 210L);
        List<Forecast> out = h.extractOutputValues();
        assertThat(out.get(20).forecast).isEqualTo(reprimed(m2, slice(v, 0, 21), W, 1));
        assertThat(out.get(21).forecast).isEqualTo(reprimed(m2, slice(v, 0, 22), W + 1, 2));
    }

    @Test
    void anInitialModelServesUntilANewerOneArrives() throws Exception {
        double[] v = series(20, 7);
        Model m1 = diffModel(1);
        var h = harness(new ForecastFunction(config(W, 0), bytes(m1)));
        feed(h, v, 0, 10);
        h.processBroadcastElement(bytes(diffModel(1)), 100L); // not newer than the initial model
        h.processBroadcastElement(bytes(diffModel(2)), 100L);
        h.processElement(obs("a", 100L, v[10]), 100L);
        List<Forecast> out = h.extractOutputValues();
        assertThat(out).hasSize(11);
        assertThat(out.get(9).modelVersion).isEqualTo(1L);
        assertThat(out.get(9).forecast).isEqualTo(freshRun(m1, slice(v, 0, 10), Integer.MAX_VALUE));
        assertThat(out.get(10).modelVersion).isEqualTo(2L);
        ForecastMetrics metrics = TestSupport.metrics(h);
        assertThat(metrics.modelRejections.getCount()).isEqualTo(1);
        assertThat(metrics.modelSwaps.getCount()).isEqualTo(1);
    }

    @Test
    void keysSeeTheSwapIndependentlyAtTheirNextObservation() throws Exception {
        double[] a = series(30, 8);
        double[] b = series(30, 9);
        Model m1 = diffModel(1);
        Model m2 = diffModel(2);
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(m1), 0L);
        for (int i = 0; i < 20; i++) {
            h.processElement(obs("a", i * 10L, a[i]), i * 10L);
            h.processElement(obs("b", i * 10L, b[i]), i * 10L);
        }
        h.processBroadcastElement(bytes(m2), 200L);
        for (int i = 20; i < 25; i++) {
            h.processElement(obs("a", i * 10L, a[i]), i * 10L); // b idles for five steps
        }
        h.processElement(obs("b", 200L, b[20]), 250L);
        List<Forecast> out = h.extractOutputValues();
        Forecast lastB = out.get(out.size() - 1);
        assertThat(lastB.key).isEqualTo("b");
        assertThat(lastB.modelVersion).isEqualTo(2L);
        assertThat(lastB.forecast).isEqualTo(reprimed(m2, slice(b, 0, 21), W, 1));
        assertThat(out.get(out.size() - 2).forecast).isEqualTo(reprimed(m2, slice(a, 0, 25), W + 4, 5));
    }

    /** Key "a"'s observations v[from, to), at event time 10 ms per index. */
    private static void feed(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h, double[] v, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(obs("a", i * 10L, v[i]), i * 10L);
        }
    }
}
