package dev.streamcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    @Test
    void roundTripKeepsEveryBitIncludingSpecialValues() {
        float[] state = {0f, -0f, 1.5f, -3.25e-8f, Float.MAX_VALUE, Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY
        };
        byte[] bytes = StateCodec.encode(state);
        assertThat(bytes).hasSize(4 + 4 * state.length);
        float[] back = StateCodec.decode(bytes, state.length);
        for (int k = 0; k < state.length; k++) {
            assertThat(Float.floatToRawIntBits(back[k]))
                    .as("state[%d]", k)
                    .isEqualTo(Float.floatToRawIntBits(state[k]));
        }
    }

    @Test
    void layoutIsALittleEndianCountThenLittleEndianFloats() {
        byte[] bytes = StateCodec.encode(new float[] {1f});
        // count 1, then 1.0f = 0x3F800000
        assertThat(bytes).containsExactly(1, 0, 0, 0, 0, 0, (byte) 0x80, 0x3F);
    }

    @Test
    void emptyStateEncodesToItsPrefixAlone() {
        assertThat(StateCodec.decode(StateCodec.encode(new float[0]))).isEmpty();
    }

    @Test
    void encodeAndDecodeIntoExistingArraysAtAnOffset() {
        float[] state = {1f, 2f, 3f};
        byte[] buf = new byte[2 + StateCodec.encodedSize(3)];
        assertThat(StateCodec.encode(state, buf, 2)).isEqualTo(buf.length);
        float[] back = new float[3];
        StateCodec.decodeInto(Arrays.copyOfRange(buf, 2, buf.length), back);
        assertThat(back).containsExactly(1f, 2f, 3f);
    }

    @Test
    void truncatedBytesAreRefusedWithBothSizes() {
        byte[] bytes = StateCodec.encode(new float[] {1f, 2f, 3f});
        assertThatThrownBy(() -> StateCodec.decode(Arrays.copyOf(bytes, 13)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state bytes: prefix says 3 floats (16 bytes), found 13 bytes");
    }

    @Test
    void missingPrefixIsRefused() {
        assertThatThrownBy(() -> StateCodec.decode(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state bytes: too short for the 4-byte length prefix, found 3 bytes");
    }

    @Test
    void negativeCountIsRefused() {
        assertThatThrownBy(() -> StateCodec.decode(new byte[] {-1, -1, -1, -1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state bytes: negative float count -1");
    }

    @Test
    void stateOfAnotherModelShapeIsRefused() {
        byte[] bytes = StateCodec.encode(new float[64]);
        assertThatThrownBy(() -> StateCodec.decode(bytes, 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state bytes: expected 128 floats (stateSize), found 64");
        assertThatThrownBy(() -> StateCodec.decodeInto(bytes, new float[32]))
                .hasMessage("state bytes: expected 32 floats (stateSize), found 64");
    }

    @Test
    void tooSmallOutputArrayIsRefused() {
        assertThatThrownBy(() -> StateCodec.encode(new float[4], new byte[19], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("out: need 20 bytes at offset 0, array has 19");
    }

    @Test
    void nullBytesAreRefused() {
        assertThatThrownBy(() -> StateCodec.decode(null)).hasMessage("state bytes: null");
    }
}
