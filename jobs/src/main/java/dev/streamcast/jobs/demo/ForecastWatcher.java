package dev.streamcast.jobs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.serde.Timestamps;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the forecasts and dead-letter topics from the beginning on a thread of its own and keeps per-key
 * {@link KeyBoard}s and totals for the console view and the final report. Hot swaps are counted as the times a
 * forecast carries a model version newer than every one seen before (after the first). Each key's forecasts are
 * checked by their seq ({@link SeqTracker}): a repeated one is counted as such and not scored again.
 */
final class ForecastWatcher implements AutoCloseable {
    private final ObjectMapper json = new ObjectMapper();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String forecastsTopic;
    private final Map<String, KeyBoard> keys = new LinkedHashMap<>();
    private final SeqTracker seqs = new SeqTracker();
    private final Map<String, Long> liveFrom;
    private final Thread thread;
    private long forecasts;
    private long deadLetters;
    private long unreadable;
    private long maxVersion;
    private long swaps;
    private volatile long firstForecastMillis;
    private volatile boolean stopped;

    ForecastWatcher(
            String bootstrapServers,
            String forecastsTopic,
            String deadLetterTopic,
            Map<String, Long> liveFrom,
            List<String> keyOrder) {
        this.forecastsTopic = forecastsTopic;
        this.liveFrom = liveFrom;
        for (String k : keyOrder) {
            keys.put(k, new KeyBoard(k, liveFrom.getOrDefault(k, Long.MIN_VALUE)));
        }
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : List.of(forecastsTopic, deadLetterTopic)) {
            consumer.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(this::loop, "demo-forecast-watcher");
    }

    void start() {
        thread.start();
    }

    private void loop() {
        try {
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(forecastsTopic)) {
                        forecast(r.value());
                    } else {
                        synchronized (this) {
                            deadLetters++;
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void forecast(byte[] value) {
        try {
            JsonNode n = json.readTree(value);
            String key = n.path("key").asText();
            long ts = Timestamps.parseText(n.path("ts").asText());
            double actual = n.path("actual").isNumber() ? n.path("actual").asDouble() : Double.NaN;
            double forecast = n.path("forecast").isNumber() ? n.path("forecast").asDouble() : Double.NaN;
            long version = n.path("model_version").asLong();
            synchronized (this) {
                if (n.hasNonNull("seq") && !seqs.next(key, n.get("seq").asLong())) {
                    return; // a repeat (a replay after a job restart): counted, not scored again
                }
                keys.computeIfAbsent(key, k -> new KeyBoard(k, liveFrom.getOrDefault(k, Long.MIN_VALUE)))
                        .add(ts, actual, forecast, version);
                forecasts++;
                if (version > maxVersion) {
                    swaps += maxVersion > 0 ? 1 : 0;
                    maxVersion = version;
                }
            }
            if (firstForecastMillis == 0) {
                firstForecastMillis = ManagementFactory.getRuntimeMXBean().getUptime();
            }
        } catch (Exception e) {
            synchronized (this) {
                unreadable++;
            }
        }
    }

    /** A consistent copy of the counters, and the key boards themselves (read them under {@link #lock()}). */
    /**
     * @param forecasts distinct forecasts read (repeats not counted)
     * @param repeated forecasts read again (by seq), e.g. replayed after a job restart
     * @param missing forecasts never read (seq skipped)
     */
    record Totals(
            long forecasts,
            long deadLetters,
            long unreadable,
            long maxVersion,
            long swaps,
            long repeated,
            long missing) {}

    synchronized Totals totals() {
        return new Totals(forecasts, deadLetters, unreadable, maxVersion, swaps, seqs.repeated(), seqs.missing());
    }

    /** Guards the key boards: {@code synchronized (watcher.lock()) { ... boards() ... }}. */
    Object lock() {
        return this;
    }

    Map<String, KeyBoard> boards() {
        return keys;
    }

    /** Whether every key has a forecast for its observation at (or after) the given timestamp. */
    synchronized boolean reached(Map<String, Long> lastTs) {
        for (Map.Entry<String, Long> e : lastTs.entrySet()) {
            KeyBoard b = keys.get(e.getKey());
            if (b == null || b.lastTs() < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Milliseconds from JVM start to the first forecast read, 0 before. */
    long firstForecastMillis() {
        return firstForecastMillis;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (thread.isAlive()) {
            consumer.wakeup();
            thread.join(10_000);
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(2));
        }
    }
}
