package dev.streamcast.jobs.common;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The forecast job's configuration: one immutable object, every option with a documented default. Build one by name
 * with {@link #builder()} (or {@link #toBuilder()} from another), never by position: the record grows as options are
 * added. Parsing from the command line ({@code --name value}), {@code --help} and validation live in {@link #fromArgs}.
 *
 * @param bootstrapServers Kafka bootstrap servers (default localhost:9092)
 * @param observationsTopic topic of observation records (default observations)
 * @param modelsTopic topic of model files, meant to be compacted (default models)
 * @param forecastsTopic topic forecasts are written to (default forecasts)
 * @param deadLetterTopic topic unusable records are written to (default observations-dlq)
 * @param groupId Kafka consumer group (default streamcast-forecast)
 * @param features feature names in model order (default [value]); records with one "value" use the target only
 * @param target the forecast feature (default value)
 * @param windowSize W, recent model inputs kept per key to re-prime state after a model swap (default 64)
 * @param outOfOrdernessMillis how far behind the newest timestamp an observation may arrive and still be applied in
 *     order (default 0)
 * @param stateTtlMillis idle keys' state expires after this long without an observation (default 7 days)
 * @param exactlyOnce Kafka transactions committed on checkpoints instead of at-least-once (default false)
 * @param checkpointIntervalMillis checkpoint period (default 10 s)
 * @param stateBackend hashmap or rocksdb (default hashmap)
 * @param checkpointDir where checkpoints go, null for the JobManager's default
 * @param initialModel a model file to start from, null for none
 * @param parallelism job parallelism, 0 for the environment's default
 * @param modelKey HMAC-SHA256 key models must be signed with, null for none (default: none; the command line falls
 *     back to env STREAMCAST_MODEL_KEY); never empty. Never printed by {@link #toString()}.
 * @param maxModelBytes a model payload larger than this is rejected without being decoded (default 64 MiB)
 * @param maxRecordBytes an observation record larger than this is dead-lettered as {@code too_large} without being
 *     parsed (default {@link #DEFAULT_MAX_RECORD_BYTES})
 * @param maxKeyBytes an observation whose key is longer than this (UTF-8) is dead-lettered as {@code key_too_long}
 *     (default {@link #DEFAULT_MAX_KEY_BYTES})
 * @param maxFutureMillis an observation more than this ahead of the wall clock is dead-lettered as
 *     {@code future_timestamp} (default {@link #DEFAULT_MAX_FUTURE_MILLIS})
 * @param allowUnsignedModels accept unsigned models (default false: models are signed by default, and without a key
 *     every model is refused); a signed model must still verify when a key is set
 * @param intervalLevels levels of the prediction intervals each forecast carries, sorted, each in (0, 1), at most
 *     {@link #MAX_INTERVAL_LEVELS}; empty turns the bands off (default {@link #DEFAULT_INTERVAL_LEVELS})
 * @param latencyMode tune Flink's network buffers and the Kafka clients for latency (a 3 ms buffer timeout, producer
 *     linger 0 without compression, fetches answered at the first byte) instead of throughput (default false: 100 ms
 *     buffer timeout, batched and compressed producer, fetches that wait for 64 KiB or 50 ms); see
 *     {@code KafkaEndpoints} and docs/operations.md
 * @param horizon H, the steps each forecast looks ahead, in [1, {@link #MAX_HORIZON}] (default 1: the one-step
 *     forecast only, records as before); with H &gt; 1 every forecast carries a path of H steps (docs/horizon.md)
 */
public record ForecastConfig(
        String bootstrapServers,
        String observationsTopic,
        String modelsTopic,
        String forecastsTopic,
        String deadLetterTopic,
        String groupId,
        List<String> features,
        String target,
        int windowSize,
        long outOfOrdernessMillis,
        long stateTtlMillis,
        boolean exactlyOnce,
        long checkpointIntervalMillis,
        String stateBackend,
        String checkpointDir,
        String initialModel,
        int parallelism,
        String modelKey,
        long maxModelBytes,
        int maxRecordBytes,
        int maxKeyBytes,
        long maxFutureMillis,
        boolean allowUnsignedModels,
        List<Double> intervalLevels,
        boolean latencyMode,
        int horizon)
        implements Serializable {

    /** The default prediction-interval levels: 80% and 95%. */
    public static final List<Double> DEFAULT_INTERVAL_LEVELS = List.of(0.8, 0.95);
    /** Most interval levels (each costs 2 floats of state per key and 2 numbers per forecast). */
    public static final int MAX_INTERVAL_LEVELS = 8;

    /** The longest path: a key keeps its last H paths (H² doubles, 32 KiB at 64) and H - 1 more calibrations. */
    public static final int MAX_HORIZON = 64;

    /** 256 KiB: far above an observation's size, far below the 1 MB a Kafka producer sends by default. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 262_144;
    /** The largest --max-record-bytes: 16 MiB. */
    public static final int MAX_RECORD_BYTES_LIMIT = 16 << 20;

    public static final int DEFAULT_MAX_KEY_BYTES = 256;
    /** The largest --max-key-bytes: 64 KiB, so that a forecast stays far below the sink's 1 MB record limit. */
    public static final int MAX_KEY_BYTES_LIMIT = 65_536;

    /** One hour: clock skew between producers and the job, not a wrong year. */
    public static final long DEFAULT_MAX_FUTURE_MILLIS = 3_600_000L;

    public ForecastConfig {
        features = List.copyOf(features);
        if (!features.contains(target)) {
            throw new IllegalArgumentException(
                    "target must be one of features " + features + ", found '" + target + "'");
        }
        if (windowSize < 1 || windowSize > 100_000) {
            throw new IllegalArgumentException("window-size must be in [1, 100000], found " + windowSize);
        }
        if (outOfOrdernessMillis < 0) {
            throw new IllegalArgumentException("out-of-orderness must be >= 0, found " + outOfOrdernessMillis);
        }
        if (stateTtlMillis <= 0) {
            throw new IllegalArgumentException("state-ttl must be > 0, found " + stateTtlMillis);
        }
        if (modelKey != null && modelKey.isBlank()) {
            throw new IllegalArgumentException("model-key must not be empty (no key: null)");
        }
        if (maxModelBytes < 1) {
            throw new IllegalArgumentException("max-model-bytes must be >= 1, found " + maxModelBytes);
        }
        if (maxRecordBytes < 1 || maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "max-record-bytes must be in [1, " + MAX_RECORD_BYTES_LIMIT + "], found " + maxRecordBytes);
        }
        if (maxKeyBytes < 1 || maxKeyBytes > MAX_KEY_BYTES_LIMIT) {
            throw new IllegalArgumentException(
                    "max-key-bytes must be in [1, " + MAX_KEY_BYTES_LIMIT + "], found " + maxKeyBytes);
        }
        if (maxFutureMillis < 0) {
            throw new IllegalArgumentException("max-future must be >= 0, found " + maxFutureMillis);
        }
        intervalLevels = checkLevels(intervalLevels);
        if (horizon < 1 || horizon > MAX_HORIZON) {
            throw new IllegalArgumentException("horizon must be in [1, " + MAX_HORIZON + "], found " + horizon);
        }
    }

    /** Sorted, distinct, each in (0, 1), at most {@link #MAX_INTERVAL_LEVELS}. */
    static List<Double> checkLevels(List<Double> levels) {
        List<Double> sorted = levels.stream().sorted().toList();
        if (sorted.size() > MAX_INTERVAL_LEVELS) {
            throw new IllegalArgumentException(
                    "interval-levels: at most " + MAX_INTERVAL_LEVELS + " levels, found " + sorted.size());
        }
        for (int i = 0; i < sorted.size(); i++) {
            double l = sorted.get(i);
            if (!(l > 0 && l < 1) || (i > 0 && l == sorted.get(i - 1))) {
                throw new IllegalArgumentException("interval-levels must be distinct and in (0, 1), found " + levels);
            }
        }
        return sorted;
    }

    /** The interval levels as an array (sorted), empty when the bands are off. */
    public double[] intervalLevelArray() {
        return intervalLevels.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The same configuration with other interval levels (empty: no bands). */
    public ForecastConfig withIntervalLevels(List<Double> levels) {
        return toBuilder().intervalLevels(levels).build();
    }

    /** Every option at its default. */
    public static ForecastConfig defaults() {
        return builder().build();
    }

    /** A builder holding every default (see the components above); set what differs, then {@link Builder#build}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrapServers = bootstrapServers;
        b.observationsTopic = observationsTopic;
        b.modelsTopic = modelsTopic;
        b.forecastsTopic = forecastsTopic;
        b.deadLetterTopic = deadLetterTopic;
        b.groupId = groupId;
        b.features = features;
        b.target = target;
        b.windowSize = windowSize;
        b.outOfOrdernessMillis = outOfOrdernessMillis;
        b.stateTtlMillis = stateTtlMillis;
        b.exactlyOnce = exactlyOnce;
        b.checkpointIntervalMillis = checkpointIntervalMillis;
        b.stateBackend = stateBackend;
        b.checkpointDir = checkpointDir;
        b.initialModel = initialModel;
        b.parallelism = parallelism;
        b.modelKey = modelKey;
        b.maxModelBytes = maxModelBytes;
        b.maxRecordBytes = maxRecordBytes;
        b.maxKeyBytes = maxKeyBytes;
        b.maxFutureMillis = maxFutureMillis;
        b.allowUnsignedModels = allowUnsignedModels;
        b.intervalLevels = intervalLevels;
        b.latencyMode = latencyMode;
        b.horizon = horizon;
        return b;
    }

    /**
     * Builds a {@link ForecastConfig} by name instead of by position; every value starts at its documented default,
     * and {@link #build} checks them as the record does.
     */
    public static final class Builder {
        private String bootstrapServers = "localhost:9092";
        private String observationsTopic = "observations";
        private String modelsTopic = "models";
        private String forecastsTopic = "forecasts";
        private String deadLetterTopic = "observations-dlq";
        private String groupId = "streamcast-forecast";
        private List<String> features = List.of("value");
        private String target = "value";
        private int windowSize = 64;
        private long outOfOrdernessMillis = 0L;
        private long stateTtlMillis = 7L * 24 * 3600 * 1000;
        private boolean exactlyOnce = false;
        private long checkpointIntervalMillis = 10_000L;
        private String stateBackend = "hashmap";
        private String checkpointDir = null;
        private String initialModel = null;
        private int parallelism = 0;
        private String modelKey = null;
        private long maxModelBytes = ModelPayloads.DEFAULT_MAX_BYTES;
        private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
        private int maxKeyBytes = DEFAULT_MAX_KEY_BYTES;
        private long maxFutureMillis = DEFAULT_MAX_FUTURE_MILLIS;
        private boolean allowUnsignedModels = false;
        private List<Double> intervalLevels = DEFAULT_INTERVAL_LEVELS;
        private boolean latencyMode = false;
        private int horizon = 1;

        private Builder() {}

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder observationsTopic(String observationsTopic) {
            this.observationsTopic = observationsTopic;
            return this;
        }

        public Builder modelsTopic(String modelsTopic) {
            this.modelsTopic = modelsTopic;
            return this;
        }

        public Builder forecastsTopic(String forecastsTopic) {
            this.forecastsTopic = forecastsTopic;
            return this;
        }

        public Builder deadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder features(List<String> features) {
            this.features = features;
            return this;
        }

        public Builder target(String target) {
            this.target = target;
            return this;
        }

        public Builder windowSize(int windowSize) {
            this.windowSize = windowSize;
            return this;
        }

        public Builder outOfOrdernessMillis(long outOfOrdernessMillis) {
            this.outOfOrdernessMillis = outOfOrdernessMillis;
            return this;
        }

        public Builder stateTtlMillis(long stateTtlMillis) {
            this.stateTtlMillis = stateTtlMillis;
            return this;
        }

        public Builder exactlyOnce(boolean exactlyOnce) {
            this.exactlyOnce = exactlyOnce;
            return this;
        }

        public Builder checkpointIntervalMillis(long checkpointIntervalMillis) {
            this.checkpointIntervalMillis = checkpointIntervalMillis;
            return this;
        }

        public Builder stateBackend(String stateBackend) {
            this.stateBackend = stateBackend;
            return this;
        }

        public Builder checkpointDir(String checkpointDir) {
            this.checkpointDir = checkpointDir;
            return this;
        }

        public Builder initialModel(String initialModel) {
            this.initialModel = initialModel;
            return this;
        }

        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder modelKey(String modelKey) {
            this.modelKey = modelKey;
            return this;
        }

        public Builder maxModelBytes(long maxModelBytes) {
            this.maxModelBytes = maxModelBytes;
            return this;
        }

        public Builder maxRecordBytes(int maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        public Builder maxKeyBytes(int maxKeyBytes) {
            this.maxKeyBytes = maxKeyBytes;
            return this;
        }

        public Builder maxFutureMillis(long maxFutureMillis) {
            this.maxFutureMillis = maxFutureMillis;
            return this;
        }

        public Builder allowUnsignedModels(boolean allowUnsignedModels) {
            this.allowUnsignedModels = allowUnsignedModels;
            return this;
        }

        public Builder intervalLevels(List<Double> intervalLevels) {
            this.intervalLevels = intervalLevels;
            return this;
        }

        public Builder latencyMode(boolean latencyMode) {
            this.latencyMode = latencyMode;
            return this;
        }

        public Builder horizon(int horizon) {
            this.horizon = horizon;
            return this;
        }

        public ForecastConfig build() {
            return new ForecastConfig(
                    bootstrapServers,
                    observationsTopic,
                    modelsTopic,
                    forecastsTopic,
                    deadLetterTopic,
                    groupId,
                    features,
                    target,
                    windowSize,
                    outOfOrdernessMillis,
                    stateTtlMillis,
                    exactlyOnce,
                    checkpointIntervalMillis,
                    stateBackend,
                    checkpointDir,
                    initialModel,
                    parallelism,
                    modelKey,
                    maxModelBytes,
                    maxRecordBytes,
                    maxKeyBytes,
                    maxFutureMillis,
                    allowUnsignedModels,
                    intervalLevels,
                    latencyMode,
                    horizon);
        }
    }

    /**
     * Parses the command line ({@code --name value}; see {@link ForecastOptions#ALL} for every option, its default and
     * description). An unknown option or a bad value is refused with an IllegalArgumentException naming it.
     */
    public static ForecastConfig fromArgs(String[] args) {
        return ForecastOptions.parse(args);
    }

    /** Index of the target among the features. */
    public int targetIndex() {
        return features.indexOf(target);
    }

    /** The same configuration with a signing key (null for none) and a payload limit. */
    public ForecastConfig withModelSecurity(String key, long maxBytes) {
        return toBuilder().modelKey(key).maxModelBytes(maxBytes).build();
    }

    /** The same configuration with other limits on observation records. */
    public ForecastConfig withRecordLimits(int maxRecordBytes, int maxKeyBytes, long maxFutureMillis) {
        return toBuilder()
                .maxRecordBytes(maxRecordBytes)
                .maxKeyBytes(maxKeyBytes)
                .maxFutureMillis(maxFutureMillis)
                .build();
    }

    /** The same configuration, accepting unsigned models or not ({@code --allow-unsigned-models}). */
    public ForecastConfig withUnsignedModels(boolean allow) {
        return toBuilder().allowUnsignedModels(allow).build();
    }

    /** The signing key's bytes (UTF-8), null without one. */
    public byte[] modelKeyBytes() {
        return modelKey == null ? null : modelKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Every component, the signing key masked. */
    @Override
    public String toString() {
        return "ForecastConfig[bootstrapServers=" + bootstrapServers + ", observationsTopic=" + observationsTopic
                + ", modelsTopic=" + modelsTopic + ", forecastsTopic=" + forecastsTopic + ", deadLetterTopic="
                + deadLetterTopic + ", groupId=" + groupId + ", features=" + features + ", target=" + target
                + ", windowSize=" + windowSize + ", outOfOrdernessMillis=" + outOfOrdernessMillis
                + ", stateTtlMillis=" + stateTtlMillis + ", exactlyOnce=" + exactlyOnce + ", checkpointIntervalMillis="
                + checkpointIntervalMillis + ", stateBackend=" + stateBackend + ", checkpointDir=" + checkpointDir
                + ", initialModel=" + initialModel + ", parallelism=" + parallelism + ", modelKey="
                + (modelKey == null ? "none" : "***") + ", maxModelBytes=" + maxModelBytes + ", maxRecordBytes="
                + maxRecordBytes + ", maxKeyBytes=" + maxKeyBytes + ", maxFutureMillis=" + maxFutureMillis
                + ", allowUnsignedModels=" + allowUnsignedModels
                + ", intervalLevels=" + intervalLevels + "]";
    }
}
