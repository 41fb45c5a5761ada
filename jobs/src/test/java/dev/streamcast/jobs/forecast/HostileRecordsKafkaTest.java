package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile records on a real broker, the whole job on a MiniCluster that would restart it (fixed delay, 5 attempts):
 * a 900 KB record among 100 valid ones, and records dated centuries ahead or refused with a valid timestamp. Each
 * must end as one dead letter and nothing else: no restart, no forecast lost or repeated (contiguous seq per key).
 */
class HostileRecordsKafkaTest {
    private static final long T0 = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();
    private static final long STEP = 60_000;
    private static final long YEAR_2224 = 7_952_342_400_000L;
    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .setConfiguration(restarting(METRICS.addToConfiguration(new Configuration())))
            .build());

    private static EmbeddedKafka kafka;

    private static Configuration restarting(Configuration c) {
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return c;
    }

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopic("models", 1, true);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void a900KbRecordAmong100ValidOnesGives100Forecasts1DeadLetterAndNoRestart(@InjectMiniCluster MiniCluster flink)
            throws Exception {
        String[] topics = topics("big");
        StringBuilder big = new StringBuilder("{\"key\":\"k1\",\"ts\":" + (T0 + 50 * STEP) + ",\"value\":\"");
        while (big.length() < 900 * 1024) {
            big.append("not a number ");
        }
        big.append("\"}");
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(observation("k" + i % 4, T0 + i * STEP, 100 + Math.sin(i)));
            if (i == 50) {
                records.add(big.toString());
            }
        }
        Result r = run(flink, topics, records, 100, 1, "--out-of-orderness", "0s");
        assertThat(r.forecasts).hasSize(100);
        assertThat(r.deadLetters).hasSize(1);
        JsonNode d = r.deadLetters.get(0);
        assertThat(d.get("reason").asText()).isEqualTo("too_large");
        assertThat(d.get("size").asInt()).isEqualTo(big.length());
        assertThat(d.get("truncated").asBoolean()).isTrue();
        assertThat(d.get("raw_text").asText()).startsWith("{\"key\":\"k1\"");
        assertThat(d.get("offset").asLong()).isEqualTo(51L);
        assertThat(r.restarts).as("job restarts").isZero();
        SeqChecks.assertContiguous(r.forecasts, 25);
    }

    /**
     * With an out-of-orderness bound, a record dated 2224 and a refused record with a valid but later timestamp
     * must move neither the key's state nor the watermark: every later record of the key is still forecast.
     */
    @Test
    void futureAndRefusedRecordsMoveNeitherTheKeyNorTheWatermark(@InjectMiniCluster MiniCluster flink)
            throws Exception {
        String[] topics = topics("future");
        List<String> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(observation("k" + i % 2, T0 + i * STEP, 100 + Math.sin(i)));
            if (i == 10) {
                records.add(observation("k0", YEAR_2224, 1.0));
                records.add("{\"key\":\"k1\",\"ts\":" + (T0 + 1000 * STEP) + ",\"value\":NaN}");
            }
        }
        records.add(observation("k2", T0 + 40 * STEP, 1.0)); // moves the watermark past k0's and k1's last
        Result r = run(flink, topics, records, 40, 2, "--out-of-orderness", "1s");
        assertThat(r.deadLetters)
                .extracting(d -> d.get("reason").asText())
                .containsExactlyInAnyOrder("future_timestamp", "non_finite_value");
        assertThat(r.forecasts).hasSize(40);
        assertThat(r.restarts).isZero();
        SeqChecks.assertContiguous(r.forecasts, 20);
    }

    private record Result(List<JsonNode> forecasts, List<JsonNode> deadLetters, long restarts) {}

    private static String[] topics(String prefix) {
        String[] t = {prefix + "-observations", prefix + "-forecasts", prefix + "-dlq"};
        for (String name : t) {
            kafka.createTopic(name, 1, false);
        }
        return t;
    }

    private static String observation(String key, long ts, double value) {
        return "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":" + value + "}";
    }

    /**
     * Publishes model v1, starts the job, waits for the model, sends the records, and waits for the forecasts and
     * dead letters (and 2 s more: anything extra, such as a replay after a restart, would show).
     */
    private static Result run(
            MiniCluster flink, String[] topics, List<String> records, int forecasts, int deadLetters, String... extra)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--observations-topic",
                topics[0],
                "--forecasts-topic",
                topics[1],
                "--dead-letter-topic",
                topics[2],
                "--group-id",
                topics[0],
                "--parallelism",
                "1",
                "--checkpoint-interval",
                "500ms"));
        args.add("--allow-unsigned-models");
        args.addAll(List.of(extra));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ForecastJob.forKafka(ForecastConfig.fromArgs(args.toArray(new String[0])))
                .build(env);
        try (var producer = new KafkaProducer<String, byte[]>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new ByteArraySerializer());
                var out = new JsonTopicPoller(kafka.bootstrapServers(), topics[1]);
                var dlq = new JsonTopicPoller(kafka.bootstrapServers(), topics[2])) {
            producer.send(new ProducerRecord<>("models", "model", ItModels.encoded(1, 0f)))
                    .get();
            JobID job =
                    flink.submitJob(env.getStreamGraph().getJobGraph()).get().getJobID();
            try {
                awaitGauge(job, "modelVersion", 1L);
                for (String json : records) {
                    producer.send(new ProducerRecord<>(topics[0], json.getBytes(StandardCharsets.UTF_8)))
                            .get();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while ((out.poll().size() < forecasts || dlq.poll().size() < deadLetters)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(2000);
                return new Result(out.poll(), dlq.poll(), gauge(job, "numRestarts"));
            } finally {
                flink.cancelJob(job).get();
            }
        }
    }

    private static long gauge(JobID job, String name) {
        long[] v = {-1};
        METRICS.findMetrics(job, name).forEach((id, m) -> {
            if (m instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                v[0] = Math.max(v[0], n.longValue());
            }
        });
        return v[0];
    }

    private static void awaitGauge(JobID job, String name, long value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (gauge(job, name) != value) {
            assertThat(System.nanoTime()).as(name + " = " + value).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
