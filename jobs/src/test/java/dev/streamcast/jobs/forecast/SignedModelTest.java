package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.W;
import static dev.streamcast.jobs.forecast.TestSupport.config;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static dev.streamcast.jobs.forecast.TestSupport.harness;
import static dev.streamcast.jobs.forecast.TestSupport.metrics;
import static dev.streamcast.jobs.forecast.TestSupport.obs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.io.ModelCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Issue 4: with a signing key configured, only correctly signed models are served; oversized payloads never are. */
class SignedModelTest {
    private static final String KEY = "forecast-key";
    private static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);

    @Test
    void withAKeyUnsignedAndWronglySignedModelsAreRejectedAndASignedOneServes() throws Exception {
        ForecastConfig cfg = config(W, 0).withModelSecurity(KEY, ModelPayloads.DEFAULT_MAX_BYTES);
        var h = harness(new ForecastFunction(cfg, null));
        h.processBroadcastElement(ModelCodec.encode(diffModel(1)), 0L); // unsigned
        h.processBroadcastElement(ModelPayloads.seal(diffModel(2), "wrong".getBytes()), 0L); // another key
        byte[] altered = ModelPayloads.seal(diffModel(3), KEY_BYTES);
        altered[60] ^= 1; // tampered with
        h.processBroadcastElement(altered, 0L);
        for (int t = 0; t < 5; t++) {
            h.processElement(obs("a", t, 100 + t), t);
        }
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(metrics(h).modelRejections.getCount()).isEqualTo(3);

        h.processBroadcastElement(ModelPayloads.seal(diffModel(4), KEY_BYTES), 10L);
        h.processElement(obs("a", 5, 106), 10L);
        assertThat(h.extractOutputValues())
                .extracting(f -> ((Forecast) f).modelVersion)
                .containsExactly(4L);
        assertThat(metrics(h).modelSwaps.getCount()).isEqualTo(1);
    }

    @Test
    void anOversizedPayloadIsRejectedAndTheCurrentModelStays() throws Exception {
        ModelConfig big = ModelConfig.univariate(CellType.LSTM, 64, 1, Transform.DIFF);
        Model large = TestSupport.model(big, 5, 1);
        byte[] small = ModelCodec.encode(diffModel(1));
        ForecastConfig cfg = config(W, 0).withModelSecurity(null, small.length + 100L);
        var h = harness(new ForecastFunction(cfg, null));
        h.processBroadcastElement(small, 0L);
        h.processBroadcastElement(ModelCodec.encode(large), 0L);
        h.processElement(obs("a", 0, 100), 1L);
        h.processElement(obs("a", 1, 101), 2L);
        assertThat(metrics(h).modelRejections.getCount()).isEqualTo(1);
        assertThat(h.extractOutputValues())
                .extracting(f -> ((Forecast) f).modelVersion)
                .containsOnly(1L);
        assertThat(ModelAdmission.judge(ModelCodec.encode(large), cfg, 1).rejection())
                .contains("exceeds max-model-bytes");
    }

    @Test
    void anUnsignedInitialModelIsRefusedAtStartWhenAKeyIsSet() {
        ForecastConfig cfg = config(W, 0).withModelSecurity(KEY, ModelPayloads.DEFAULT_MAX_BYTES);
        assertThatThrownBy(() -> new ForecastFunction(cfg, ModelCodec.encode(diffModel(1))))
                .hasMessageContaining("not signed");
        assertThat(new ForecastFunction(cfg, ModelPayloads.seal(diffModel(1), KEY_BYTES)))
                .isNotNull();
    }

    @Test
    void theKeyIsNeverPrinted() {
        assertThat(config(W, 0).withModelSecurity(KEY, 1000).toString())
                .doesNotContain(KEY)
                .contains("***");
    }
}
