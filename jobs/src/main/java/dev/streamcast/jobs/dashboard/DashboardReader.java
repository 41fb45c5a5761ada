package dev.streamcast.jobs.dashboard;

import dev.streamcast.jobs.common.ModelPayloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Feeds the {@link SeriesStore} from Kafka on a thread of its own: the forecasts topic (from the earliest offset, or
 * from {@code lookback} ago, so that every key's history fills), the dead-letter topic (counted by reason and key)
 * and the models topic (the newest model version and when it arrived). No consumer group: nothing is committed, a
 * restart reads again. Every record is hostile: one larger than {@link #MAX_RECORD_BYTES} or that does not parse is
 * counted as unreadable and skipped.
 */
public final class DashboardReader implements AutoCloseable {
    /** The largest forecast the job writes is bounded by its key (at most 64 KiB) plus its intervals. */
    static final int MAX_RECORD_BYTES = 256 * 1024;

    private final SeriesStore store;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String forecastsTopic;
    private final String deadLetterTopic;
    private final String modelsTopic;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile String state = "starting";

    /**
     * Checks that the topics exist (one line naming the missing one otherwise) and assigns their partitions.
     *
     * @param lookbackMillis how far back to read the forecasts and dead letters, 0 = from the earliest offset
     * @throws IllegalStateException when Kafka does not answer within 15 s or a topic is missing
     */
    public DashboardReader(
            SeriesStore store,
            String bootstrapServers,
            String forecastsTopic,
            String deadLetterTopic,
            String modelsTopic,
            long lookbackMillis) {
        this.store = store;
        this.forecastsTopic = forecastsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.modelsTopic = modelsTopic;
        List<String> topics = new ArrayList<>(List.of(forecastsTopic, deadLetterTopic, modelsTopic));
        checkTopics(bootstrapServers, topics);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(2 << 20));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        if (lookbackMillis > 0) {
            Map<TopicPartition, Long> times = new HashMap<>();
            long from = System.currentTimeMillis() - lookbackMillis;
            for (TopicPartition tp : parts) {
                if (!tp.topic().equals(modelsTopic)) {
                    times.put(tp, from);
                }
            }
            consumer.offsetsForTimes(times, Duration.ofSeconds(15)).forEach((tp, o) -> {
                if (o != null) {
                    consumer.seek(tp, o.offset());
                }
            });
        }
        thread = new Thread(this::loop, "dashboard-reader");
        thread.setDaemon(true);
    }

    /** Fails with one line when Kafka does not answer or a topic is missing. */
    static void checkTopics(String bootstrapServers, List<String> topics) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(p)) {
            Set<String> present = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            for (String t : topics) {
                if (!present.contains(t)) {
                    throw new IllegalStateException("topic '" + t + "' does not exist on " + bootstrapServers);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 15 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    public void start() {
        state = "running";
        thread.start();
    }

    /** "running", or what stopped the reader. */
    public String state() {
        return state;
    }

    private void loop() {
        Point scratch = new Point();
        try {
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    accept(r.topic(), r.value(), r.timestamp(), scratch);
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            state = "failed: " + e.getClass().getSimpleName();
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** One record of any of the three topics; never throws. */
    void accept(String topic, byte[] value, long timestamp, Point scratch) {
        if (topic.equals(forecastsTopic)) {
            if (value == null
                    || value.length > MAX_RECORD_BYTES
                    || DashboardJson.readForecast(value, scratch) != null) {
                store.unreadable();
            } else {
                store.add(scratch);
            }
        } else if (topic.equals(deadLetterTopic)) {
            if (value == null || value.length > 2 * MAX_RECORD_BYTES) {
                store.deadLetter(null, "unreadable");
            } else {
                String[] rk = DashboardJson.readDeadLetter(value);
                store.deadLetter(rk[1], rk[0]);
            }
        } else if (topic.equals(modelsTopic) && value != null) {
            try {
                // shown only; the signature is the job's business (it may reject this model: forecasts then say so)
                long v = ModelPayloads.open(value, null, ModelPayloads.DEFAULT_MAX_BYTES, true)
                        .version();
                store.published(v);
            } catch (RuntimeException e) {
                // an unreadable model: the job rejects it too; the version shown stays
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (!thread.isAlive() && state.equals("starting")) {
            consumer.close(Duration.ofSeconds(2));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
