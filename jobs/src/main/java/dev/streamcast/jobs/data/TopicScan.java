package dev.streamcast.jobs.data;

import dev.streamcast.jobs.cli.Failures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic once, from the earliest offset of every partition up to the end offsets seen at the start, with
 * a plain consumer that joins no group and commits nothing (the trainer and the backtest are readers, not members of
 * the job's consumer group).
 */
public final class TopicScan {
    private TopicScan() {}

    /**
     * How long a read waits for the brokers to answer before it gives up with a {@link BadInputException}: train and
     * backtest with {@code --bootstrap-servers} end with one line instead of hanging when Kafka is unreachable.
     */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Calls {@code each} for every record; a topic that does not exist reads as empty.
     *
     * @throws BadInputException when the brokers do not answer within {@link #CONNECT_TIMEOUT}
     */
    public static void readAll(
            String bootstrap, String topic, int maxRecordBytes, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(Math.max(1 << 20, maxRecordBytes)));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(Math.max(50 << 20, maxRecordBytes)));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(CONNECT_TIMEOUT.toMillis()));
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        KafkaConsumer<byte[], byte[]> consumer;
        try {
            consumer = new KafkaConsumer<>(p);
        } catch (KafkaException e) {
            throw new BadInputException("Kafka at " + bootstrap + ": " + Failures.oneLine(e), e);
        }
        try (KafkaConsumer<byte[], byte[]> c = consumer) {
            List<PartitionInfo> infos;
            try {
                infos = c.listTopics(CONNECT_TIMEOUT).get(topic);
            } catch (TimeoutException e) {
                throw new BadInputException(
                        "Kafka at " + bootstrap + " did not answer within " + CONNECT_TIMEOUT.toSeconds()
                                + " s (reading topic " + topic + "); is --bootstrap-servers right?");
            }
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : infos) {
                parts.add(new TopicPartition(topic, i.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long idleSince = System.nanoTime();
            while (!done(c, end)) {
                var records = c.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                }
                records.forEach(each);
                if (System.nanoTime() - idleSince > 60_000_000_000L) {
                    throw new IllegalStateException("reading " + topic + " from " + bootstrap
                            + ": no progress for 60 s before reaching the end offsets " + end);
                }
            }
        }
    }

    private static boolean done(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
