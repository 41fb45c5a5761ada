package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.W;
import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.config;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static dev.streamcast.jobs.forecast.TestSupport.harness;
import static dev.streamcast.jobs.forecast.TestSupport.obs;
import static dev.streamcast.jobs.forecast.TestSupport.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.serde.ForecastJson;
import dev.streamcast.model.Model;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.interval.ConformalBands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Prediction intervals on the forecast operator (issue 13's harness tests). */
class ForecastBandsTest {

    private static void feed(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h,
            String key,
            double[] v,
            int from,
            int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(obs(key, i * 10L, v[i]), i * 10L);
        }
    }

    /**
     * The bounds the calibrator gives when it sees exactly the forecasts and actuals that were emitted, kept across
     * swaps, started from {@code start}: what the operator must reproduce.
     */
    private static void assertBoundsFollowTheCalibrator(List<Forecast> out, Calibration start) {
        assertBoundsFollowTheCalibrator(out, start, 1);
    }

    /** As above, the calibrator seeing only the actuals of forecasts {@code firstObserved} on. */
    private static void assertBoundsFollowTheCalibrator(List<Forecast> out, Calibration start, int firstObserved) {
        assertBoundsFollowTheCalibrator(out, start, firstObserved, Double.NaN);
    }

    /** As above, the calibrator primed with {@code startScale} (NaN: not primed). */
    private static void assertBoundsFollowTheCalibrator(
            List<Forecast> out, Calibration start, int firstObserved, double startScale) {
        assertBoundsFollowTheCalibrator(out, start, firstObserved, startScale, Integer.MAX_VALUE, false);
    }

    /** As above, the scale the mean of {@code errors} errors, the calibrator relative or not. */
    private static void assertBoundsFollowTheCalibrator(
            List<Forecast> out, Calibration start, int firstObserved, double startScale, int errors, boolean relative) {
        ConformalBands ref = new ConformalBands(0.8, 0.95);
        float[] s = ref.newState(start, relative);
        ref.prime(s, startScale, errors);
        for (int j = 0; j < out.size(); j++) {
            Forecast f = out.get(j);
            if (j >= Math.max(1, firstObserved)) {
                ref.observe(s, out.get(j - 1).forecast, f.actual);
            }
            assertThat(f.levels).containsExactly(0.8, 0.95);
            if (!ref.ready(s)) {
                assertThat(f.lower)
                        .as("forecast %d: no bounds during warm-up", j)
                        .isNull();
                assertThat(f.upper).isNull();
                continue;
            }
            assertThat(f.lower)
                    .as("forecast %d", j)
                    .containsExactly(ref.lower(s, 0, f.forecast), ref.lower(s, 1, f.forecast));
            assertThat(f.upper)
                    .as("forecast %d", j)
                    .containsExactly(ref.upper(s, 0, f.forecast), ref.upper(s, 1, f.forecast));
            assertThat(f.lower[1]).isLessThanOrEqualTo(f.lower[0]).isLessThanOrEqualTo(f.forecast);
            assertThat(f.upper[1]).isGreaterThanOrEqualTo(f.upper[0]).isGreaterThanOrEqualTo(f.forecast);
        }
    }

    @Test
    void boundsAreAbsentForTheFirstTenForecastsOfAKeyAndPresentAfter() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        feed(h, "a", series(40, 3), 0, 40);
        List<Forecast> out = h.extractOutputValues();
        assertThat(out).hasSize(40);
        for (int j = 0; j < out.size(); j++) {
            assertThat(out.get(j).lower != null).as("bounds on forecast %d", j).isEqualTo(j >= 10);
        }
        assertBoundsFollowTheCalibrator(out, Calibration.GAUSSIAN);
        assertThat(new String(ForecastJson.write(out.get(3)), StandardCharsets.UTF_8))
                .endsWith(",\"intervals\":null}");
        Forecast f = out.get(20);
        assertThat(new String(ForecastJson.write(f), StandardCharsets.UTF_8))
                .endsWith(",\"intervals\":[{\"level\":0.8,\"lower\":" + f.lower[0] + ",\"upper\":" + f.upper[0]
                        + "},{\"level\":0.95,\"lower\":" + f.lower[1] + ",\"upper\":" + f.upper[1] + "}]}");
    }

    @Test
    void aKeyStartsFromTheModelsStoredCalibration() throws Exception {
        double[] q = new double[Calibration.GRID.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = Calibration.GRID[i] < 0.5 ? -0.1 : 4 * Calibration.GRID[i]; // a long upper tail
        }
        Calibration skewed = new Calibration(Calibration.GRID, q);
        Model m = diffModel(1).withCalibration(skewed);
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(m), 0L);
        feed(h, "a", series(30, 4), 0, 30);
        List<Forecast> out = h.extractOutputValues();
        assertBoundsFollowTheCalibrator(out, skewed);
        Forecast first = out.get(10);
        assertThat(first.upper[0] - first.forecast).isGreaterThan(10 * (first.forecast - first.lower[0]));
    }

    /**
     * Errors on the model's own training data (actuals at or before its provenance's data end) do not calibrate the
     * band: the key warms up on the first ten actuals after it, as a live key would.
     */
    @Test
    void actualsTheModelWasTrainedOnAreNotObserved() throws Exception {
        Model m = diffModel(1);
        Provenance p = m.provenance();
        Model trained = new Model(
                m.config(),
                m.weights(),
                m.version(),
                new Provenance(
                        p.createdAtMillis(),
                        0L,
                        195L, // rows 0..19 (ts 0..190) are in-sample; row 20 (ts 200) is the first one after
                        1,
                        20L,
                        p.epochs(),
                        p.train(),
                        p.trainLoss(),
                        p.validationLoss(),
                        p.source()),
                m.calibration());
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(trained), 0L);
        feed(h, "a", series(45, 8), 0, 45);
        List<Forecast> out = h.extractOutputValues();
        assertThat(out).hasSize(45);
        for (int j = 0; j < out.size(); j++) {
            // residuals of rows 20..29 (forecasts 19..28) warm the key up; forecast 29 is the first with bounds
            assertThat(out.get(j).lower != null).as("bounds on forecast %d", j).isEqualTo(j >= 29);
        }
        assertBoundsFollowTheCalibrator(out, Calibration.GAUSSIAN, 20);
    }

    /** {@link TestSupport#diffModel} trained on rows 0..19 of every key (data end 195 ms), with starting scales. */
    private static Model trainedWithScales(long version, java.util.Map<String, Double> scales) {
        Model m = diffModel(version);
        Provenance p = m.provenance();
        return new Model(
                m.config(),
                m.weights(),
                m.version(),
                new Provenance(
                        p.createdAtMillis(),
                        0L,
                        195L,
                        1,
                        20L,
                        p.epochs(),
                        p.train(),
                        p.trainLoss(),
                        p.validationLoss(),
                        p.source()),
                m.calibration(),
                null,
                scales);
    }

    /** Keys "a" and "b", 45 observations each 10 ms apart, through the operator with model m: their forecasts. */
    private static List<List<Forecast>> keysAAndB(Model m) throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(m), 0L);
        double[] va = series(45, 8);
        double[] vb = series(45, 9);
        for (int i = 0; i < 45; i++) {
            h.processElement(obs("a", i * 10L, va[i]), i * 10L);
            h.processElement(obs("b", i * 10L, vb[i]), i * 10L);
        }
        List<Forecast> out = h.extractOutputValues();
        return List.of(
                out.stream().filter(f -> f.key.equals("a")).toList(),
                out.stream().filter(f -> f.key.equals("b")).toList());
    }

    /**
     * A key the model holds a starting scale for has bounds from its first forecast: the stored scale stands for
     * its warm-up's errors, and its own errors after the training data blend in; a key without one warms up on
     * its first 10 errors after the training data, as before.
     */
    @Test
    void aKeyWithAStartingScaleHasBoundsFromItsFirstForecastAndAnUnknownKeyWarmsUp() throws Exception {
        Model m = trainedWithScales(1, java.util.Map.of("a", 2.5));
        List<List<Forecast>> ab = keysAAndB(m);
        List<Forecast> a = ab.get(0);
        List<Forecast> b = ab.get(1);
        assertThat(a).hasSize(45).allSatisfy(f -> assertThat(f.lower).isNotNull());
        // forecast 19 forecasts row 20, the first after the training data: its band is the stored scale's
        Forecast first = a.get(19);
        assertThat(first.upper[0] - first.forecast)
                .isCloseTo(2.5 * 1.28155 * Math.sqrt(Math.PI / 2), org.assertj.core.api.Assertions.within(1e-4));
        assertBoundsFollowTheCalibrator(a, Calibration.GAUSSIAN, 20, 2.5);
        for (int j = 0; j < b.size(); j++) {
            assertThat(b.get(j).lower != null)
                    .as("bounds on forecast %d of b", j)
                    .isEqualTo(j >= 29);
        }
        assertBoundsFollowTheCalibrator(b, Calibration.GAUSSIAN, 20);
    }

    /**
     * A model with relative bands (a multiplicative series, {@code Model.relativeBands}): each key's band is in units
     * of its forecast, ŷ ∓ |ŷ|·s·q, from its relative starting scale; a scale from fewer errors than the warm-up
     * counts as that many, and the key warms up on the rest of its own errors after the training data.
     */
    @Test
    void aRelativeModelsKeysHaveBoundsInUnitsOfTheirForecastAndAScaleFromFewErrorsWeighsThatMany() throws Exception {
        java.util.Map<String, Double> scales = java.util.Map.of("a", 0.05, "b", 0.04);
        Model m = trainedWithScales(1, scales).withStartScales(scales, java.util.Map.of("b", 4), true);
        List<List<Forecast>> ab = keysAAndB(m);
        List<Forecast> a = ab.get(0);
        List<Forecast> b = ab.get(1);
        assertThat(a).hasSize(45).allSatisfy(f -> assertThat(f.lower).isNotNull());
        Forecast first = a.get(19); // forecasts row 20, the first after the training data
        assertThat(first.upper[0] - first.forecast)
                .isCloseTo(
                        Math.abs(first.forecast) * 0.05 * 1.28155 * Math.sqrt(Math.PI / 2),
                        org.assertj.core.api.Assertions.within(1e-3));
        assertBoundsFollowTheCalibrator(a, Calibration.GAUSSIAN, 20, 0.05, Integer.MAX_VALUE, true);
        for (int j = 0; j < b.size(); j++) { // 4 errors of the scale and 6 of its own, rows 20..25
            assertThat(b.get(j).lower != null)
                    .as("bounds on forecast %d of b", j)
                    .isEqualTo(j >= 25);
        }
        assertBoundsFollowTheCalibrator(b, Calibration.GAUSSIAN, 20, 0.04, 4, true);
    }

    /**
     * A swap between a model with absolute bands and one with relative bands restarts each key's band in the new
     * units (a scale in one cannot serve the other), from the new model's starting scale for it; a swap between two
     * models with the same units keeps it (above).
     */
    @Test
    void aSwapToAModelWithBandsInOtherUnitsRestartsTheKeysBand() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        double[] va = series(60, 5);
        feed(h, "a", va, 0, 30);
        h.processBroadcastElement(
                bytes(diffModel(2).withStartScales(java.util.Map.of("a", 0.05), java.util.Map.of(), true)), 300L);
        feed(h, "a", va, 30, 45);
        h.processBroadcastElement(bytes(diffModel(3)), 450L);
        feed(h, "a", va, 45, 60);
        List<Forecast> a = h.extractOutputValues();
        assertThat(a.get(30).modelVersion).isEqualTo(2L);
        assertThat(a.get(45).modelVersion).isEqualTo(3L);
        assertBoundsFollowTheCalibrator(a.subList(0, 30), Calibration.GAUSSIAN);
        assertThat(a.get(30).lower)
                .as("relative from the first forecast of model 2")
                .isNotNull();
        assertBoundsFollowTheCalibrator(a.subList(30, 45), Calibration.GAUSSIAN, 1, 0.05, Integer.MAX_VALUE, true);
        assertBoundsFollowTheCalibrator(a.subList(45, 60), Calibration.GAUSSIAN, 1); // absolute, warms up again
        assertThat(a.get(45).lower).isNull();
    }

    /**
     * A swap to a model with starting scales follows the swap rule (docs/state.md): a key that has a calibration keeps
     * it, scale included; a key first seen under the new model starts from the new model's scale for it.
     */
    @Test
    void aSwapKeepsACalibrationAndTheNewModelsScaleStartsOnlyNewKeys() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        double[] va = series(60, 5);
        double[] vb = series(60, 6);
        feed(h, "a", va, 0, 30);
        h.processBroadcastElement(bytes(diffModel(2).withStartScales(java.util.Map.of("a", 100.0, "b", 2.5))), 300L);
        feed(h, "a", va, 30, 60);
        feed(h, "b", vb, 30, 60);
        List<Forecast> a =
                h.extractOutputValues().stream().filter(f -> f.key.equals("a")).toList();
        List<Forecast> b =
                h.extractOutputValues().stream().filter(f -> f.key.equals("b")).toList();
        assertThat(a.get(30).modelVersion).isEqualTo(2L);
        assertBoundsFollowTheCalibrator(a, Calibration.GAUSSIAN); // kept: the stored 100 plays no part
        assertThat(b).hasSize(30).allSatisfy(f -> assertThat(f.lower).isNotNull());
        assertBoundsFollowTheCalibrator(b, Calibration.GAUSSIAN, 1, 2.5);
    }

    /** The calibration is kept across a model swap (docs/state.md): the band goes on without a new warm-up. */
    @Test
    void aModelSwapKeepsEachKeysCalibration() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        double[] v = series(60, 5);
        feed(h, "a", v, 0, 30);
        h.processBroadcastElement(
                bytes(diffModel(2).withCalibration(Calibration.fromScaledResiduals(new double[] {}))), 300L);
        feed(h, "a", v, 30, 60);
        List<Forecast> out = h.extractOutputValues();
        assertThat(out.get(29).modelVersion).isEqualTo(1L);
        assertThat(out.get(30).modelVersion).isEqualTo(2L);
        assertThat(out.get(30).lower)
                .as("bounds on the first forecast of the new model")
                .isNotNull();
        assertBoundsFollowTheCalibrator(out, Calibration.GAUSSIAN);
    }

    @Test
    void aRestoredStateGivesTheSameBoundsAsAnUninterruptedRun() throws Exception {
        restoreAndCompare(diffModel(1), series(50, 6), 25);
    }

    /**
     * Feeds key "a" the first {@code cut} values of {@code v} under {@code model}, snapshots, restores into a second
     * harness, feeds both the rest, and asserts the restored forecasts and bounds equal the uninterrupted run's;
     * returns the uninterrupted run's forecasts.
     */
    private static List<Forecast> restoreAndCompare(Model model, double[] v, int cut) throws Exception {
        var original = harness(new ForecastFunction(config(W, 0)));
        original.processBroadcastElement(bytes(model), 0L);
        feed(original, "a", v, 0, cut);
        OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
        int before = original.extractOutputValues().size();
        var restored = harness(new ForecastFunction(config(W, 0)), snapshot);
        feed(original, "a", v, cut, v.length);
        feed(restored, "a", v, cut, v.length);
        List<Forecast> a = original.extractOutputValues().subList(before, v.length);
        List<Forecast> b = restored.extractOutputValues();
        assertThat(b).hasSize(v.length - cut);
        for (int j = 0; j < b.size(); j++) {
            assertThat(b.get(j).forecast).isEqualTo(a.get(j).forecast);
            assertThat(b.get(j).lower)
                    .as("forecast %d after the restore", j)
                    .isNotNull()
                    .containsExactly(a.get(j).lower);
            assertThat(b.get(j).upper).containsExactly(a.get(j).upper);
        }
        return original.extractOutputValues();
    }

    @Test
    void aPrimedKeysRestoredStateGivesTheSameBoundsAsAnUninterruptedRun() throws Exception {
        Model m = trainedWithScales(1, java.util.Map.of("a", 2.5));
        // snapshot after 3 of its own errors have blended in
        List<Forecast> all = restoreAndCompare(m, series(50, 6), 24);
        assertBoundsFollowTheCalibrator(all, Calibration.GAUSSIAN, 20, 2.5);
    }

    @Test
    void emptyLevelsTurnTheBandsOff() throws Exception {
        ForecastConfig off = config(W, 0).withIntervalLevels(List.of());
        var h = harness(new ForecastFunction(off));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        feed(h, "a", series(30, 7), 0, 30);
        Forecast last = h.extractOutputValues().get(29);
        assertThat(last.levels).isNull();
        assertThat(last.lower).isNull();
        assertThat(new String(ForecastJson.write(last), StandardCharsets.UTF_8)).doesNotContain("intervals");
    }
}
