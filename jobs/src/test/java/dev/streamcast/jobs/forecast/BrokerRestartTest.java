package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kafka broker stops for 10 s mid-stream and comes back on the same ports and data directory, while the forecast
 * job runs on a MiniCluster (checkpoints every second, restarts allowed). With exactly-once delivery a
 * {@code read_committed} consumer sees exactly one forecast per observation, seq 1..n per key; with at-least-once,
 * none is missing (a repeat carries the seq of the same observation).
 */
class BrokerRestartTest {
    private static final int KEYS = 6;
    private static final int HOURS = 60;
    private static final long T0 = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
    private static final long STEP = 3_600_000L;

    @ParameterizedTest
    @ValueSource(strings = {"exactly-once", "at-least-once"})
    void aBrokerRestartLosesNoForecast(String delivery) throws Exception {
        InMemoryReporter metrics = InMemoryReporter.create();
        Configuration conf = TestSupport.faultTestConfiguration(metrics);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(1)
                        .build())) {
            kafka.createTopic("observations", 1, false);
            kafka.createTopic("models", 1, true);
            kafka.createTopic("forecasts", 1, false);
            kafka.createTopic("observations-dlq", 1, false);
            flink.start();
            ForecastConfig config = ForecastConfig.fromArgs(new String[] {
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--parallelism",
                "1",
                "--checkpoint-interval",
                "1s",
                "--group-id",
                "restart",
                "--delivery",
                delivery,
                "--allow-unsigned-models"
            });
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            ForecastJob.forKafka(config).build(env);
            try (var producer = new KafkaProducer<String, byte[]>(
                            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                            new StringSerializer(),
                            new ByteArraySerializer());
                    var committed = new JsonTopicPoller(kafka.bootstrapServers(), "forecasts")) {
                producer.send(new ProducerRecord<>("models", "model", ItModels.encoded(1, 0f)))
                        .get();
                JobID job = flink.submitJob(env.getStreamGraph().getJobGraph())
                        .get()
                        .getJobID();
                awaitModel(metrics, job);
                sendHours(producer, 0, HOURS / 2);
                awaitObservations(committed, KEYS * HOURS / 4, "forecasts before the broker stops");

                kafka.stop();
                Thread.sleep(10_000);
                kafka.restart();

                sendHours(producer, HOURS / 2, HOURS);
                awaitObservations(committed, KEYS * HOURS, "a forecast for every observation");
                Thread.sleep(3000); // more checkpoints: a duplicate would be committed by now
                List<JsonNode> all = committed.poll();
                if (delivery.equals("exactly-once")) {
                    assertThat(all).as("committed forecasts").hasSize(KEYS * HOURS);
                    SeqChecks.assertContiguous(all, HOURS);
                } else {
                    SeqChecks.assertNoneMissing(all, HOURS);
                }
                System.out.printf("%s: %d forecasts for %d observations%n", delivery, all.size(), KEYS * HOURS);
                flink.cancelJob(job).get();
            }
        }
    }

    private static void sendHours(KafkaProducer<String, byte[]> producer, int from, int to) throws Exception {
        for (int t = from; t < to; t++) {
            for (int k = 0; k < KEYS; k++) {
                double v = 50 + k + 5 * Math.sin(2 * Math.PI * t / 24);
                String json = "{\"key\":\"s" + k + "\",\"ts\":\"" + Instant.ofEpochMilli(T0 + t * STEP)
                        + "\",\"value\":" + v + "}";
                producer.send(new ProducerRecord<>("observations", "s" + k, json.getBytes(StandardCharsets.UTF_8)));
            }
            Thread.sleep(10);
        }
        producer.flush();
    }

    private static void awaitModel(InMemoryReporter metrics, JobID job) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            long[] v = {0};
            metrics.findMetrics(job, "modelVersion")
                    .forEach((id, m) -> v[0] = ((Number) ((Gauge<?>) m).getValue()).longValue());
            if (v[0] == 1L) {
                return;
            }
            assertThat(System.nanoTime()).as("model v1 loaded").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Waits until n distinct observations have a committed forecast (two minutes at most). */
    private static void awaitObservations(JsonTopicPoller reader, int n, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (distinct(reader.poll()) < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(distinct(reader.poll())).as(what).isGreaterThanOrEqualTo(n);
    }

    private static int distinct(List<JsonNode> forecasts) {
        Map<String, Boolean> seen = new HashMap<>();
        forecasts.forEach(
                f -> seen.put(f.get("key").asText() + "@" + f.get("ts").asText(), true));
        return seen.size();
    }
}
