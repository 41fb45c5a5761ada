package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
 * The whole forecast job on a Flink MiniCluster (parallelism 2) against a real Kafka broker started by the test:
 * 20 keys, valid and invalid records, model v1, then v2 and v3 published while the job runs. Every valid
 * observation must give exactly one forecast, every invalid record exactly one dead letter with its reason, and
 * each model update must change the forecasts of the keys on EVERY subtask without a restart.
 *
 * <p>The models differ in their head bias ({@link ItModels}): v2's forecasts sit well above the series, v3's well
 * below, so the weights in use (not only the version field) show which model each subtask runs.
 */
class ForecastJobKafkaTest {
    private static final int PARALLELISM = 2;
    private static final int KEYS = 20;
    private static final long T0 = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();
    private static final long STEP = 60_000;

    private static final InMemoryReporter METRICS = InMemoryReporter.create();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .build());

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopic("observations", 2, false);
        kafka.createTopic("models", 1, true);
        kafka.createTopic("forecasts", 2, false);
        kafka.createTopic("observations-dlq", 2, false);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private final Map<String, Long> validSent = new HashMap<>(); // "key@ts" -> ts
    private final Map<String, Reason> invalidSent = new HashMap<>(); // raw text -> expected reason
    private final long[] lastTs = new long[KEYS];
    private int round;

    @Test
    void everyRecordGivesOneOutputAndEveryModelUpdateReachesEverySubtask() throws Exception {
        ForecastConfig config = ForecastConfig.fromArgs(new String[] {
            "--allow-unsigned-models",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--parallelism",
            String.valueOf(PARALLELISM),
            "--checkpoint-interval",
            "2s",
            "--group-id",
            "it"
        });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ForecastJob.forKafka(config).build(env);
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failure must fail the test
        env.configure(noRestarts);

        try (var producer = new KafkaProducer<String, byte[]>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new ByteArraySerializer());
                var forecasts = new JsonTopicPoller(kafka.bootstrapServers(), "forecasts");
                var deadLetters = new JsonTopicPoller(kafka.bootstrapServers(), "observations-dlq")) {
            producer.send(new ProducerRecord<>("models", "model", ItModels.encoded(1, 0f)))
                    .get();
            JobClient job = env.executeAsync("forecast-it");
            try {
                await(() -> modelVersions(job.getJobID()).equals(List.of(1L, 1L)), "v1 on both subtasks");
                List<Integer> phaseA = sendRounds(producer, 4);
                awaitOutputs(forecasts, deadLetters);

                producer.send(new ProducerRecord<>("models", "model", ItModels.encoded(2, 5f)))
                        .get();
                sendRoundsUntilAllAt(2, producer, forecasts, deadLetters);
                List<Integer> phaseB = sendRounds(producer, 3);
                awaitOutputs(forecasts, deadLetters);

                producer.send(new ProducerRecord<>("models", "model", ItModels.encoded(3, -5f)))
                        .get();
                sendRoundsUntilAllAt(3, producer, forecasts, deadLetters);
                List<Integer> phaseC = sendRounds(producer, 3);
                awaitOutputs(forecasts, deadLetters);

                assertExactlyOneOutputPerRecord(forecasts.poll(), deadLetters.poll());
                ItChecks.assertVersionsOnlyIncrease(forecasts.poll());
                ItChecks.assertEverySubtaskRuns(forecasts.poll(), phaseA, 1, 0, PARALLELISM);
                ItChecks.assertEverySubtaskRuns(forecasts.poll(), phaseB, 2, +1, PARALLELISM);
                ItChecks.assertEverySubtaskRuns(forecasts.poll(), phaseC, 3, -1, PARALLELISM);
            } finally {
                job.cancel().get();
            }
        }
    }

    /** One round: one valid observation per key (ts one step on), plus one invalid record of each kind. */
    private void sendRound(KafkaProducer<String, byte[]> p) throws Exception {
        round++;
        for (int k = 0; k < KEYS; k++) {
            String key = "k" + k;
            long ts = T0 + round * STEP;
            double value = 100 + 10 * k + 3 * Math.sin(round / 2.0 + k);
            String json = round % 2 == 0
                    ? "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":" + value + "}"
                    : "{\"key\":\"" + key + "\",\"ts\":\"" + Instant.ofEpochMilli(ts) + "\",\"value\":" + value + "}";
            send(p, key, json);
            validSent.put(key + "@" + ts, ts);
            lastTs[k] = ts;
        }
        String r = "r" + round;
        invalid(p, null, "{\"key\":\"k1\",\"ts\":" + round + ",\"value\":", Reason.MALFORMED_JSON);
        invalid(p, "k2", "{\"key\":\"k2\",\"value\":1.0,\"note\":\"" + r + "\"}", Reason.MISSING_FIELD);
        invalid(p, "k3", "{\"key\":\"k3\",\"ts\":\"" + r + "\",\"value\":1.0}", Reason.BAD_TIMESTAMP);
        invalid(
                p,
                "k4",
                "{\"key\":\"k4\",\"ts\":" + (T0 + round * STEP + 1) + ",\"value\":NaN}",
                Reason.NON_FINITE_VALUE);
        invalid(
                p,
                "k5",
                "{\"key\":\"k5\",\"ts\":1,\"values\":{\"value\":1,\"x\":2},\"n\":\"" + r + "\"}",
                Reason.WRONG_FEATURE_COUNT);
        // a repeat of k6's observation of this round, and one older than k7's last: rejected by the operator
        invalid(p, "k6", "{\"key\":\"k6\",\"ts\":" + lastTs[6] + ",\"value\":7.0}", Reason.DUPLICATE);
        invalid(p, "k7", "{\"key\":\"k7\",\"ts\":" + (lastTs[7] - STEP / 2) + ",\"value\":7.0}", Reason.TOO_LATE);
        p.flush();
    }

    private List<Integer> sendRounds(KafkaProducer<String, byte[]> p, int n) throws Exception {
        List<Integer> rounds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sendRound(p);
            rounds.add(round);
        }
        return rounds;
    }

    /** Sends rounds until a whole round is forecast by {@code version}: the update has reached every subtask. */
    private void sendRoundsUntilAllAt(
            long version, KafkaProducer<String, byte[]> p, JsonTopicPoller forecasts, JsonTopicPoller deadLetters)
            throws Exception {
        for (int i = 0; i < 50; i++) {
            sendRound(p);
            awaitOutputs(forecasts, deadLetters);
            long ts = T0 + round * STEP;
            if (forecasts.poll().stream()
                    .filter(f -> Instant.parse(f.get("ts").asText()).toEpochMilli() == ts)
                    .allMatch(f -> f.get("model_version").asLong() == version)) {
                System.out.printf("model v%d served every key after %d round(s)%n", version, i + 1);
                return;
            }
        }
        throw new AssertionError("model v" + version + " did not reach every subtask within 50 rounds");
    }

    private void send(KafkaProducer<String, byte[]> p, String key, String json) throws Exception {
        p.send(new ProducerRecord<>("observations", key, json.getBytes(StandardCharsets.UTF_8)));
    }

    private void invalid(KafkaProducer<String, byte[]> p, String key, String json, Reason reason) throws Exception {
        send(p, key, json);
        invalidSent.put(json, reason);
    }

    private void awaitOutputs(JsonTopicPoller forecasts, JsonTopicPoller deadLetters) throws InterruptedException {
        await(
                () -> forecasts.poll().size() >= validSent.size()
                        && deadLetters.poll().size() >= invalidSent.size(),
                validSent.size() + " forecasts and " + invalidSent.size() + " dead letters");
    }

    private void assertExactlyOneOutputPerRecord(List<JsonNode> forecasts, List<JsonNode> deadLetters) {
        Map<String, Integer> perObservation = new HashMap<>();
        for (JsonNode f : forecasts) {
            perObservation.merge(
                    f.get("key").asText() + "@"
                            + Instant.parse(f.get("ts").asText()).toEpochMilli(),
                    1,
                    Integer::sum);
        }
        assertThat(perObservation.keySet()).containsExactlyInAnyOrderElementsOf(validSent.keySet());
        assertThat(perObservation.values()).allMatch(n -> n == 1);
        Map<String, Reason> got = new HashMap<>();
        for (JsonNode d : deadLetters) {
            Reason reason = Reason.valueOf(d.get("reason").asText().toUpperCase(Locale.ROOT));
            assertThat(got.put(d.get("raw_text").asText(), reason))
                    .as("one dead letter per invalid record")
                    .isNull();
        }
        assertThat(got).isEqualTo(invalidSent);
    }

    /** The forecast operator's modelVersion gauges, one per subtask, sorted. */
    private static List<Long> modelVersions(JobID job) {
        List<Long> v = new ArrayList<>();
        METRICS.findMetrics(job, "modelVersion")
                .forEach((id, m) -> v.add(((Number) ((Gauge<?>) m).getValue()).longValue()));
        v.sort(null);
        return v;
    }

    static int subtaskOf(String key) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(
                key, KeyGroupRangeAssignment.computeDefaultMaxParallelism(PARALLELISM), PARALLELISM);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
