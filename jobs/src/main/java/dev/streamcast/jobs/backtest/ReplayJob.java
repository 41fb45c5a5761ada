package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.Tags;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.CloseableIterator;

/**
 * The replay as a bounded Flink job in this process: the rows as {@link Observation}s in timestamp order (ties by
 * key), keyed by series, through the forecast job's operator, which holds the model from its construction (its
 * initial model), so no broadcast can race the data; the broadcast side is present, as in production, but empty.
 * Forecasts and dead letters come back to the caller as {@link ReplayOutput}s.
 */
final class ReplayJob {
    private ReplayJob() {}

    /** The rows of every key as observations in timestamp order; the source coordinates carry the CSV line. */
    static List<Observation> observations(BacktestData data, String topic) {
        List<Observation> obs = new ArrayList<>((int) data.rows());
        for (BacktestData.Series s : data.series()) {
            for (int i = 0; i < s.size(); i++) {
                obs.add(new Observation(s.key(), s.ts()[i], s.raw()[i], new byte[0], topic, 0, s.lines()[i]));
            }
        }
        obs.sort(Comparator.comparingLong((Observation o) -> o.ts).thenComparing(o -> o.key));
        return obs;
    }

    /**
     * Runs the observations through {@code operator} and returns every output (in arrival order).
     *
     * @param parallelism parallelism of the keyed operator (the source runs at 1 to keep timestamp order)
     */
    static List<ReplayOutput> run(List<Observation> observations,
            KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> operator, int parallelism,
            PrintStream log) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);

        DataStream<Observation> obs = env.fromData(observations, TypeInformation.of(Observation.class))
                .setParallelism(1).name("observations");
        BroadcastStream<byte[]> models = env.fromData(List.<byte[]>of(new byte[0]),
                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                .filter(b -> b.length > 0).setParallelism(1).name("models (none)")
                .broadcast(modelsDescriptor(operator));
        SingleOutputStreamOperator<Forecast> forecasts = obs.keyBy(o -> o.key, Types.STRING)
                .connect(models).process(operator, TypeInformation.of(Forecast.class))
                .name("forecast").uid("forecast");
        DataStream<ReplayOutput> out = forecasts.map(ReplayOutput::of, TypeInformation.of(ReplayOutput.class))
                .union(forecasts.getSideOutput(Tags.DEAD_LETTERS)
                        .map((BadRecord b) -> ReplayOutput.of(b), TypeInformation.of(ReplayOutput.class)));
        List<ReplayOutput> result = new ArrayList<>(observations.size());
        try (CloseableIterator<ReplayOutput> it = out.executeAndCollect("backtest replay")) {
            long tenth = Math.max(1, observations.size() / 10);
            while (it.hasNext()) {
                result.add(it.next());
                if (result.size() % tenth == 0) {
                    log.printf("  replay %3d%%%n", Math.min(100, 100 * result.size() / observations.size()));
                }
            }
        }
        return result;
    }

    private static org.apache.flink.api.common.state.MapStateDescriptor<String, byte[]> modelsDescriptor(
            KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> operator) {
        return new org.apache.flink.api.common.state.MapStateDescriptor<>("models", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    }
}
