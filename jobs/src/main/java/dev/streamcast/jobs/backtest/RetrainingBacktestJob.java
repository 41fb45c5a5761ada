package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.forecast.ForecastFunction;
import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The replay with {@code --retrain-every N}: one Flink job in which new models reach the forecast operator through
 * its broadcast side, exactly as in production (admission, lazy re-priming of each key from its input ring).
 *
 * <p>Boundaries: every N observations in timestamp order (counted from the previous boundary), moved forward past
 * observations that share a timestamp, and only those after the first model's training data (the scored part), give
 * times T_1 &lt; T_2 &lt; ... Model k (version k + 1) is trained, warm-started from model k - 1, on every row
 * with timestamp &lt; T_k, and must serve exactly the observations with timestamps in [T_k, T_{k+1}). Two inputs
 * of one operator have no mutual order, so event time does the ordering:
 * <ul>
 *   <li>the operator runs with an out-of-orderness bound of 1 ms, so it applies an observation only when its event
 *       time (the minimum of both inputs' watermarks) has passed the observation's timestamp;</li>
 *   <li>the models source emits model k and, right after it, the watermark T_{k+1} - 1 (Long.MAX_VALUE after the
 *       last), so no observation at or after T_{k+1} is applied before model k + 1 has arrived;</li>
 *   <li>the models source emits model k + 1 only after the sink has written one output for every observation
 *       before T_{k+1}, so none of those can be applied under it.</li>
 * </ul>
 * The driver (this class) watches the sink's count through a {@link RetrainGate}, trains the next model when its
 * boundary is reached and hands it to the source. Model 0 is the initially trained model.
 */
final class RetrainingBacktestJob {
    private final BacktestSettings settings;
    private final BacktestTraining training;
    private final BacktestData data;
    private final ForecastConfig config;
    private final PrintStream log;

    RetrainingBacktestJob(
            BacktestSettings settings,
            BacktestTraining training,
            BacktestData data,
            ForecastConfig config,
            PrintStream log) {
        this.settings = settings;
        this.training = training;
        this.data = data;
        this.config = config;
        this.log = log;
    }

    /**
     * Observation indices where a new model takes over: N observations after the previous one (the first at N),
     * moved forward past ties in timestamp, and only after
     * {@code after} (the last training timestamp of the first model: retraining on less data would be pointless).
     */
    static int[] boundaries(List<Observation> obs, int every, long after) {
        List<Integer> out = new ArrayList<>();
        for (int i = every; i < obs.size(); i += every) {
            while (i < obs.size() && obs.get(i).ts == obs.get(i - 1).ts) {
                i++;
            }
            if (i < obs.size() && obs.get(i).ts > after && (out.isEmpty() || i > out.get(out.size() - 1))) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    List<BacktestOutput> run(List<Observation> observations, Model first) throws Exception {
        long lastTrain = Long.MIN_VALUE;
        for (BacktestData.Series s : data.series()) {
            if (s.trainEnd() > 0) {
                lastTrain = Math.max(lastTrain, s.ts()[s.trainEnd() - 1]);
            }
        }
        int[] bounds = boundaries(observations, settings.retrainEvery(), lastTrain);
        long[] times = new long[bounds.length];
        for (int k = 0; k < bounds.length; k++) {
            times[k] = observations.get(bounds[k]).ts;
        }
        log.printf("retraining at %d boundaries (every %d observations)%n", bounds.length, settings.retrainEvery());
        String runId = UUID.randomUUID().toString();
        RetrainGate gate = RetrainGate.open(runId, bounds.length + 1);
        Path dir = Files.createTempDirectory("streamcast-replay");
        try {
            gate.models[0].complete(ModelCodec.encode(first));
            JobClient job = build(observations, times, runId, dir).executeAsync("backtest replay with retraining");
            Model current = first;
            for (int k = 0; k < bounds.length; k++) {
                awaitOutputs(gate, bounds[k], job);
                int[] upTo = new int[data.series().size()];
                for (int i = 0; i < upTo.length; i++) {
                    long[] ts = data.series().get(i).ts();
                    int at = Arrays.binarySearch(ts, times[k]);
                    upTo[i] = at >= 0 ? at : -at - 1; // rows with ts < T_k
                }
                log.printf("boundary %d/%d: %d observations replayed; retraining%n", k + 1, bounds.length, bounds[k]);
                try {
                    current = training.fit(upTo, current, Model.nextVersion(current.version()));
                } catch (IllegalArgumentException e) {
                    // the source still needs model k: the current one again, which the operator rejects as not newer
                    log.printf("retraining skipped (%s); model v%d stays%n", e.getMessage(), current.version());
                }
                gate.models[k + 1].complete(ModelCodec.encode(current));
            }
            job.getJobExecutionResult().get();
            List<BacktestOutput> result = new ArrayList<>(observations.size());
            OutputFileSink.readAll(dir, result);
            return result;
        } finally {
            RetrainGate.close(runId);
            BacktestJob.deleteTree(dir);
        }
    }

    private StreamExecutionEnvironment build(List<Observation> observations, long[] times, String runId, Path dir) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(settings.parallelism());
        DataStream<Observation> obs = BacktestJob.source(env, observations)
                .assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Observation>forMonotonousTimestamps().withTimestampAssigner((o, t) -> o.ts))
                .setParallelism(1)
                .name("event time");
        DataStream<byte[]> models = env.fromSource(
                        new DataGeneratorSource<>(
                                new TrainedModels(runId),
                                times.length + 1,
                                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO),
                        BoundaryWatermarks.strategy(times),
                        "models")
                .setParallelism(1)
                .uid("models");
        BacktestJob.build(obs, models, new ForecastFunction(config, null), dir, runId);
        return env;
    }

    private static void awaitOutputs(RetrainGate gate, long count, JobClient job) throws Exception {
        while (gate.outputs.get() < count) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                job.getJobExecutionResult().get(); // throws the job's failure
                throw new IllegalStateException(
                        "replay job ended after " + gate.outputs.get() + " of " + count + " outputs");
            }
            Thread.sleep(20);
        }
    }
}
