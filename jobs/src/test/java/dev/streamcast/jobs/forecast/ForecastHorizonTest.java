package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.W;
import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.config;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static dev.streamcast.jobs.forecast.TestSupport.harness;
import static dev.streamcast.jobs.forecast.TestSupport.obs;
import static dev.streamcast.jobs.forecast.TestSupport.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.jobs.backtest.BacktestCommand;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ForecastOptions;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.serde.ForecastJson;
import dev.streamcast.jobs.demo.DemoOptions;
import dev.streamcast.model.Model;
import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.interval.ConformalBands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** --horizon H on the forecast operator (issue 15): the path, its per-horizon bands, snapshot and restore. */
class ForecastHorizonTest {

    private static final int H = 12;

    private static List<Forecast> run(ForecastConfig c, double[] v) throws Exception {
        return run(c, v, diffModel(1));
    }

    private static List<Forecast> run(ForecastConfig c, double[] v, Model model) throws Exception {
        var h = harness(new ForecastFunction(c));
        h.processBroadcastElement(bytes(model), 0L);
        feed(h, v, 0, v.length);
        return h.extractOutputValues();
    }

    private static void feed(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h, double[] v, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(obs("a", i * 10L, v[i]), i * 10L);
        }
    }

    private static String json(Forecast f) {
        return new String(ForecastJson.write(f), StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultHorizonOfOneWritesTheRecordsAsBeforeAndAPathLeavesTheOneStepFieldsAsTheyWere() throws Exception {
        double[] v = series(60, 3);
        List<Forecast> one = run(config(W, 0), v);
        List<Forecast> twelve = run(config(W, 0).toBuilder().horizon(H).build(), v);
        assertThat(twelve).hasSameSizeAs(one);
        for (int j = 0; j < one.size(); j++) {
            Forecast a = one.get(j);
            Forecast b = twelve.get(j);
            assertThat(a.path).isNull();
            assertThat(json(a)).doesNotContain("path");
            assertThat(b.path).hasSize(H);
            assertThat(b.path[0]).isEqualTo(b.forecast);
            String withPath = json(b);
            b.path = null;
            assertThat(json(b)).as("forecast %d without its path", j).isEqualTo(json(a));
            assertThat(withPath).startsWith(json(a).substring(0, json(a).length() - 1) + ",\"path\":[{\"h\":1,");
        }
        // the operator's one-step output is identical, and the record layout of H = 1 is the one documented
        assertThat(json(one.get(20)))
                .matches("\\{\"key\":\"a\",\"ts\":\"[^\"]+\",\"target_ts\":\"[^\"]+\",\"actual\":[^,]+,"
                        + "\"forecast\":[^,]+,\"model_version\":1,\"warm\":true,\"prev_error\":[^,]+,\"seq\":21,"
                        + "\"intervals\":\\[.*\\]\\}");
    }

    @Test
    void eachHorizonIsScoredWhenItsActualArrivesAndGetsItsOwnBands() throws Exception {
        assertEachHorizonFollowsItsOwnCalibrator(diffModel(1));
    }

    /** With a model whose bands are relative to the forecast, every horizon's band is relative to its own forecast. */
    @Test
    void aModelWithRelativeBandsGivesEveryHorizonRelativeBands() throws Exception {
        assertEachHorizonFollowsItsOwnCalibrator(diffModel(1).withStartScales(Map.of(), Map.of(), true));
    }

    private static void assertEachHorizonFollowsItsOwnCalibrator(Model model) throws Exception {
        double[] v = series(80, 4);
        List<Forecast> out = run(config(W, 0).toBuilder().horizon(H).build(), v, model);
        // the reference: one calibrator per horizon, fed the h-step forecast made h observations before each actual
        ConformalBands ref = new ConformalBands(0.8, 0.95);
        float[][] cal = new float[H + 1][];
        for (int h = 1; h <= H; h++) {
            cal[h] = ref.newState(Calibration.GAUSSIAN, model.relativeBands());
        }
        for (int j = 0; j < out.size(); j++) {
            Forecast f = out.get(j);
            for (int h = 1; h <= H && j - h >= 0; h++) {
                ref.observe(cal[h], out.get(j - h).path[h - 1], f.actual);
            }
            assertThat(f.pathTs[0]).isEqualTo(f.targetTs);
            if (j > 0) { // the series' typical interval is known from the second observation: 10 ms
                assertThat(f.pathTs[H - 1]).isEqualTo(f.ts + H * 10L);
            }
            for (int h = 1; h <= H; h++) {
                int at = (h - 1) * 2;
                if (!ref.ready(cal[h])) {
                    assertThat(f.pathLower[at])
                            .as("forecast %d, h %d: warming up", j, h)
                            .isNaN();
                    continue;
                }
                double y = f.path[h - 1];
                assertThat(f.pathLower[at]).as("forecast %d h %d", j, h).isEqualTo(ref.lower(cal[h], 0, y));
                assertThat(f.pathUpper[at + 1]).isEqualTo(ref.upper(cal[h], 1, y));
            }
            if (f.lower != null) {
                assertThat(f.pathLower[0]).isEqualTo(f.lower[0]);
                assertThat(f.pathUpper[1]).isEqualTo(f.upper[1]);
            }
        }
        // horizon h is ready after its 10 residuals: the first at forecast h, the tenth at forecast h + 9
        Forecast f = out.get(15);
        assertThat(f.pathLower[(6 - 1) * 2]).isFinite();
        assertThat(f.pathLower[(7 - 1) * 2]).isNaN();
        assertThat(json(f)).contains("{\"h\":7,\"target_ts\":").contains(",\"intervals\":null}");
    }

    @Test
    void pathsAndTheirCalibrationsSurviveASnapshotAndRestore() throws Exception {
        ForecastConfig c = config(W, 0).toBuilder().horizon(H).build();
        double[] v = series(60, 6);
        var original = harness(new ForecastFunction(c));
        original.processBroadcastElement(bytes(diffModel(1)), 0L);
        feed(original, v, 0, 25);
        OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
        int before = original.extractOutputValues().size();
        var restored = harness(new ForecastFunction(c), snapshot);
        feed(original, v, 25, 60);
        feed(restored, v, 25, 60);
        List<Forecast> a = original.extractOutputValues().subList(before, 60);
        List<Forecast> b = restored.extractOutputValues();
        assertThat(b).hasSize(35);
        for (int j = 0; j < b.size(); j++) {
            assertThat(json(b.get(j))).as("forecast %d after the restore", j).isEqualTo(json(a.get(j)));
        }
        assertThat(b.get(30).pathLower[(H - 1) * 2])
                .as("horizon 12 is calibrated")
                .isFinite();
    }

    @Test
    void aHorizonOutsideOneToSixtyFourIsRefusedNamingTheOptionOnForecastBacktestAndDemo() {
        assertThat(ForecastOptions.parse().horizon()).isEqualTo(1);
        assertThat(ForecastOptions.parse("--horizon", "12").horizon()).isEqualTo(12);
        assertThat(DemoOptions.parse(new String[] {"--horizon", "12"}).horizon())
                .isEqualTo(12);
        assertThat(DemoOptions.defaults().horizon()).isEqualTo(1);
        assertThat(BacktestCommand.settings(new String[] {"--input", "x.csv", "--out", "o", "--horizon", "12"})
                        .horizon())
                .isEqualTo(12);
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--horizon", "0"}))
                .hasMessageStartingWith("--horizon");
        assertThatThrownBy(() ->
                        BacktestCommand.settings(new String[] {"--input", "x.csv", "--out", "o", "--horizon", "65"}))
                .hasMessageStartingWith("--horizon");
        for (String bad : List.of("0", "65", "-1", "1.5", "x")) {
            assertThatThrownBy(() -> ForecastOptions.parse("--horizon", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--horizon")
                    .hasMessageContaining(bad);
        }
    }
}
