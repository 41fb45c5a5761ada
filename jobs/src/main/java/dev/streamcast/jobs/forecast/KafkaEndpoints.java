package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.serde.KeyedJsonSerializer;
import dev.streamcast.jobs.common.serde.ModelRecordDeserializer;
import dev.streamcast.jobs.common.serde.RawRecordDeserializer;
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

    @SuppressWarnings("deprecation") // committedOffsets(..) takes only the deprecated OffsetResetStrategy
    public static KafkaSource<RawRecord> observations(ForecastConfig c) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(c.bootstrapServers())
                .setTopics(c.observationsTopic())
                .setGroupId(c.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer(c.maxRecordBytes()))
                .setProperty("isolation.level", "read_committed")
                .setProperty("reconnect.backoff.ms", String.valueOf(RECONNECT_BACKOFF_MS))
                .setProperty("reconnect.backoff.max.ms", String.valueOf(RECONNECT_BACKOFF_MAX_MS))
                .build();
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
