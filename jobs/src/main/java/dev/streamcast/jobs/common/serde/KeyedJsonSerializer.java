package dev.streamcast.jobs.common.serde;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records as JSON to one topic with the series key as the Kafka record key, so that all records of one key go
 * to one partition and stay in order. A null key (a dead letter whose key could not be read) leaves the record
 * unkeyed. The record timestamp is left to the producer (append time of the forecast).
 */
public abstract class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private final String topic;

    KeyedJsonSerializer(String topic) {
        this.topic = topic;
    }

    abstract String key(T element);

    abstract byte[] json(T element);

    public static KeyedJsonSerializer<Forecast> forecasts(String topic) {
        return new Forecasts(topic);
    }

    public static KeyedJsonSerializer<BadRecord> deadLetters(String topic) {
        return new DeadLetters(topic);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key(element);
        return new ProducerRecord<>(
                topic, null, null, k == null ? null : k.getBytes(StandardCharsets.UTF_8), json(element));
    }

    static final class Forecasts extends KeyedJsonSerializer<Forecast> {
        /** This sink instance's writer, made on its first record (a writer is not serializable). */
        private transient ForecastJson writer;

        Forecasts(String topic) {
            super(topic);
        }

        @Override
        String key(Forecast f) {
            return f.key;
        }

        @Override
        byte[] json(Forecast f) {
            if (writer == null) {
                writer = new ForecastJson();
            }
            return writer.toJson(f);
        }
    }

    static final class DeadLetters extends KeyedJsonSerializer<BadRecord> {
        DeadLetters(String topic) {
            super(topic);
        }

        @Override
        String key(BadRecord b) {
            return b.key;
        }

        @Override
        byte[] json(BadRecord b) {
            return DeadLetterJson.write(b);
        }
    }
}
