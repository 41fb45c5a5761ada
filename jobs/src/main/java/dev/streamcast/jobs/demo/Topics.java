package dev.streamcast.jobs.demo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The demo's four topics. On the embedded broker they have the job's default names; on an existing Kafka
 * ({@code --bootstrap-servers}) each name gets a per-run suffix so that a run never reads an earlier run's records.
 */
record Topics(String observations, String forecasts, String deadLetters, String models) {

    static Topics named(String suffix) {
        return new Topics(
                "observations" + suffix, "forecasts" + suffix, "observations-dlq" + suffix, "models" + suffix);
    }

    /** Creates the topics (one partition each, models compacted); existing ones are kept. */
    void create(String bootstrapServers) {
        List<NewTopic> topics = List.of(
                new NewTopic(observations, 1, (short) 1),
                new NewTopic(forecasts, 1, (short) 1),
                new NewTopic(deadLetters, 1, (short) 1),
                new NewTopic(models, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                15_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                20_000))) {
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(20, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic '" + t.name() + "' on " + bootstrapServers + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no Kafka answered at " + bootstrapServers + " within 20 s");
        }
    }
}
