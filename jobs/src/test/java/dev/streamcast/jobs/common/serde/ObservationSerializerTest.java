package dev.streamcast.jobs.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.jobs.common.Observation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The observations' serializer across the keyBy: every field round trips, and corrupt lengths fail before allocating. */
class ObservationSerializerTest {
    private static final ObservationSerializer S = ObservationSerializer.INSTANCE;

    private static Observation sample() {
        return new Observation(
                "séries-1",
                1_704_067_200_000L,
                new double[] {1.5, -0.0, Double.MIN_VALUE},
                "{\"key\":\"séries-1\"}".getBytes(StandardCharsets.UTF_8),
                "observations",
                3,
                123_456_789_012L);
    }

    private static byte[] write(Observation o) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        S.serialize(o, out);
        return out.getCopyOfBuffer();
    }

    private static void assertSame(Observation a, Observation b) {
        assertThat(b).usingRecursiveComparison().isEqualTo(a);
    }

    @Test
    void everyFieldSurvivesARoundTrip() throws IOException {
        Observation o = sample();
        byte[] bytes = write(o);
        assertSame(o, S.deserialize(new DataInputDeserializer(bytes)));
        assertSame(o, S.deserialize(new Observation(), new DataInputDeserializer(bytes)));
        assertSame(o, S.copy(o));
        DataOutputSerializer copied = new DataOutputSerializer(64);
        S.copy(new DataInputDeserializer(bytes), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes);
    }

    @Test
    void aCopyOwnsItsArrays() {
        Observation o = sample();
        Observation c = S.copy(o);
        assertThat(c.values).isNotSameAs(o.values);
        assertThat(c.raw).isNotSameAs(o.raw);
    }

    @Test
    void anObservationWithoutRawBytesKeepsNone() throws IOException {
        Observation o = sample();
        o.raw = null;
        assertSame(o, S.deserialize(new DataInputDeserializer(write(o))));
    }

    @Test
    void itIsSmallerThanThePojoSerializersForm() throws IOException {
        TypeSerializer<Observation> pojo =
                TypeInformation.of(Observation.class).createSerializer(new SerializerConfigImpl());
        assertThat(pojo).isInstanceOf(PojoSerializer.class);
        DataOutputSerializer out = new DataOutputSerializer(64);
        pojo.serialize(sample(), out);
        assertThat(write(sample()).length).isLessThan(out.length());
    }

    @Test
    void aNegativeOrHugeLengthFailsWithTheFieldsName() throws IOException {
        byte[] ok = write(sample());
        int valuesLength = 1 + "séries-1".length() + 1 + 8; // Flink string: length varint, chars (é in 2 bytes)
        byte[] bad = ok.clone();
        bad[valuesLength] = (byte) 0x7f; // F = 2^30 and more
        assertThatThrownBy(() -> S.deserialize(new DataInputDeserializer(bad)))
                .isInstanceOf(IOException.class)
                .hasMessage("observation values: length 2130706435 is not in [0, 65536]");
        int rawLength = valuesLength + 4 + 3 * 8;
        byte[] neg = ok.clone();
        neg[rawLength] = (byte) 0xff;
        neg[rawLength + 1] = (byte) 0xff;
        neg[rawLength + 2] = (byte) 0xff;
        neg[rawLength + 3] = (byte) 0xfe; // -2
        assertThatThrownBy(() -> S.deserialize(new DataInputDeserializer(neg)))
                .isInstanceOf(IOException.class)
                .hasMessage("observation raw: length -2 is not in [0, 16777216]");
    }

    @Test
    void anObservationWithoutKeyIsRefused() {
        Observation o = sample();
        o.key = null;
        assertThatThrownBy(() -> write(o)).isInstanceOf(IOException.class);
    }
}
