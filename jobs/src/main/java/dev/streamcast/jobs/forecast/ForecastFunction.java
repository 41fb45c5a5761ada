package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.common.Tags;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * PLACEHOLDER in branch kafka only, so that ForecastJob compiles before the real operator (branch fn) lands on main;
 * deleted in the commit before merging main. Forecast = actual + the model's head bias, once a model is known.
 */
public class ForecastFunction extends KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> {
    public static final MapStateDescriptor<String, byte[]> MODELS = new MapStateDescriptor<>(
            "models", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private transient Model model;
    private transient ValueState<Long> lastTs;

    public ForecastFunction(ForecastConfig config) {}

    @Override
    public void open(OpenContext ctx) {
        lastTs = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Types.LONG));
        getRuntimeContext().getMetricGroup().gauge("modelVersion",
                (Gauge<Long>) () -> model == null ? 0L : model.version());
    }

    @Override
    public void processBroadcastElement(byte[] payload, Context ctx, Collector<Forecast> out) throws Exception {
        Model m = ModelCodec.decode(payload);
        if (model == null || m.version() > model.version()) {
            model = m;
            ctx.getBroadcastState(MODELS).put("current", payload);
        }
    }

    @Override
    public void processElement(Observation o, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        Long last = lastTs.value();
        if (last != null && o.ts <= last) {
            ctx.output(Tags.DEAD_LETTERS, BadRecord.of(o, o.ts == last ? Reason.DUPLICATE : Reason.TOO_LATE, "ts"));
            return;
        }
        lastTs.update(o.ts);
        if (model != null) {
            Forecast f = new Forecast();
            f.key = o.key;
            f.ts = o.ts;
            f.targetTs = o.ts + 1000;
            f.actual = o.values[0];
            f.modelVersion = model.version();
            f.forecast = o.values[0] + model.weights().by();
            out.collect(f);
        }
    }
}
