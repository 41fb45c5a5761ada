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

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Payloads that must not replace the running model, and the configuration check of an initial model. */
class ModelRejectionTest {

    private static byte[] garbage() {
        return "not a model".getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] truncated() {
        byte[] b = bytes(diffModel(7));
        return Arrays.copyOf(b, b.length / 2);
    }

    private static byte[] otherFeatures() {
        ModelConfig c = new ModelConfig(CellType.LSTM, 1, 4, 1, List.of("temp"), 0, List.of(Transform.NONE), 100);
        return bytes(TestSupport.model(c, 9, 1));
    }

    private static byte[] otherTarget() {
        ModelConfig c = new ModelConfig(
                CellType.LSTM, 2, 4, 1, List.of("value", "volume"), 1, List.of(Transform.NONE, Transform.NONE), 100);
        return bytes(TestSupport.model(c, 9, 1));
    }

    @Test
    void rejectedPayloadsAreCountedAndTheCurrentModelKeepsForecastingAsIfTheyNeverCame() throws Exception {
        double[] v = series(30, 21);
        var h = harness(new ForecastFunction(config(W, 0)));
        var clean = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(diffModel(2)), 0L);
        clean.processBroadcastElement(bytes(diffModel(2)), 0L);
        for (int i = 0; i < 30; i++) {
            if (i == 15) {
                h.processBroadcastElement(garbage(), 150L);
                h.processBroadcastElement(new byte[0], 150L);
                h.processBroadcastElement(truncated(), 150L);
                h.processBroadcastElement(bytes(diffModel(2)), 150L); // same version again
                h.processBroadcastElement(bytes(diffModel(1)), 150L); // older
                h.processBroadcastElement(otherFeatures(), 150L);
                h.processBroadcastElement(otherTarget(), 150L);
                h.processBroadcastElement(garbage(), 150L); // again: counted, logged once
            }
            h.processElement(obs("a", i * 10L, v[i]), i * 10L);
            clean.processElement(obs("a", i * 10L, v[i]), i * 10L);
        }
        List<Forecast> out = h.extractOutputValues();
        assertThat(out).extracting(f -> f.modelVersion).containsOnly(2L);
        assertThat(out)
                .extracting(f -> f.forecast)
                .containsExactlyElementsOf(clean.extractOutputValues().stream()
                        .map(f -> f.forecast)
                        .toList());
        ForecastMetrics m = TestSupport.metrics(h);
        assertThat(m.modelRejections.getCount()).isEqualTo(8);
        assertThat(m.modelSwaps.getCount()).isEqualTo(1);
        assertThat(h.getBroadcastState(ForecastFunction.MODELS).get(ForecastFunction.CURRENT))
                .isEqualTo(bytes(diffModel(2)));
    }

    @Test
    void theVerdictSaysWhyAPayloadIsRejected() {
        var cfg = config(W, 0);
        assertThat(ModelAdmission.judge(garbage(), cfg, 0).rejection()).contains("cannot decode");
        assertThat(ModelAdmission.judge(otherFeatures(), cfg, 0).rejection())
                .contains("[temp]")
                .contains("[value]");
        assertThat(ModelAdmission.judge(otherTarget(), cfg, 0).rejection()).contains("features");
        assertThat(ModelAdmission.judge(bytes(diffModel(3)), cfg, 3).rejection())
                .contains("version 3 is not newer than the running version 3");
        Model accepted = ModelAdmission.judge(bytes(diffModel(4)), cfg, 3).model();
        assertThat(accepted.version()).isEqualTo(4L);
    }

    @Test
    void aModelWhoseTargetDiffersFromTheConfigurationsIsRejected() {
        var cfg = TestSupport.config(W, 0, 1000L, List.of("value", "volume"), "value");
        assertThat(ModelAdmission.judge(otherTarget(), cfg, 0).rejection()).contains("target 'volume'");
    }

    @Test
    void anInitialModelThatCannotServeIsRefusedAtStart() {
        assertThatThrownBy(() -> new ForecastFunction(config(W, 0), otherFeatures()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initial-model");
        var missing = TestSupport.config(W, 0);
        var withPath = missing.toBuilder()
                .checkpointIntervalMillis(1000L)
                .initialModel("/no/such/model.bin")
                .build();
        assertThatThrownBy(() -> new ForecastFunction(withPath))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/no/such/model.bin");
    }
}
