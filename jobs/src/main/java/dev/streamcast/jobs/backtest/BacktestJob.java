package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.jobs.forecast.ForecastFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * The replay as a bounded Flink job in this process: the rows as {@link Observation}s in timestamp order (ties by
 * key), keyed by series, through the forecast job's operator, which holds the model from its construction (its
 * initial model), so no broadcast can race the data; the broadcast side is present, as in production, but empty.
 * Forecasts and dead letters come back to the caller as {@link BacktestOutput}s.
 */
final class BacktestJob {
    private BacktestJob() {}

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
     * Runs the observations through {@code operator} and returns every output.
     *
     * @param parallelism parallelism of the keyed operator (the source runs at 1 to keep timestamp order)
     */
    static List<BacktestOutput> run(
            List<Observation> observations,
            KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> operator,
            int parallelism,
            PrintStream log)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Safe here: with out-of-orderness 0 the operator applies each observation at once and keeps no reference
        // to it, and the sinks keep none; saves a serializer copy per chained hop. (Not in RetrainingBacktestJob, where
        // the
        // operator holds observations in its pending state.)
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        Path dir = Files.createTempDirectory("streamcast-replay");
        try {
            DataStream<Observation> obs = source(env, observations)
                    .map(new Progress(observations.size()))
                    .setParallelism(1)
                    .name("progress");
            DataStream<byte[]> none = env.fromData(
                            List.<byte[]>of(new byte[0]), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                    .setParallelism(1)
                    .filter(b -> b.length > 0)
                    .setParallelism(1)
                    .name("models (none)");
            build(obs, none, operator, dir, null);
            env.execute("backtest replay");
            List<BacktestOutput> result = new ArrayList<>(observations.size());
            OutputFileSink.readAll(dir, result);
            return result;
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * The replay pipeline, as the forecast job wires its operator: observations keyed by series, connected to the
     * broadcast model stream, forecasts and dead letters to the file sink in {@code dir}.
     */
    static void build(
            DataStream<Observation> obs,
            DataStream<byte[]> models,
            KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> operator,
            Path dir,
            String gateId) {
        BroadcastStream<byte[]> broadcast = models.broadcast(ForecastFunction.MODELS);
        SingleOutputStreamOperator<Forecast> forecasts = obs.keyBy(o -> o.key, Types.STRING)
                .connect(broadcast)
                .process(operator, TypeInformation.of(Forecast.class))
                .name("forecast")
                .uid("forecast");
        // two sinks chained to the operator (a union would add a network hop); each writes its own files
        forecasts
                .sinkTo(new OutputFileSink<>(dir, gateId, OutputFileSink.FORECASTS))
                .name("forecasts")
                .uid("forecasts");
        forecasts
                .getSideOutput(Tags.DEAD_LETTERS)
                .sinkTo(new OutputFileSink<>(dir, gateId, OutputFileSink.DEAD_LETTERS))
                .name("dead letters")
                .uid("dead-letters");
    }

    /** The observations, in the given order, from one source subtask. */
    static DataStreamSource<Observation> source(StreamExecutionEnvironment env, List<Observation> observations) {
        ObservationTable table = new ObservationTable(observations);
        DataStreamSource<Observation> s = env.fromSource(
                new DataGeneratorSource<>(table, table.size(), TypeInformation.of(Observation.class)),
                WatermarkStrategy.noWatermarks(),
                "observations");
        s.setParallelism(1).uid("observations");
        return s;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Passes observations through and prints the share seen every 10% (the console of this process). */
    static final class Progress implements MapFunction<Observation, Observation> {
        private static final long serialVersionUID = 1L;
        private final long total;
        private long seen;

        Progress(long total) {
            this.total = total;
        }

        @Override
        public Observation map(Observation o) {
            seen++;
            if (total >= 1000 && seen % (total / 10) == 0) {
                System.out.printf("  replay %3d%% (%d observations read)%n", 100 * seen / total, seen);
            }
            return o;
        }
    }
}
