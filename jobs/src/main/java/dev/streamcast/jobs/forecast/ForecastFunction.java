package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * PLACEHOLDER in branch kafka only, so that ForecastJob compiles before the real operator (branch fn) lands on main;
 * deleted in the commit before merging main. It treats a payload as an 8-byte model version and emits one forecast
 * per observation once a model is known.
 */
public class ForecastFunction extends KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> {
    public static final MapStateDescriptor<String, byte[]> MODELS = new MapStateDescriptor<>(
            "models", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    public ForecastFunction(ForecastConfig config) {}

    @Override
    public void processBroadcastElement(byte[] payload, Context ctx, Collector<Forecast> out) throws Exception {
        byte[] cur = ctx.getBroadcastState(MODELS).get("current");
        if (cur == null || ByteBuffer.wrap(payload).getLong() > ByteBuffer.wrap(cur).getLong()) {
            ctx.getBroadcastState(MODELS).put("current", payload);
        }
    }

    @Override
    public void processElement(Observation o, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        byte[] cur = ctx.getBroadcastState(MODELS).get("current");
        if (cur != null) {
            Forecast f = new Forecast();
            f.key = o.key;
            f.ts = o.ts;
            f.targetTs = o.ts + 1000;
            f.actual = o.values[0];
            f.modelVersion = ByteBuffer.wrap(cur).getLong();
            f.forecast = o.values[0] * f.modelVersion;
            out.collect(f);
        }
    }
}
