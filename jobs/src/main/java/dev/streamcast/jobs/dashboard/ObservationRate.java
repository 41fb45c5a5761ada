package dev.streamcast.jobs.dashboard;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Observations per second on the observations topic, without reading a single record: once a second the end offsets
 * of the topic's partitions are asked for (one admin request, whatever the rate), and their sum's growth over the
 * time between two answers is the rate. Their sum is the count of records ever written to the topic (a transactional
 * producer's commit markers take an offset each and are counted too). When Kafka does not answer within 5 s the
 * rate is unknown (NaN, shown as "-") until it does.
 */
final class ObservationRate implements AutoCloseable {
    private final Admin admin;
    private final String topic;
    private final ScheduledExecutorService timer;
    private Map<TopicPartition, OffsetSpec> partitions;
    private long lastSum = -1;
    private long lastNanos;
    private volatile long total;
    private volatile double perSecond = Double.NaN;

    ObservationRate(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        this.admin = Admin.create(p);
        this.topic = topic;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-observations");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        timer.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
    }

    /** Records written to the topic so far (the sum of its end offsets); 0 before the first answer. */
    long total() {
        return total;
    }

    /** Over the last second or so; NaN before two answers or while Kafka does not answer. */
    double perSecond() {
        return perSecond;
    }

    private void poll() {
        try {
            if (partitions == null) { // once: the topic's partitions (asked again after a failure)
                Map<TopicPartition, OffsetSpec> m = new HashMap<>();
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(5, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .forEach(i -> m.put(new TopicPartition(topic, i.partition()), OffsetSpec.latest()));
                partitions = m;
            }
            long sum = 0;
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS);
            for (ListOffsetsResult.ListOffsetsResultInfo e : ends.values()) {
                sum += e.offset();
            }
            long now = System.nanoTime();
            if (lastSum >= 0 && now > lastNanos) {
                perSecond = Math.max(0, sum - lastSum) / ((now - lastNanos) / 1e9);
            }
            lastSum = sum;
            lastNanos = now;
            total = sum;
        } catch (Exception e) {
            // Kafka did not answer (or the topic went away): unknown until it does
            perSecond = Double.NaN;
            partitions = null;
            lastSum = -1;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
