package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.jobs.common.serde.DeadLetterJson;
import dev.streamcast.jobs.common.serde.KeyedJsonSerializer;
import dev.streamcast.jobs.common.serde.RawRecordDeserializer;
import dev.streamcast.jobs.common.serde.Timestamps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** --max-record-bytes, --max-key-bytes, --max-future, and the bounded dead letter. */
class RecordLimitsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** 2224-01-01T00:00:00Z. */
    private static final long YEAR_2224 = 7_952_342_400_000L;

    private static RawRecord raw(String json) {
        return new RawRecord(json.getBytes(StandardCharsets.UTF_8), "observations", 1, 42);
    }

    private static String record(String key, long ts, String value) {
        return "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":" + value + "}";
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Observation> parse(ForecastConfig c) throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new ParseObservation(c));
    }

    private static List<BadRecord> deadLetters(OneInputStreamOperatorTestHarness<RawRecord, Observation> h) {
        return h.getSideOutput(Tags.DEAD_LETTERS).stream()
                .map(r -> r.getValue())
                .toList();
    }

    /** A 600 KB record with a bad value: too large, never parsed, dead-lettered with its size and 1 KB of it. */
    @Test
    void aRecordAboveTheLimitIsTooLargeWithItsSizeCoordinatesAndAnExcerpt() throws Exception {
        String big = "{\"key\":\"AAPL\",\"ts\":1000,\"value\":\"" + "x".repeat(600_000) + "\"}";
        var h = parse(ForecastConfig.defaults());
        h.processElement(raw(big), 0);
        h.processElement(raw(record("AAPL", 2000, "1.5")), 0);
        assertThat(h.extractOutputValues()).extracting(o -> o.ts).containsExactly(2000L);
        BadRecord b = deadLetters(h).get(0);
        assertThat(b.reason).isEqualTo(Reason.TOO_LARGE);
        assertThat(b.size).isEqualTo(big.length());
        assertThat(b.raw).hasSize(RawRecord.EXCERPT_BYTES);
        assertThat(b.detail).contains(String.valueOf(big.length())).contains("262144");

        byte[] json = DeadLetterJson.write(b);
        assertThat(json.length).isLessThan(4_000);
        JsonNode n = MAPPER.readTree(json);
        assertThat(n.get("reason").asText()).isEqualTo("too_large");
        assertThat(n.get("size").asInt()).isEqualTo(big.length());
        assertThat(n.get("partition").asInt()).isEqualTo(1);
        assertThat(n.get("offset").asLong()).isEqualTo(42);
        assertThat(n.get("truncated").asBoolean()).isTrue();
        assertThat(n.get("raw_text").asText()).startsWith("{\"key\":\"AAPL\"").hasSize(RawRecord.EXCERPT_BYTES);
    }

    @Test
    void theKafkaDeserializerCutsATooLargeRecordBeforeItTravels() {
        byte[] v = new byte[900_000];
        List<RawRecord> out = new ArrayList<>();
        new RawRecordDeserializer(262_144)
                .deserialize(new ConsumerRecord<>("observations", 2, 7L, null, v), new Collector<>() {
                    public void collect(RawRecord r) {
                        out.add(r);
                    }

                    public void close() {}
                });
        assertThat(out.get(0).bytes).hasSize(RawRecord.EXCERPT_BYTES);
        assertThat(out.get(0).size()).isEqualTo(900_000);
        assertThat(out.get(0).offset).isEqualTo(7L);
    }

    @Test
    void aKeyAboveTheLimitIsKeyTooLongAndItsDeadLetterIsUnkeyed() throws Exception {
        var h = parse(ForecastConfig.defaults().withRecordLimits(262_144, 8, 3_600_000L));
        h.processElement(raw(record("12345678", 1000, "1")), 0);
        h.processElement(raw(record("123456789", 1000, "1")), 0);
        h.processElement(raw(record("ééééé", 1000, "1")), 0); // 10 bytes in UTF-8
        assertThat(h.extractOutputValues()).extracting(o -> o.key).containsExactly("12345678");
        assertThat(deadLetters(h)).extracting(b -> b.reason).containsOnly(Reason.KEY_TOO_LONG);
        assertThat(deadLetters(h)).extracting(b -> b.key).containsOnlyNulls();
        assertThat(deadLetters(h).get(0).detail).contains("9 bytes").contains("--max-key-bytes 8");
        assertThat(ObservationGate.utf8Length("ééééé", 8)).isGreaterThan(8);
        assertThat(ObservationGate.utf8Length("a\uD83D\uDE00", 100)).isEqualTo(3);
        assertThat(ObservationGate.utf8Length("a\uD83D\uDE00b", 5)).isEqualTo(6);
    }

    @Test
    void aRecordDatedFurtherAheadThanMaxFutureIsRefusedAndHistoryIsNot() throws Exception {
        long now = System.currentTimeMillis();
        var h = parse(ForecastConfig.defaults());
        h.processElement(raw(record("a", YEAR_2224, "1")), 0);
        h.processElement(raw(record("a", now + 2 * 3_600_000L, "1")), 0);
        h.processElement(raw(record("a", now + 60_000L, "1")), 0); // clock skew of a minute: fine
        h.processElement(raw(record("a", 0L, "1")), 0); // 1970: history is never in the future
        assertThat(h.extractOutputValues()).extracting(o -> o.ts).containsExactly(now + 60_000L, 0L);
        assertThat(deadLetters(h)).extracting(b -> b.reason).containsOnly(Reason.FUTURE_TIMESTAMP);
        assertThat(deadLetters(h)).extracting(b -> b.key).containsOnly("a");
        assertThat(deadLetters(h).get(0).detail)
                .contains("ahead of the wall clock")
                .contains("--max-future");
    }

    /** The watermark's timestamps come from the same checks: a refused record has none. */
    @Test
    void recordsTheParserRefusesNeverReachTheWatermark() {
        var assigner = new ForecastJob.RecordTimestamp(ForecastConfig.defaults());
        assertThat(assigner.extractTimestamp(raw(record("a", 5000, "1")), 0)).isEqualTo(5000L);
        for (String refused : List.of(
                record("a", YEAR_2224, "1"), // future
                record("a", 6000, "NaN"), // non-finite value, with a valid ts
                record("a", 6000, "\"x\""), // not a number
                "{\"ts\":6000,\"value\":1}", // no key
                record("k".repeat(300), 6000, "1"), // key too long
                "{\"key\":\"a\",\"ts\":6000,\"value\":1,\"pad\":\"" + "x".repeat(300_000) + "\"}")) { // too large
            assertThat(assigner.extractTimestamp(raw(refused), 0))
                    .as(refused.substring(0, Math.min(60, refused.length())))
                    .isEqualTo(Timestamps.INVALID);
        }
    }

    /** Whatever a record holds, its dead letter and forecast fit the producer's default 1 MB request. */
    @Test
    void noDeadLetterCanExceedTheSinksLimit() {
        BadRecord worst = new BadRecord();
        worst.raw = new byte[16 << 20];
        Arrays.fill(worst.raw, (byte) 1); // valid UTF-8, escaped as \u0001: 6 bytes per byte of text
        worst.reason = Reason.MALFORMED_JSON;
        worst.detail = "\u0001".repeat(1 << 20);
        worst.key = "\u0001".repeat(ForecastConfig.MAX_KEY_BYTES_LIMIT);
        worst.topic = "observations";
        ProducerRecord<byte[], byte[]> r =
                KeyedJsonSerializer.deadLetters("dlq").serialize(worst, null, null);
        assertThat(r.key().length + r.value().length).isLessThan(1_000_000);
        JsonNode n = readTree(r.value());
        assertThat(n.get("truncated").asBoolean()).isTrue();
        assertThat(n.get("size").asInt()).isEqualTo(16 << 20);
        assertThat(Base64.getDecoder().decode(n.get("raw_base64").asText())).hasSize(DeadLetterJson.MAX_RAW_BYTES);

        BadRecord small = BadRecord.of(raw(record("a", 1, "x")), Reason.NON_FINITE_VALUE, "bad", "a");
        assertThat(readTree(DeadLetterJson.write(small)).has("truncated")).isFalse();
    }

    private static JsonNode readTree(byte[] b) {
        try {
            return MAPPER.readTree(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
