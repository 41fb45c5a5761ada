package dev.streamcast.jobs.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class SerdeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T = Instant.parse("2024-01-02T15:30:00Z").toEpochMilli();

    private static <T> List<T> collect(Consumer<Collector<T>> f) {
        List<T> out = new ArrayList<>();
        f.accept(new Collector<>() {
            public void collect(T t) {
                out.add(t);
            }

            public void close() {}
        });
        return out;
    }

    @Test
    void rawRecordsKeepBytesAndCoordinates() {
        byte[] v = "{\"key\":\"A\"}".getBytes(StandardCharsets.UTF_8);
        RawRecordDeserializer d = new RawRecordDeserializer();
        List<RawRecord> out = collect(c -> d.deserialize(new ConsumerRecord<>("obs", 3, 17L, null, v), c));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.bytes).isEqualTo(v);
            assertThat(r.topic).isEqualTo("obs");
            assertThat(r.partition).isEqualTo(3);
            assertThat(r.offset).isEqualTo(17L);
        });
        List<RawRecord> tomb = collect(c -> d.deserialize(new ConsumerRecord<>("obs", 0, 1L, null, null), c));
        assertThat(tomb.get(0).bytes).isEmpty();
        assertThat(d.getProducedType()).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void modelRecordsArePassedAsBytesAndTombstonesSkipped() {
        ModelRecordDeserializer d = new ModelRecordDeserializer();
        byte[] m = {1, 2, 3};
        List<byte[]> one = collect(c -> d.deserialize(new ConsumerRecord<>("models", 0, 0L, null, m), c));
        assertThat(one).containsExactly(m);
        List<byte[]> none = collect(c -> d.deserialize(new ConsumerRecord<>("models", 0, 1L, null, null), c));
        assertThat(none).isEmpty();
        assertThat(d.getProducedType()).isEqualTo(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }

    private static Forecast forecast(double prevError) {
        Forecast f = new Forecast();
        f.key = "AAPL";
        f.ts = T;
        f.targetTs = T + 60_000;
        f.actual = 185.6;
        f.forecast = 185.71;
        f.modelVersion = 3;
        f.warm = true;
        f.prevError = prevError;
        f.seq = 17;
        return f;
    }

    @Test
    void forecastsAreJsonKeyedBySeries() throws Exception {
        ProducerRecord<byte[], byte[]> r =
                KeyedJsonSerializer.forecasts("forecasts").serialize(forecast(-0.12), null, null);
        assertThat(r.topic()).isEqualTo("forecasts");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("AAPL");
        assertThat(new String(r.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"key\":\"AAPL\","
                        + "\"ts\":\"2024-01-02T15:30:00Z\",\"target_ts\":\"2024-01-02T15:31:00Z\",\"actual\":185.6,"
                        + "\"forecast\":185.71,\"model_version\":3,\"warm\":true,\"prev_error\":-0.12,\"seq\":17}");
    }

    @Test
    void aMissingPreviousErrorIsNull() throws Exception {
        JsonNode n = MAPPER.readTree(ForecastJson.write(forecast(Double.NaN)));
        assertThat(n.get("prev_error").isNull()).isTrue();
        assertThat(n.get("forecast").asDouble()).isEqualTo(185.71);
    }

    /** A forecast with every optional part: bands, a 3-step path (one step still warming up), an awkward key. */
    private static Forecast everything(String key, long seq) {
        Forecast f = forecast(-0.12);
        f.key = key;
        f.seq = seq;
        f.levels = new double[] {0.8, 0.95};
        f.lower = new double[] {184.9, 184.2};
        f.upper = new double[] {186.4, Double.POSITIVE_INFINITY};
        f.path = new double[] {185.71, 185.8, Double.NaN};
        f.pathTs = new long[] {T + 60_000, T + 120_000, T + 180_250};
        f.pathLower = new double[] {184.9, 184.2, 183.1, 182.0, Double.NaN, Double.NaN};
        f.pathUpper = new double[] {186.4, 187.3, 188.0, 189.1, Double.NaN, Double.NaN};
        return f;
    }

    @Test
    void aSinksReusedWriterWritesEachForecastAsAFreshWriterWould() throws Exception {
        KeyedJsonSerializer<Forecast> sink = KeyedJsonSerializer.forecasts("forecasts");
        List<Forecast> forecasts = List.of(
                forecast(-0.12),
                everything("a \"quoted\" key\n", 1),
                forecast(Double.NaN),
                everything("Zürich-€-\u0001", 2),
                everything("k".repeat(5000), 3), // larger than the generator's buffer
                forecast(0.5));
        for (Forecast f : forecasts) {
            byte[] reused = sink.serialize(f, null, null).value();
            assertThat(new String(reused, StandardCharsets.UTF_8))
                    .isEqualTo(new String(ForecastJson.write(f), StandardCharsets.UTF_8));
            JsonNode n = MAPPER.readTree(reused);
            assertThat(n.get("key").asText()).isEqualTo(f.key);
        }
        JsonNode n =
                MAPPER.readTree(sink.serialize(everything("x", 9), null, null).value());
        assertThat(n.get("intervals").get(1).get("upper").isNull()).isTrue();
        assertThat(n.get("path").get(2).get("intervals").isNull()).isTrue();
        assertThat(n.get("path").get(2).get("target_ts").asText()).isEqualTo("2024-01-02T15:33:00.250Z");
    }

    private static BadRecord bad(byte[] raw, String key) {
        return BadRecord.of(
                new RawRecord(raw, "observations", 1, 42), Reason.BAD_TIMESTAMP, "field 'ts' is bad: 'yesterday'", key);
    }

    @Test
    void deadLettersCarryReasonCoordinatesAndOriginalBytes() throws Exception {
        byte[] raw = "{\"key\":\"AAPL\",\"ts\":\"yesterday\",\"value\":1}".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r =
                KeyedJsonSerializer.deadLetters("dlq").serialize(bad(raw, "AAPL"), null, null);
        assertThat(r.topic()).isEqualTo("dlq");
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("AAPL");
        JsonNode n = MAPPER.readTree(r.value());
        assertThat(n.get("reason").asText()).isEqualTo("bad_timestamp");
        assertThat(n.get("detail").asText()).isEqualTo("field 'ts' is bad: 'yesterday'");
        assertThat(n.get("key").asText()).isEqualTo("AAPL");
        assertThat(n.get("topic").asText()).isEqualTo("observations");
        assertThat(n.get("partition").asInt()).isEqualTo(1);
        assertThat(n.get("offset").asLong()).isEqualTo(42);
        assertThat(Base64.getDecoder().decode(n.get("raw_base64").asText())).isEqualTo(raw);
        assertThat(n.get("raw_text").asText()).isEqualTo(new String(raw, StandardCharsets.UTF_8));
    }

    @Test
    void deadLettersOfBinaryGarbageHaveNoTextAndMayHaveNoKey() throws Exception {
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 0, 1};
        ProducerRecord<byte[], byte[]> r =
                KeyedJsonSerializer.deadLetters("dlq").serialize(bad(raw, null), null, null);
        assertThat(r.key()).isNull();
        JsonNode n = MAPPER.readTree(r.value());
        assertThat(n.get("key").isNull()).isTrue();
        assertThat(n.has("raw_text")).isFalse();
        assertThat(Base64.getDecoder().decode(n.get("raw_base64").asText())).isEqualTo(raw);
    }
}
