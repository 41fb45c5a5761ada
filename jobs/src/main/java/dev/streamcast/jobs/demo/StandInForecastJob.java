package dev.streamcast.jobs.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.jobs.forecast.ForecastFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * TEMPORARY stand-in for the wiring of {@code forecast.ForecastJob} until it lands on main: the real
 * {@link ForecastFunction} between Kafka sources and sinks, with a minimal JSON parse in front (unparseable records
 * are dropped here, not dead-lettered) and the forecast JSON of the forecast-job issue behind.
 */
final class StandInForecastJob {
    private StandInForecastJob() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();

    static void build(StreamExecutionEnvironment env, ForecastConfig c) {
        KafkaSource<byte[]> obs = source(c, c.observationsTopic(), c.groupId());
        KafkaSource<byte[]> models = source(c, c.modelsTopic(), c.groupId() + "-models");
        var modelStream = env.fromSource(models, WatermarkStrategy.noWatermarks(), "models")
                .broadcast(ForecastFunction.MODELS);
        SingleOutputStreamOperator<Forecast> forecasts = env
                .fromSource(obs, WatermarkStrategy.noWatermarks(), "observations")
                .flatMap((byte[] raw, org.apache.flink.util.Collector<Observation> out) -> {
                    Observation o = parse(raw, c);
                    if (o != null) {
                        out.collect(o);
                    }
                }).returns(TypeInformation.of(Observation.class))
                .keyBy(Observation::getKey)
                .connect(modelStream)
                .process(new ForecastFunction(c, null));
        String ft = c.forecastsTopic();
        String dt = c.deadLetterTopic();
        forecasts.sinkTo(sink(c, (KafkaRecordSerializationSchema<Forecast>) (f, ctx, ts) ->
                new ProducerRecord<>(ft, f.key.getBytes(StandardCharsets.UTF_8), json(f))));
        forecasts.getSideOutput(Tags.DEAD_LETTERS).sinkTo(sink(c, (KafkaRecordSerializationSchema<BadRecord>)
                (b, ctx, ts) -> new ProducerRecord<>(dt, null, ("{\"reason\":\"" + b.reason.id() + "\"}")
                        .getBytes(StandardCharsets.UTF_8))));
    }

    private static KafkaSource<byte[]> source(ForecastConfig c, String topic, String group) {
        return KafkaSource.<byte[]>builder().setBootstrapServers(c.bootstrapServers()).setTopics(topic)
                .setGroupId(group).setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new Bytes()).build();
    }

    private static <T> KafkaSink<T> sink(ForecastConfig c, KafkaRecordSerializationSchema<T> s) {
        return KafkaSink.<T>builder().setBootstrapServers(c.bootstrapServers())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).setRecordSerializer(s).build();
    }

    static final class Bytes extends AbstractDeserializationSchema<byte[]> {
        @Override
        public byte[] deserialize(byte[] message) {
            return message;
        }
    }

    private static Observation parse(byte[] raw, ForecastConfig c) {
        try {
            JsonNode n = JSON.readTree(raw);
            double[] v = new double[c.features().size()];
            if (v.length == 1) {
                v[0] = n.path("value").asDouble();
            } else {
                for (int i = 0; i < v.length; i++) {
                    v[i] = n.path("values").path(c.features().get(i)).asDouble();
                }
            }
            return new Observation(n.path("key").asText(), LongCsv.parseTimestamp(n.path("ts").asText()), v, raw,
                    c.observationsTopic(), 0, -1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static byte[] json(Forecast f) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(b)) {
            g.writeStartObject();
            g.writeStringField("key", f.key);
            g.writeStringField("ts", Instant.ofEpochMilli(f.ts).toString());
            g.writeStringField("target_ts", Instant.ofEpochMilli(f.targetTs).toString());
            g.writeNumberField("actual", f.actual);
            g.writeNumberField("forecast", f.forecast);
            g.writeNumberField("model_version", f.modelVersion);
            g.writeBooleanField("warm", f.warm);
            if (Double.isFinite(f.prevError)) {
                g.writeNumberField("prev_error", f.prevError);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }
}
