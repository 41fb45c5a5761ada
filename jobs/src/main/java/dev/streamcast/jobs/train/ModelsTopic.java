package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.data.TopicScan;
import dev.streamcast.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The models topic seen from the trainer: the champion is the newest model on it (highest version among payloads
 * that pass {@link ModelPayloads#open}), and an accepted candidate is appended under one fixed record key, so that
 * compaction keeps only the latest model.
 */
final class ModelsTopic {
    private ModelsTopic() {}

    /** The record key every model is published under. */
    static final byte[] RECORD_KEY = "model".getBytes(StandardCharsets.UTF_8);

    /** The newest usable model on the topic, or null; payloads that fail to open are reported and skipped. */
    static Model newest(String bootstrap, String topic, byte[] key, long maxBytes, PrintStream out) {
        Model[] best = {null};
        TopicScan.readAll(bootstrap, topic, (int) Math.min(Integer.MAX_VALUE, maxBytes + 1024), r -> {
            if (r.value() == null) {
                return;
            }
            try {
                Model m = ModelPayloads.open(r.value(), key, maxBytes);
                if (best[0] == null || m.version() > best[0].version()) {
                    best[0] = m;
                }
            } catch (IllegalArgumentException e) {
                out.println("  ignoring " + topic + " partition " + r.partition() + " offset " + r.offset() + ": "
                        + e.getMessage());
            }
        });
        return best[0];
    }

    /** Appends a payload and waits for the broker's acknowledgement. */
    static void publish(String bootstrap, String topic, byte[] payload) throws IOException {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(Math.max(1 << 20, payload.length + 4096)));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, RECORD_KEY, payload)).get();
        } catch (ExecutionException e) {
            throw new IOException(
                    "publishing " + payload.length + " bytes to " + topic + " at " + bootstrap + " failed: "
                            + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing to " + topic, e);
        }
    }
}
