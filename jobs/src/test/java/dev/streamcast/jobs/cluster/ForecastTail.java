package dev.streamcast.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a JSON topic from its beginning, every partition, without a consumer group, and keeps every record: the
 * test's view of what the job wrote. Not thread-safe; one test thread polls it.
 */
final class ForecastTail implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A forecast record as the job writes it (see ForecastJson). */
    record Seen(String key, long ts, long modelVersion, boolean warm, boolean hasPrevError, JsonNode json) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<Seen> seen = new ArrayList<>();

    ForecastTail(String bootstrapServers, String topic, int partitions) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
    }

    /**
     * Polls until {@code done} holds for everything seen so far; fails after {@code timeout}. {@code alive} runs
     * between polls and throws to stop waiting early (a failed job).
     */
    List<Seen> pollUntil(Predicate<List<Seen>> done, Duration timeout, String what, Runnable alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(seen)) {
            alive.run();
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "; saw " + seen.size() + " records");
            }
            poll(Duration.ofMillis(200));
        }
        return seen;
    }

    /** Polls for {@code period} regardless, so that late duplicates would show up. */
    List<Seen> pollFor(Duration period) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            poll(Duration.ofMillis(200));
        }
        return seen;
    }

    private void poll(Duration d) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(d)) {
            try {
                JsonNode j = JSON.readTree(r.value());
                seen.add(new Seen(
                        j.path("key").asText(),
                        Instant.parse(j.path("ts").asText()).toEpochMilli(),
                        j.path("model_version").asLong(),
                        j.path("warm").asBoolean(),
                        j.hasNonNull("prev_error"),
                        j));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON on " + r.topic() + "-" + r.partition() + "@" + r.offset(), e);
            }
        }
    }

    /** How many records {@code topic} holds now (reads every partition from its beginning for {@code period}). */
    static int count(String bootstrapServers, String topic, int partitions, Duration period) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            c.assign(all);
            c.seekToBeginning(all);
            int n = 0;
            long end = System.nanoTime() + period.toNanos();
            while (System.nanoTime() < end) {
                n += c.poll(Duration.ofMillis(200)).count();
            }
            return n;
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
