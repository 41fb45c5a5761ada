package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.serde.KeyedJsonSerializer;
import dev.streamcast.jobs.common.serde.ModelRecordDeserializer;
import dev.streamcast.jobs.common.serde.RawRecordDeserializer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The forecast job's Kafka sources and sinks. Observations resume from the group's committed offsets (the earliest
 * offset the first time); models are always read from the earliest offset, so a restarted job finds the newest
 * model on a compacted topic. Sinks are at-least-once, or exactly-once with Kafka transactions committed on
 * checkpoints ({@code transaction.timeout.ms} = 60 s, below the broker's 15-minute maximum). Every client reconnects
 * with a backoff from {@link #RECONNECT_BACKOFF_MS} doubling up to {@link #RECONNECT_BACKOFF_MAX_MS}.
 *
 * <p>The observations consumer and the two producers are tuned for throughput by default and for latency with
 * {@code --latency-mode} ({@link #producerTuning}, {@link #consumerTuning}; the network buffer timeout is set in
 * {@code ForecastJob.flinkConfiguration}). docs/operations.md explains the trade-off.
 */
public final class KafkaEndpoints {
    private KafkaEndpoints() {}

    /**
     * First wait before a Kafka client reconnects to a broker it lost (the client's default: 50 ms); the wait doubles
     * at each failed attempt up to {@link #RECONNECT_BACKOFF_MAX_MS} (default 1 s), so that an unreachable broker costs
     * a few attempts a minute instead of one a second per client, and a broker back after a restart is found within
     * 10 s.
     */
    static final int RECONNECT_BACKOFF_MS = 500;

    static final int RECONNECT_BACKOFF_MAX_MS = 10_000;

    /** Transactions must not outlive the broker's transaction.max.timeout.ms (15 min by default). */
    static final String TRANSACTION_TIMEOUT_MS = "60000";

    /**
     * The producers' batching: by default a batch waits up to 20 ms to fill up to 256 KiB and is compressed with zstd
     * (the codec the job jar carries; lz4 and snappy are not bundled), fewer and smaller requests per forecast; in
     * latency mode a record is sent at once ({@code linger.ms} 0), uncompressed, in Kafka's default 16 KiB batches.
     */
    public static Map<String, String> producerTuning(ForecastConfig c) {
        Map<String, String> p = new LinkedHashMap<>();
        if (c.latencyMode()) {
            p.put("linger.ms", "0");
            p.put("batch.size", "16384");
            p.put("compression.type", "none");
        } else {
            p.put("linger.ms", "20");
            p.put("batch.size", "262144");
            p.put("compression.type", "zstd");
        }
        return p;
    }

    /**
     * The observations consumer's fetches: by default the broker answers once 64 KiB are there or after 50 ms, and a
     * poll returns up to 2,000 records; in latency mode it answers at the first byte and waits at most 10 ms for it,
     * 500 records per poll (Kafka's default).
     */
    public static Map<String, String> consumerTuning(ForecastConfig c) {
        Map<String, String> p = new LinkedHashMap<>();
        if (c.latencyMode()) {
            p.put("fetch.min.bytes", "1");
            p.put("fetch.max.wait.ms", "10");
            p.put("max.poll.records", "500");
        } else {
            p.put("fetch.min.bytes", "65536");
            p.put("fetch.max.wait.ms", "50");
            p.put("max.poll.records", "2000");
        }
        return p;
    }

    @SuppressWarnings("deprecation") // committedOffsets(..) takes only the deprecated OffsetResetStrategy
    public static KafkaSource<RawRecord> observations(ForecastConfig c) {
        var b = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setTopics(c.observationsTopic())
                .setGroupId(c.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer(c.maxRecordBytes()))
                .setProperty("isolation.level", "read_committed")
                .setProperty("reconnect.backoff.ms", String.valueOf(RECONNECT_BACKOFF_MS))
                .setProperty("reconnect.backoff.max.ms", String.valueOf(RECONNECT_BACKOFF_MAX_MS));
        consumerTuning(c).forEach(b::setProperty);
        return b.build();
    }

    public static KafkaSource<byte[]> models(ForecastConfig c) {
        return KafkaSource.<byte[]>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setTopics(c.modelsTopic())
                .setGroupId(c.groupId() + "-models")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ModelRecordDeserializer())
                .setProperty("reconnect.backoff.ms", String.valueOf(RECONNECT_BACKOFF_MS))
                .setProperty("reconnect.backoff.max.ms", String.valueOf(RECONNECT_BACKOFF_MAX_MS))
                .build();
    }

    public static KafkaSink<Forecast> forecasts(ForecastConfig c) {
        return sink(c, KeyedJsonSerializer.forecasts(c.forecastsTopic()), "forecasts");
    }

    public static KafkaSink<BadRecord> deadLetters(ForecastConfig c) {
        return sink(c, KeyedJsonSerializer.deadLetters(c.deadLetterTopic()), "dead-letters");
    }

    private static <T> KafkaSink<T> sink(ForecastConfig c, KafkaRecordSerializationSchema<T> serializer, String name) {
        var b = KafkaSink.<T>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setRecordSerializer(serializer)
                .setProperty("reconnect.backoff.ms", String.valueOf(RECONNECT_BACKOFF_MS))
                .setProperty("reconnect.backoff.max.ms", String.valueOf(RECONNECT_BACKOFF_MAX_MS));
        producerTuning(c).forEach(b::setProperty);
        if (c.exactlyOnce()) {
            b.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .setTransactionalIdPrefix(c.groupId() + "-" + name)
                    .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
        } else {
            b.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        }
        return b.build();
    }
}
