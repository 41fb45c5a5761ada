package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.common.Tags;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParseObservationTest {

    private static final long T = Instant.parse("2024-01-02T15:30:00Z").toEpochMilli();

    private static ForecastConfig univariate() {
        return ForecastConfig.defaults();
    }

    private static ForecastConfig weather() {
        return ForecastConfig.fromArgs(new String[] {"--features", "temp,humidity", "--target", "temp"});
    }

    private static RawRecord raw(String json) {
        return new RawRecord(json == null ? null : json.getBytes(StandardCharsets.UTF_8), "observations", 1, 42);
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Observation> harness(ForecastConfig c)
            throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new ParseObservation(c));
    }

    private static List<BadRecord> deadLetters(OneInputStreamOperatorTestHarness<RawRecord, Observation> h) {
        return h.getSideOutput(Tags.DEAD_LETTERS).stream()
                .map(r -> r.getValue())
                .toList();
    }

    @Test
    void readsIsoTimestampsWithZOrAnOffset() throws Exception {
        var h = harness(univariate());
        h.processElement(raw("{\"key\":\"AAPL\",\"ts\":\"2024-01-02T15:30:00Z\",\"value\":185.6}"), 0);
        h.processElement(raw("{\"ts\":\"2024-01-02T10:30:00.250-05:00\",\"value\":186,\"key\":\"AAPL\"}"), 0);
        List<Observation> out = h.extractOutputValues();
        assertThat(out).extracting(o -> o.key).containsExactly("AAPL", "AAPL");
        assertThat(out).extracting(o -> o.ts).containsExactly(T, T + 250);
        assertThat(out.get(0).values).containsExactly(185.6);
        assertThat(out.get(1).values).containsExactly(186.0);
        assertThat(out.get(0).topic).isEqualTo("observations");
        assertThat(out.get(0).partition).isEqualTo(1);
        assertThat(out.get(0).offset).isEqualTo(42);
        assertThat(out.get(0).raw).asString(StandardCharsets.UTF_8).contains("185.6");
        assertThat(h.getSideOutput(Tags.DEAD_LETTERS)).isNull();
    }

    @Test
    void readsEpochMillisecondTimestamps() throws Exception {
        var h = harness(univariate());
        h.processElement(raw("{\"key\":\"AAPL\",\"ts\":" + T + ",\"value\":1.5e2,\"source\":{\"x\":[1,2]}}"), 0);
        h.processElement(raw("{\"key\":\"AAPL\",\"ts\":\"" + (T + 1) + "\",\"value\":-3}"), 0);
        assertThat(h.extractOutputValues()).extracting(o -> o.ts).containsExactly(T, T + 1);
        assertThat(h.extractOutputValues().get(0).values).containsExactly(150.0);
    }

    @Test
    void timestampsBefore1970AreObservationsLikeInTheCsvReaders() throws Exception {
        // issue 11.5: monthly data from before 1970 was dead-lettered as bad_timestamp live, read by train/backtest
        var h = harness(univariate());
        h.processElement(raw("{\"key\":\"M\",\"ts\":\"1800-01-01T00:00:00Z\",\"value\":1}"), 0);
        h.processElement(raw("{\"key\":\"M\",\"ts\":\"1959-02-01T00:00:00+00:00\",\"value\":2}"), 0);
        h.processElement(raw("{\"key\":\"M\",\"ts\":-5,\"value\":3}"), 0);
        assertThat(h.getSideOutput(Tags.DEAD_LETTERS)).isNull();
        assertThat(h.extractOutputValues())
                .extracting(o -> o.ts)
                .containsExactly(
                        -5_364_662_400_000L,
                        Instant.parse("1959-02-01T00:00:00Z").toEpochMilli(),
                        -5L);
    }

    @Test
    void mapsSeveralFeaturesToTheConfiguredOrder() throws Exception {
        var h = harness(weather());
        h.processElement(raw("{\"key\":\"JFK\",\"ts\":" + T + ",\"values\":{\"humidity\":0.7,\"temp\":3.1}}"), 0);
        h.processElement(raw("{\"key\":\"JFK\",\"ts\":" + (T + 1) + ",\"values\":{\"temp\":4,\"humidity\":0.5}}"), 0);
        List<Observation> out = h.extractOutputValues();
        assertThat(out.get(0).values).containsExactly(3.1, 0.7);
        assertThat(out.get(1).values).containsExactly(4.0, 0.5);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "MALFORMED_JSON     | `{\"key\":\"A\",\"ts\":1,\"value\":` |  | malformed JSON",
                "MALFORMED_JSON     | `[1,2,3]`                               |  | not a JSON object",
                "MALFORMED_JSON     | ``                                      |  | empty record",
                "MALFORMED_JSON     | `{\"key\":\"A\",\"ts\":1,\"value\":1} {}` |  | trailing content",
                "MISSING_FIELD      | `{\"ts\":1,\"value\":1}`                |  | 'key' is missing",
                "MISSING_FIELD      | `{\"key\":\"\",\"ts\":1,\"value\":1}`   |  | 'key' is empty",
                "MISSING_FIELD      | `{\"key\":\"A\",\"value\":1}`           | A | 'ts' is missing",
                "MISSING_FIELD      | `{\"key\":\"A\",\"ts\":1}`              | A | 'value' (or 'values') is missing",
                "MISSING_FIELD      | `{\"key\":\"A\",\"ts\":1,\"value\":null}` | A | 'value' (or 'values') is missing",
                "NON_FINITE_VALUE   | `{\"key\":\"A\",\"ts\":1,\"value\":NaN}` | A | 'value' is NaN",
                "NON_FINITE_VALUE   | `{\"key\":\"A\",\"ts\":1,\"value\":-Infinity}` | A | 'value' is -Infinity",
                "NON_FINITE_VALUE   | `{\"key\":\"A\",\"ts\":1,\"value\":1e999}` | A | 'value' is Infinity",
                "NON_FINITE_VALUE   | `{\"key\":\"A\",\"ts\":1,\"value\":\"high\"}` | A | not a number: 'high'",
                "BAD_TIMESTAMP      | `{\"key\":\"A\",\"ts\":\"yesterday\",\"value\":1}` | A | 'yesterday'",
                "BAD_TIMESTAMP      | `{\"key\":\"A\",\"ts\":\"2024-01-02T15:30:00\",\"value\":1}` | A | '2024-01-02T15:30:00'",
                "BAD_TIMESTAMP      | `{\"key\":\"A\",\"ts\":-62167219200001,\"value\":1}` | A | '-62167219200001'",
                "BAD_TIMESTAMP      | `{\"key\":\"A\",\"ts\":\"10000-01-01T00:00:00Z\",\"value\":1}` | A | '10000-01-01",
                "BAD_TIMESTAMP      | `{\"key\":\"A\",\"ts\":1.5,\"value\":1}` | A | '1.5'",
                "WRONG_FEATURE_COUNT | `{\"key\":\"A\",\"ts\":1,\"value\":1,\"values\":{\"value\":1}}` | A | both",
            })
    void everyUnusableRecordBecomesOneDeadLetterWithItsReason(Reason reason, String json, String key, String detail)
            throws Exception {
        var h = harness(univariate());
        RawRecord r = raw(json == null ? "" : json);
        h.processElement(r, 0);
        assertThat(h.extractOutputValues()).isEmpty();
        List<BadRecord> dl = deadLetters(h);
        assertThat(dl).hasSize(1);
        BadRecord b = dl.get(0);
        assertThat(b.reason).isEqualTo(reason);
        assertThat(b.detail).contains(detail);
        assertThat(b.key).isEqualTo(key);
        assertThat(b.raw).isEqualTo(r.bytes);
        assertThat(b.topic).isEqualTo("observations");
        assertThat(b.partition).isEqualTo(1);
        assertThat(b.offset).isEqualTo(42);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "WRONG_FEATURE_COUNT | `{\"key\":\"J\",\"ts\":1,\"value\":3.1}` | a single 'value'",
                "WRONG_FEATURE_COUNT | `{\"key\":\"J\",\"ts\":1,\"values\":{\"temp\":1}}` | 1 of the 2 features",
                "WRONG_FEATURE_COUNT | `{\"key\":\"J\",\"ts\":1,\"values\":{\"temp\":1,\"humidity\":2,\"wind\":3}}` | 'wind'",
                "WRONG_FEATURE_COUNT | `{\"key\":\"J\",\"ts\":1,\"values\":{\"temp\":1,\"temp\":2}}` | twice",
                "MISSING_FIELD       | `{\"key\":\"J\",\"ts\":1,\"values\":{\"humidity\":2}}` | lacks the target 'temp'",
                "NON_FINITE_VALUE    | `{\"key\":\"J\",\"ts\":1,\"values\":{\"temp\":1,\"humidity\":NaN}}` | 'values.humidity' is NaN",
            })
    void multiFeatureRecordsMustNameExactlyTheConfiguredFeatures(Reason reason, String json, String detail)
            throws Exception {
        var h = harness(weather());
        h.processElement(raw(json), 0);
        assertThat(h.extractOutputValues()).isEmpty();
        BadRecord b = deadLetters(h).get(0);
        assertThat(b.reason).isEqualTo(reason);
        assertThat(b.detail).contains(detail);
        assertThat(b.key).isEqualTo("J");
    }

    @Test
    void aNullPayloadIsADeadLetterNotACrash() throws Exception {
        var h = harness(univariate());
        h.processElement(raw(null), 0);
        assertThat(deadLetters(h)).extracting(b -> b.reason).containsExactly(Reason.MALFORMED_JSON);
    }

    @Test
    void goodRecordsAfterBadOnesAreUnaffected() throws Exception {
        var h = harness(weather());
        h.processElement(raw("{\"key\":\"J\",\"ts\":1,\"values\":{\"temp\":1,\"humidity\":NaN}}"), 0);
        h.processElement(raw("{\"key\":\"J\",\"ts\":2,\"values\":{\"temp\":1,\"humidity\":2}}"), 0);
        h.processElement(raw("{\"key\":\"K\",\"ts\":3,\"values\":{\"temp\":5"), 0);
        h.processElement(raw("{\"key\":\"K\",\"ts\":4,\"values\":{\"temp\":6,\"humidity\":7}}"), 0);
        assertThat(h.extractOutputValues()).extracting(o -> o.ts).containsExactly(2L, 4L);
        assertThat(h.extractOutputValues().get(1).values).containsExactly(6.0, 7.0);
        assertThat(deadLetters(h))
                .extracting(b -> b.reason)
                .containsExactly(Reason.NON_FINITE_VALUE, Reason.MALFORMED_JSON);
    }
}
