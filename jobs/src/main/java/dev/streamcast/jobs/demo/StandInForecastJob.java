package dev.streamcast.jobs.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.prep.ScalerState;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.StreamingModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * TEMPORARY stand-in for {@code forecast.ForecastJob} until that lands on main: observations (JSON) in, one-step
 * forecasts (the same JSON as the real job) out, models from the models topic via broadcast state. No re-priming, no
 * reordering, no dead letters: just enough for the demo's loop to run end to end.
 */
final class StandInForecastJob {
    private StandInForecastJob() {}

    static final MapStateDescriptor<String, byte[]> MODELS =
            new MapStateDescriptor<>("models", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    static void build(StreamExecutionEnvironment env, ForecastConfig c) {
        KafkaSource<byte[]> obs = KafkaSource.<byte[]>builder().setBootstrapServers(c.bootstrapServers())
                .setTopics(c.observationsTopic()).setGroupId(c.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest()).setValueOnlyDeserializer(new Bytes()).build();
        KafkaSource<byte[]> models = KafkaSource.<byte[]>builder().setBootstrapServers(c.bootstrapServers())
                .setTopics(c.modelsTopic()).setGroupId(c.groupId() + "-models")
                .setStartingOffsets(OffsetsInitializer.earliest()).setValueOnlyDeserializer(new Bytes()).build();
        BroadcastStream<byte[]> modelStream = env.fromSource(models, WatermarkStrategy.noWatermarks(), "models")
                .broadcast(MODELS);
        String topic = c.forecastsTopic();
        KafkaSink<Tuple2<String, byte[]>> sink = KafkaSink.<Tuple2<String, byte[]>>builder()
                .setBootstrapServers(c.bootstrapServers()).setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((KafkaRecordSerializationSchema<Tuple2<String, byte[]>>) (t, ctx, ts) ->
                        new ProducerRecord<>(topic, t.f0.getBytes(StandardCharsets.UTF_8), t.f1))
                .build();
        env.fromSource(obs, WatermarkStrategy.noWatermarks(), "observations")
                .keyBy(StandInForecastJob::key, Types.STRING)
                .connect(modelStream)
                .process(new Fn())
                .returns(Types.TUPLE(Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO))
                .sinkTo(sink);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String key(byte[] raw) throws IOException {
        return JSON.readTree(raw).path("key").asText();
    }

    static final class Bytes extends AbstractDeserializationSchema<byte[]> {
        @Override
        public byte[] deserialize(byte[] message) {
            return message;
        }
    }

    /** Per key: scaler state, recurrent state, last forecast. */
    public static class KeyState {
        public ScalerState scaler;
        public float[] h;
        public double last = Double.NaN;
        public long version;

        public KeyState() {}
    }

    static final class Fn extends KeyedBroadcastProcessFunction<String, byte[], byte[], Tuple2<String, byte[]>> {
        private transient ValueState<KeyState> state;
        private transient Model model;
        private transient byte[] cached;
        private transient StreamingModel net;
        private transient StreamingModel.Scratch scratch;
        private transient SeriesScaler scaler;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("s", KeyState.class));
        }

        @Override
        public void processElement(byte[] raw, ReadOnlyContext ctx, Collector<Tuple2<String, byte[]>> out)
                throws Exception {
            byte[] file = ctx.getBroadcastState(MODELS).get("current");
            if (file == null) {
                return;
            }
            if (model == null || (file != cached && !java.util.Arrays.equals(cached, file))) {
                cached = file;
                model = ModelCodec.decode(file);
                net = new StreamingModel(model.weights());
                scratch = net.newScratch();
                scaler = new SeriesScaler(model.config());
            }
            JsonNode n = JSON.readTree(raw);
            long ts = LongCsv.parseTimestamp(n.path("ts").asText());
            double[] v = {n.path("value").asDouble()};
            KeyState s = state.value();
            if (s == null) {
                s = new KeyState();
                s.scaler = new ScalerState(1);
            }
            if (s.version != model.version()) {
                s.h = new float[model.config().stateSize()];
                s.version = model.version();
            }
            scaler.use(s.scaler);
            float[] x = new float[1];
            double prevErr = v[0] - s.last;
            if (scaler.check(v) == null && scaler.push(v, x)) {
                double f = scaler.invert(net.step(x, s.h, scratch));
                out.collect(Tuple2.of(ctx.getCurrentKey(), json(ctx.getCurrentKey(), ts, v[0], f, s.version, prevErr)));
                s.last = f;
            }
            state.update(s);
        }

        @Override
        public void processBroadcastElement(byte[] file, Context ctx, Collector<Tuple2<String, byte[]>> out)
                throws Exception {
            byte[] cur = ctx.getBroadcastState(MODELS).get("current");
            if (cur == null || ModelCodec.decode(file).version() > ModelCodec.decode(cur).version()) {
                ctx.getBroadcastState(MODELS).put("current", file);
            }
        }

        private static byte[] json(String key, long ts, double actual, double f, long version, double prevErr)
                throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (JsonGenerator g = new JsonFactory().createGenerator(b)) {
                g.writeStartObject();
                g.writeStringField("key", key);
                g.writeStringField("ts", Instant.ofEpochMilli(ts).toString());
                g.writeNumberField("actual", actual);
                g.writeNumberField("forecast", f);
                g.writeNumberField("model_version", version);
                g.writeBooleanField("warm", true);
                if (Double.isFinite(prevErr)) {
                    g.writeNumberField("prev_error", prevErr);
                }
                g.writeEndObject();
            }
            return b.toByteArray();
        }
    }
}
