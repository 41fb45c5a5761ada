package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.jobs.common.serde.ObservationType;
import dev.streamcast.jobs.common.serde.Timestamps;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forecast job's wiring, with its sources and sinks passed in (Kafka in production: {@link KafkaEndpoints};
 * anything in tests):
 * <pre>
 *   observations ─ parse ─┬─ keyBy(key) ─ connect(models.broadcast(MODELS)) ─ forecast ─┬─ forecasts sink
 *                          └─ dead letters ──────────────── ∪ ─────────── dead letters ─┴─ dead-letter sink
 * </pre>
 * Event time comes from each record's {@code ts}, read at the source so that watermarks are per Kafka partition,
 * with the configured bound on out-of-orderness and {@link #IDLE_TIMEOUT} for idle partitions. Every operator has a
 * stable uid (savepoints depend on them; never rename one) and a name.
 */
public final class ForecastJob {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastJob.class);

    /** A partition without records for this long stops holding the watermark back. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final ForecastConfig config;
    private final Source<RawRecord, ?, ?> observations;
    private final Source<byte[], ?, ?> models;
    private final Sink<Forecast> forecasts;
    private final Sink<BadRecord> deadLetters;

    public ForecastJob(
            ForecastConfig config,
            Source<RawRecord, ?, ?> observations,
            Source<byte[], ?, ?> models,
            Sink<Forecast> forecasts,
            Sink<BadRecord> deadLetters) {
        this.config = config;
        this.observations = observations;
        this.models = models;
        this.forecasts = forecasts;
        this.deadLetters = deadLetters;
    }

    /** The job on Kafka topics, as the configuration names them. */
    public static ForecastJob forKafka(ForecastConfig config) {
        return new ForecastJob(
                config,
                KafkaEndpoints.observations(config),
                KafkaEndpoints.models(config),
                KafkaEndpoints.forecasts(config),
                KafkaEndpoints.deadLetters(config));
    }

    /**
     * A partly filled network buffer is sent after this long with {@code --latency-mode}: 3 ms, not 1, because with
     * 1 ms the forecast operator woke for a few records at a time and every stage cost more per record; at 30,000
     * observations/s on 2 cores 3 ms sustained 44,000-50,000 forecasts/s against 38,000-41,000, p99 18-21 ms in three
     * runs of four against 20-34 ms, at the same p50 of 4 ms (docs/benchmarks.md, "The buffer timeout of latency mode").
     */
    public static final Duration LATENCY_BUFFER_TIMEOUT = Duration.ofMillis(3);

    /** ... and by default, Flink's own default, set explicitly. */
    public static final Duration THROUGHPUT_BUFFER_TIMEOUT = Duration.ofMillis(100);

    /** Flink's key of the RocksDB options factory ({@code RocksDBOptions.OPTIONS_FACTORY}). */
    static final String ROCKSDB_OPTIONS_FACTORY = "state.backend.rocksdb.options-factory";

    /**
     * The Flink settings the job needs: checkpointing at the configured interval, the state backend
     * ({@code state.backend.type}; with RocksDB the job's options factory {@link RocksDbTuning}), an optional
     * checkpoint directory, {@code pipeline.generic-types: false}, so
     * that any type that would fall back to Kryo fails at build time instead, the network buffer timeout: Flink's
     * 100 ms by default (full buffers), {@link #LATENCY_BUFFER_TIMEOUT} with {@code --latency-mode}, and object reuse
     * ({@code pipeline.object-reuse}): a record passes to the operator chained behind its producer as it is instead
     * of as a copy made by its serializer (source to parse, forecast to the forecasts sink). Safe here because no
     * function keeps or changes a record after emitting it or keeps one it was given from a chained input: the parse
     * operator's Observation and the forecast operator's Forecast are new for every record, the sink serializes at
     * once, and records that cross the network (keyBy, dead letters) are always deserialized into new objects.
     */
    public static Configuration flinkConfiguration(ForecastConfig config) {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(config.checkpointIntervalMillis()));
        c.set(StateBackendOptions.STATE_BACKEND, config.stateBackend());
        if (config.stateBackend().equals("rocksdb")) {
            // memtable Bloom filters (RocksDbTuning); its settings come from the same configuration
            c.setString(ROCKSDB_OPTIONS_FACTORY, RocksDbTuning.class.getName());
        }
        if (config.checkpointDir() != null) {
            c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
        }
        c.set(PipelineOptions.GENERIC_TYPES, false);
        c.set(PipelineOptions.OBJECT_REUSE, true);
        c.set(
                ExecutionOptions.BUFFER_TIMEOUT,
                config.latencyMode() ? LATENCY_BUFFER_TIMEOUT : THROUGHPUT_BUFFER_TIMEOUT);
        return c;
    }

    /**
     * Applies {@link #flinkConfiguration} to {@code env} and adds the job's operators to it. A local environment
     * ({@code java -jar}) without {@code --checkpoint-dir} checkpoints to {@link #localCheckpointDir()}: Flink's
     * fallback, the JobManager's memory, refuses state over 5 MB, and the job would fail and restart at every
     * checkpoint once a few thousand keys exist.
     */
    public void build(StreamExecutionEnvironment env) {
        String trust = modelTrustWarning(config);
        if (trust != null) {
            LOG.warn(trust);
        }
        Configuration settings = flinkConfiguration(config);
        if (config.checkpointDir() == null && env instanceof LocalStreamEnvironment) {
            settings.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, localCheckpointDir());
        }
        env.configure(settings, ForecastJob.class.getClassLoader());
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        SingleOutputStreamOperator<Observation> parsed = env.fromSource(
                        observations, watermarks(config), "observations")
                .uid("observations-source")
                .process(new ParseObservation(config), ObservationType.INSTANCE)
                .uid("parse-observations")
                .name("parse observations");
        BroadcastStream<byte[]> modelStream = env.fromSource(models, ModelWatermarks.strategy(), "models")
                .uid("models-source")
                .broadcast(ForecastFunction.MODELS);
        SingleOutputStreamOperator<Forecast> out = parsed.keyBy(Observation::getKey, Types.STRING)
                .connect(modelStream)
                .process(new ForecastFunction(config))
                .uid("forecast")
                .name("forecast");
        out.sinkTo(forecasts).uid("forecasts-sink").name("forecasts");
        parsed.getSideOutput(Tags.DEAD_LETTERS)
                .union(out.getSideOutput(Tags.DEAD_LETTERS))
                .sinkTo(deadLetters)
                .uid("dead-letters-sink")
                .name("dead letters");
    }

    /**
     * The WARN the job logs at start about which models it will trust, or null when models must be signed with a
     * configured key (the default, quiet case).
     */
    public static String modelTrustWarning(ForecastConfig config) {
        if (config.allowUnsignedModels()) {
            return "--allow-unsigned-models: unsigned models on '" + config.modelsTopic() + "' are accepted; anyone "
                    + "who can write to that topic can replace the model"
                    + (config.modelKey() == null ? "" : " (signed ones must still verify with --model-key)");
        }
        if (config.modelKey() == null) {
            return "no --model-key (or " + ModelPayloads.KEY_ENV + "): every model on '" + config.modelsTopic()
                    + "' will be refused, so no forecasts; give the key the train command signs with, or "
                    + "--allow-unsigned-models";
        }
        return null;
    }

    /** {@code file://<java.io.tmpdir>/streamcast-checkpoints}: where a local run checkpoints by default. */
    public static String localCheckpointDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "streamcast-checkpoints")
                .toUri()
                .toString();
    }

    /** Event time = the record's ts, bounded out-of-orderness from the configuration, idle partitions ignored. */
    static WatermarkStrategy<RawRecord> watermarks(ForecastConfig config) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(Duration.ofMillis(config.outOfOrdernessMillis()))
                .withTimestampAssigner(new RecordTimestamp(config))
                .withIdleness(IDLE_TIMEOUT);
    }

    /**
     * The ts of a raw record that passes every check of {@link ParseObservation} ({@link ObservationGate}); a record
     * it refuses (unparseable, too large, key too long, dated too far ahead) gets {@link Timestamps#INVALID} and does
     * not move the watermark.
     */
    static final class RecordTimestamp implements SerializableTimestampAssigner<RawRecord> {
        private static final long serialVersionUID = 1L;
        private final ForecastConfig config;
        private transient ObservationGate gate;

        RecordTimestamp(ForecastConfig config) {
            this.config = config;
        }

        @Override
        public long extractTimestamp(RawRecord r, long recordTimestamp) {
            if (gate == null) {
                gate = new ObservationGate(config);
            }
            return gate.timestamp(r);
        }
    }
}
