package dev.streamcast.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelSigningTest {
    private static final byte[] KEY = "secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MODEL = {1, 2, 3, 4, 5};

    @Test
    void aSignedModelVerifiesWithItsKey() {
        byte[] signed = ModelSigning.sign(MODEL, KEY);
        assertThat(ModelSigning.isSigned(signed)).isTrue();
        assertThat(ModelSigning.verify(signed, KEY)).containsExactly(MODEL);
        assertThat(ModelSigning.unwrap(signed)).containsExactly(MODEL);
    }

    @Test
    void anUnsignedModelIsRejected() {
        assertThat(ModelSigning.isSigned(MODEL)).isFalse();
        assertThatThrownBy(() -> ModelSigning.verify(MODEL, KEY))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not signed");
    }

    @Test
    void aWrongKeyOrAnAlteredPayloadIsRejected() {
        byte[] signed = ModelSigning.sign(MODEL, KEY);
        assertThatThrownBy(() -> ModelSigning.verify(signed, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("does not verify");
        signed[0] ^= 1;
        assertThatThrownBy(() -> ModelSigning.verify(signed, KEY)).hasMessageContaining("does not verify");
    }
}
