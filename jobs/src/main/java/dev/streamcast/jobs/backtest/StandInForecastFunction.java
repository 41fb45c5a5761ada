package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.prep.ScalerState;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.StreamingModel;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * TEMPORARY stand-in for the forecast job's operator until it lands on main: the same step and scaler, one model
 * given at construction, no swaps. The backtest switches to {@code forecast.ForecastFunction} when it exists.
 */
public class StandInForecastFunction extends KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> {
    private static final long serialVersionUID = 1L;

    /** Per-key state: the scaler's and the recurrent state. A Flink POJO. */
    public static class KeyState {
        public ScalerState scaler;
        public float[] rnn;

        public KeyState() {}
    }

    private final byte[] modelBytes;
    private transient ValueState<KeyState> state;
    private transient Model model;
    private transient StreamingModel net;
    private transient StreamingModel.Scratch scratch;
    private transient SeriesScaler scaler;
    private transient float[] x;

    public StandInForecastFunction(byte[] modelBytes) {
        this.modelBytes = modelBytes;
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("stand-in", TypeInformation.of(KeyState.class)));
        model = ModelCodec.decode(modelBytes);
        net = new StreamingModel(model.weights());
        scratch = net.newScratch();
        scaler = new SeriesScaler(model.config());
        x = new float[model.config().inputSize()];
    }

    @Override
    public void processElement(Observation o, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        KeyState s = state.value();
        if (s == null) {
            s = new KeyState();
            s.scaler = new ScalerState(model.config().inputSize());
            s.rnn = new float[model.config().stateSize()];
        }
        scaler.use(s.scaler);
        if (scaler.check(o.values) != null) {
            return;
        }
        float y = 0f;
        if (scaler.push(o.values, x)) {
            y = net.step(x, s.rnn, scratch);
        }
        state.update(s);
        Forecast f = new Forecast();
        f.key = o.key;
        f.ts = o.ts;
        f.actual = o.values[model.config().targetIndex()];
        f.forecast = scaler.invert(y);
        f.modelVersion = model.version();
        out.collect(f);
    }

    @Override
    public void processBroadcastElement(byte[] value, Context ctx, Collector<Forecast> out) {}
}
