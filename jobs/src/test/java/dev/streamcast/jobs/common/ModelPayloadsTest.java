package dev.streamcast.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.io.ModelFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ModelPayloadsTest {
    private static final byte[] KEY = "k3y".getBytes(StandardCharsets.UTF_8);
    private static final ModelConfig CFG = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.NONE);
    private static final Model MODEL = new Model(CFG, Weights.zeros(CFG), 5, Provenance.untrained("test"));

    @Test
    void aCorrectlySignedModelIsAccepted() {
        byte[] payload = ModelPayloads.seal(MODEL, KEY);
        assertThat(ModelPayloads.refusal(payload, KEY, ModelPayloads.DEFAULT_MAX_BYTES))
                .isNull();
        assertThat(ModelPayloads.open(payload, KEY, ModelPayloads.DEFAULT_MAX_BYTES)
                        .version())
                .isEqualTo(5);
    }

    @Test
    void anUnsignedModelIsRejectedWhenAKeyIsConfigured() {
        byte[] payload = ModelCodec.encode(MODEL);
        assertThatThrownBy(() -> ModelPayloads.open(payload, KEY, ModelPayloads.DEFAULT_MAX_BYTES))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not signed");
    }

    @Test
    void aModelSignedWithAnotherKeyOrAlteredIsRejected() {
        byte[] other = ModelPayloads.seal(MODEL, "other".getBytes(StandardCharsets.UTF_8));
        assertThat(ModelPayloads.refusal(other, KEY, ModelPayloads.DEFAULT_MAX_BYTES))
                .contains("does not verify");
        byte[] altered = ModelPayloads.seal(MODEL, KEY);
        altered[100] ^= 1;
        assertThat(ModelPayloads.refusal(altered, KEY, ModelPayloads.DEFAULT_MAX_BYTES))
                .contains("does not verify");
    }

    @Test
    void anOversizedPayloadIsRejectedWithoutBeingDecoded() {
        byte[] garbage = new byte[2000];
        Arrays.fill(garbage, (byte) 7); // not a model file: decoding would say "bad magic"
        assertThatThrownBy(() -> ModelPayloads.open(garbage, null, 1000))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("2000 bytes exceeds max-model-bytes = 1000")
                .hasMessageNotContaining("magic");
    }

    @Test
    void withoutAKeyPlainAndSignedModelsBothOpen() {
        assertThat(ModelPayloads.open(ModelCodec.encode(MODEL), null, 1 << 20).version())
                .isEqualTo(5);
        assertThat(ModelPayloads.open(ModelPayloads.seal(MODEL, KEY), null, 1 << 20)
                        .version())
                .isEqualTo(5);
        assertThat(ModelPayloads.refusal(new byte[0], null, 1 << 20)).isEqualTo("empty model payload");
    }
}
