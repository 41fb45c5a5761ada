package dev.streamcast.jobs.common;

import dev.streamcast.model.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one publisher of models: seals each model ({@link ModelPayloads#seal}, signed with the key) and appends it to the
 * compacted models topic under the one record key {@link #RECORD_KEY}, so that compaction keeps only the latest,
 * waiting for the broker's acknowledgement. The train command and the demo both publish through it.
 */
public final class ModelPublisher implements AutoCloseable {
    /** The record key every model is published under. */
    public static final byte[] RECORD_KEY = "model".getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrapServers;
    private final String topic;
    private final byte[] key;

    /**
     * @param key the signing key; null publishes unsigned models, which the forecast job refuses unless it is started
     *     with --allow-unsigned-models
     * @param maxPayloadBytes the largest payload this publisher sends (the producer's request size follows it)
     */
    public ModelPublisher(String bootstrapServers, String topic, byte[] key, long maxPayloadBytes) {
        if (key != null && key.length == 0) {
            throw new IllegalArgumentException("model-key must not be empty");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int)
                Math.min(Integer.MAX_VALUE, Math.max(1 << 20, maxPayloadBytes + 4096)));
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.key = key;
    }

    /**
     * Seals and publishes {@code model}.
     *
     * @return the payload as published
     */
    public byte[] publish(Model model) throws IOException {
        byte[] payload = ModelPayloads.seal(model, key);
        publish(payload);
        return payload;
    }

    /** Publishes a payload sealed by the caller (with this publisher's key). */
    public void publish(byte[] payload) throws IOException {
        try {
            producer.send(new ProducerRecord<>(topic, RECORD_KEY, payload)).get();
        } catch (ExecutionException e) {
            throw new IOException(
                    "publishing " + payload.length + " bytes to " + topic + " at " + bootstrapServers + " failed: "
                            + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing to " + topic, e);
        }
    }

    /** A random key (32 bytes from SecureRandom, Base64), for a run that signs and checks its own models. */
    public static String randomKey() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
