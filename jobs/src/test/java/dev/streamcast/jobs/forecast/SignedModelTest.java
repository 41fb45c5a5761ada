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
import dev.streamcast.model.Weights;
import dev.streamcast.model.io.ModelCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issues 4 and 11: models are signed by default. With a signing key only correctly signed models are served; without
 * one, and without --allow-unsigned-models, none is; oversized, forged and non-finite payloads never are.
 */
class SignedModelTest {
    private static final String KEY = "forecast-key";
    private static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);

    /** The job's default trust: a key, unsigned models refused. */
    private static ForecastConfig signedOnly() {
        return config(W, 0)
                .withModelSecurity(KEY, ModelPayloads.DEFAULT_MAX_BYTES)
                .withUnsignedModels(false);
    }

    /** A model file whose version field says {@code version}, its checksum recomputed as a forger would. */
    static byte[] forgedVersion(Model m, long version) throws Exception {
        byte[] b = ModelCodec.encode(m);
        int at = indexOf(b, "i,f,g,o".getBytes(StandardCharsets.US_ASCII)) + 7;
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, version);
        return rehash(b);
    }

    /** A model file with weight k replaced by {@code value}, its checksum recomputed. */
    static byte[] forgedWeight(Model m, int k, float value) throws Exception {
        byte[] b = ModelCodec.encode(m);
        int n = Weights.parameterCount(m.config());
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(b.length - 32 - 4 * n + 4 * k, value);
        return rehash(b);
    }

    private static byte[] rehash(byte[] b) throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(b, b.length - 32));
        System.arraycopy(sha, 0, b, b.length - 32, 32);
        return b;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }

    private static String rejection(byte[] payload, ForecastConfig cfg, long current) {
        return ModelAdmission.judge(payload, cfg, current).rejection();
    }

    @Test
    void byDefaultWithoutAKeyEveryModelIsRefusedWithItsReasonAndCounted() throws Exception {
        ForecastConfig cfg = ForecastConfig.defaults();
        assertThat(cfg.allowUnsignedModels()).isFalse();
        assertThat(cfg.modelKey()).isNull();
        var h = harness(new ForecastFunction(cfg, null));
        h.processBroadcastElement(ModelCodec.encode(diffModel(1)), 0L);
        h.processBroadcastElement(ModelPayloads.seal(diffModel(2), KEY_BYTES), 0L);
        h.processElement(obs("a", 0, 100), 1L);
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(metrics(h).modelRejections.getCount()).isEqualTo(2);
        assertThat(rejection(ModelCodec.encode(diffModel(1)), cfg, 0))
                .isEqualTo("model is not signed; unsigned models are refused unless --allow-unsigned-models is given");
        assertThat(rejection(ModelPayloads.seal(diffModel(1), KEY_BYTES), cfg, 0))
                .isEqualTo("model is signed, but no signing key is configured to check it (give --model-key)");
        assertThat(ForecastJob.modelTrustWarning(cfg)).startsWith("no --model-key (or STREAMCAST_MODEL_KEY)");
        assertThat(ForecastJob.modelTrustWarning(signedOnly())).isNull();
    }

    @Test
    void anUnsignedModelIsRefusedWhileTheCurrentOneKeepsServing() throws Exception {
        var h = harness(new ForecastFunction(signedOnly(), null));
        h.processBroadcastElement(ModelPayloads.seal(diffModel(1), KEY_BYTES), 0L);
        h.processElement(obs("a", 0, 100), 1L);
        h.processBroadcastElement(ModelCodec.encode(diffModel(2)), 2L);
        h.processElement(obs("a", 1, 101), 3L);
        assertThat(h.extractOutputValues())
                .extracting(f -> ((Forecast) f).modelVersion)
                .containsExactly(1L, 1L);
        assertThat(metrics(h).modelRejections.getCount()).isEqualTo(1);
        assertThat(rejection(ModelCodec.encode(diffModel(2)), signedOnly(), 1))
                .isEqualTo("model is not signed, and a signing key is configured");
    }

    @Test
    void withAllowUnsignedModelsUnsignedOnesServeButAWrongSignatureIsStillRefused() throws Exception {
        ForecastConfig cfg = signedOnly().withUnsignedModels(true);
        assertThat(ForecastJob.modelTrustWarning(cfg))
                .startsWith("--allow-unsigned-models: unsigned models on 'models' are accepted");
        assertThat(rejection(ModelCodec.encode(diffModel(1)), cfg, 0)).isNull();
        assertThat(rejection(ModelPayloads.seal(diffModel(1), "wrong".getBytes()), cfg, 0))
                .startsWith("model signature does not verify");
        ForecastConfig noKey = ForecastConfig.defaults().withUnsignedModels(true);
        assertThat(rejection(ModelPayloads.seal(diffModel(1), KEY_BYTES), noKey, 0))
                .as("a signed model without a key to check it is as good as unsigned")
                .isNull();
    }

    @Test
    void aForgedVersionLongMaxValueIsRefusedAndLaterModelsStillSwapIn() throws Exception {
        ForecastConfig cfg = config(W, 0); // unsigned allowed: the decoder alone must stop it
        var h = harness(new ForecastFunction(cfg, null));
        h.processBroadcastElement(ModelCodec.encode(diffModel(1)), 0L);
        h.processBroadcastElement(forgedVersion(diffModel(7), Long.MAX_VALUE), 1L);
        h.processBroadcastElement(ModelCodec.encode(diffModel(2)), 2L);
        h.processElement(obs("a", 0, 100), 3L);
        assertThat(h.extractOutputValues())
                .extracting(f -> ((Forecast) f).modelVersion)
                .containsExactly(2L);
        assertThat(metrics(h).modelRejections.getCount()).isEqualTo(1);
        assertThat(rejection(forgedVersion(diffModel(7), Long.MAX_VALUE), cfg, 1))
                .endsWith("model version 9223372036854775807 is outside [1, 2^53)");
    }

    @Test
    void aModelWithNaNWeightsIsRefusedAndTheCurrentOneStays() throws Exception {
        ForecastConfig cfg = config(W, 0);
        var h = harness(new ForecastFunction(cfg, null));
        h.processBroadcastElement(ModelCodec.encode(diffModel(1)), 0L);
        h.processBroadcastElement(forgedWeight(diffModel(2), 5, Float.NaN), 1L);
        h.processElement(obs("a", 0, 100), 2L);
        assertThat(h.extractOutputValues())
                .extracting(f -> ((Forecast) f).modelVersion)
                .containsExactly(1L);
        assertThat(metrics(h).modelRejections.getCount()).isEqualTo(1);
        assertThat(rejection(forgedWeight(diffModel(2), 5, Float.NaN), cfg, 1))
                .contains("non-finite weight: NaN at index 5");
    }

    @Test
    void anEmptyKeyIsAnError() {
        assertThatThrownBy(() -> config(W, 0).withModelSecurity("", 1000))
                .hasMessageContaining("model-key must not be empty");
        assertThatThrownBy(() -> ModelPayloads.key(null, Map.of(ModelPayloads.KEY_ENV, " ")))
                .hasMessageStartingWith("environment variable STREAMCAST_MODEL_KEY is set but empty");
        assertThat(ModelPayloads.key(null, Map.of())).isNull();
        assertThat(ModelPayloads.key("k", Map.of(ModelPayloads.KEY_ENV, "env"))).isEqualTo("k".getBytes());
        assertThat(ModelPayloads.key(null, Map.of(ModelPayloads.KEY_ENV, "env")))
                .isEqualTo("env".getBytes());
    }

    @Test
    void withAKeyUnsignedAndWronglySignedModelsAreRejectedAndASignedOneServes() throws Exception {
        ForecastConfig cfg = signedOnly();
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
        ForecastConfig cfg = signedOnly();
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
