package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.jobs.common.serde.ObservationSerializer;
import dev.streamcast.jobs.common.serde.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * Each observation record is parsed once: the source's timestamp assigner admits it and hands the observation to the
 * parse operator chained behind it (object reuse passes the record itself), which takes it as it is. A copy, or a
 * record the assigner refused, is parsed again, so the dead letters keep their reasons.
 */
class ParseOnceTest {
    private static final ForecastConfig CONFIG = ForecastConfig.defaults();

    private static RawRecord raw(String json) {
        return new RawRecord(json.getBytes(StandardCharsets.UTF_8), "observations", 0, 7);
    }

    private static OneInputStreamOperatorTestHarness<RawRecord, Observation> parse() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new ParseObservation(CONFIG));
    }

    @Test
    void theParseOperatorTakesTheObservationTheSourceAdmitted() throws Exception {
        RawRecord r = raw("{\"key\":\"a\",\"ts\":5000,\"value\":1.5}");
        byte[] bytes = r.bytes;
        assertThat(new ForecastJob.RecordTimestamp(CONFIG).extractTimestamp(r, 0))
                .isEqualTo(5000L);
        assertThat(r.admitted).isNotNull();
        r.bytes = "not json".getBytes(StandardCharsets.UTF_8); // were it parsed again, a dead letter
        try (var h = parse()) {
            h.processElement(r, 0);
            List<Observation> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).key).isEqualTo("a");
            assertThat(out.get(0).values).containsExactly(1.5);
            assertThat(out.get(0).raw).isEqualTo(bytes); // the bytes it was read from, not the new ones
            assertThat(h.getSideOutput(Tags.DEAD_LETTERS)).isNull();
        }
        assertThat(r.admitted).as("handed over once, not kept").isNull();
    }

    @Test
    void aCopyOfTheRecordIsParsedAgain() throws Exception {
        RawRecord r = raw("{\"key\":\"a\",\"ts\":5000,\"value\":1.5}");
        new ForecastJob.RecordTimestamp(CONFIG).extractTimestamp(r, 0);
        RawRecord copy = TypeInformation.of(RawRecord.class)
                .createSerializer(new SerializerConfigImpl())
                .copy(r);
        assertThat(copy.admitted).isNull();
        copy.bytes = "{\"key\":\"b\",\"ts\":6000,\"value\":2}".getBytes(StandardCharsets.UTF_8);
        try (var h = parse()) {
            h.processElement(copy, 0);
            assertThat(h.extractOutputValues()).extracting(o -> o.key).containsExactly("b");
        }
    }

    @Test
    void aRecordTheSourceRefusedIsParsedAgainForItsReason() throws Exception {
        RawRecord r = raw("{\"key\":\"a\",\"ts\":5000,\"value\":NaN}");
        assertThat(new ForecastJob.RecordTimestamp(CONFIG).extractTimestamp(r, 0))
                .isEqualTo(Timestamps.INVALID);
        assertThat(r.admitted).isNull();
        try (var h = parse()) {
            h.processElement(r, 0);
            assertThat(h.extractOutputValues()).isEmpty();
            List<BadRecord> dead = h.getSideOutput(Tags.DEAD_LETTERS).stream()
                    .map(x -> x.getValue())
                    .toList();
            assertThat(dead).extracting(b -> b.reason).containsExactly(Reason.NON_FINITE_VALUE);
            assertThat(dead.get(0).key).isEqualTo("a");
        }
    }

    @Test
    void theJobReusesObjectsAndChainsTheParserToTheSourceAndTheSinkToTheForecastOperator() {
        assertThat(ForecastJob.flinkConfiguration(CONFIG).get(PipelineOptions.OBJECT_REUSE))
                .isTrue();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ForecastJob.forKafka(CONFIG).build(env);
        assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
        List<String> vertices = StreamSupport.stream(
                        env.getStreamGraph().getJobGraph().getVertices().spliterator(), false)
                .map(JobVertex::getName)
                .toList();
        // the observations cross the network once, at the keyBy; a forecast never does
        assertThat(vertices)
                .anySatisfy(v -> assertThat(v).contains("observations").contains("parse observations"));
        assertThat(vertices).anySatisfy(v -> assertThat(v).startsWith("forecast -> forecasts"));
    }

    @Test
    void theObservationsCrossTheKeyByWithTheirOwnSerializerNotThePojoOne() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ForecastJob.forKafka(CONFIG).build(env);
        StreamNode forecast = env.getStreamGraph().getStreamNodes().stream()
                .filter(n -> n.getOperatorName().equals("forecast"))
                .findFirst()
                .orElseThrow();
        assertThat(forecast.getTypeSerializersIn()[0]).isInstanceOf(ObservationSerializer.class);
    }
}
