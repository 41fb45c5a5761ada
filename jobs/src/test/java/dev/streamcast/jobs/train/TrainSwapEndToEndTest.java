package dev.streamcast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ForecastOptions;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.forecast.ForecastJob;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop closed, end to end: a real KRaft broker and a Flink MiniCluster run the forecast job (parallelism 2) on
 * four keys with a weak, signed initial model (all-zero weights: it forecasts each key's running mean). Midway, the
 * train command, called in-process, reads the history from the observations topic, finds the weak champion on the
 * models topic, trains a better model and publishes it signed. The job swaps to it without a restart: every
 * observation gets exactly one forecast across the swap, each key's versions go 1 then 2, and the one-step error
 * under version 2 is lower than under version 1.
 */
class TrainSwapEndToEndTest {
    private static final int KEYS = 4;
    private static final int BEFORE = 240;
    private static final int AFTER = 160;
    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final long STEP = 3_600_000L;
    private static final String KEY = "e2e-signing-key";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path dir;

    private final double[][] series = new double[KEYS][BEFORE + AFTER];

    @Test
    void trainerPublishesABetterModelMidStreamAndForecastsSwitchWithoutLossOrRepeats() throws Exception {
        Random rnd = new Random(3);
        for (int k = 0; k < KEYS; k++) {
            double phase = rnd.nextDouble() * 24;
            for (int t = 0; t < BEFORE + AFTER; t++) {
                series[k][t] = 20 + 3 * k + Math.sin(2 * Math.PI * (t + phase) / 24) + 0.05 * rnd.nextGaussian();
            }
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bs = kafka.bootstrapServers();
            kafka.createTopic("observations", 2, false);
            kafka.createTopic("models", 1, true);
            kafka.createTopic("forecasts", 2, false);
            kafka.createTopic("observations-dlq", 1, false);
            ModelConfig cfg = ModelConfig.univariate(CellType.LSTM, 8, 1, Transform.NONE);
            Model weak = new Model(cfg, Weights.zeros(cfg), 1, Provenance.untrained("weak initial model"));
            byte[] weakPayload = ModelPayloads.seal(weak, KEY.getBytes(StandardCharsets.UTF_8));
            Path weakFile = dir.resolve("weak.model");
            Files.write(weakFile, weakPayload);
            ModelsTopic.publish(bs, "models", weakPayload);

            ForecastConfig fc = ForecastOptions.parse(
                    "--bootstrap-servers",
                    bs,
                    "--parallelism",
                    "2",
                    "--model",
                    weakFile.toString(),
                    "--checkpoint-interval",
                    "2s",
                    "--model-key",
                    KEY);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            ForecastJob.forKafka(fc).build(env);
            Configuration noRestarts = new Configuration();
            noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // "without a restart", enforced
            env.configure(noRestarts);
            JobClient job = env.executeAsync("train swap e2e");
            try (KafkaProducer<byte[], byte[]> producer = producer(bs);
                    KafkaConsumer<byte[], byte[]> forecasts = consumer(bs)) {
                List<JsonNode> seen = new ArrayList<>();
                produce(producer, 0, BEFORE);
                await(forecasts, seen, KEYS * BEFORE);

                ByteArrayOutputStream console = new ByteArrayOutputStream();
                TrainCommand train = new TrainCommand(
                        new PrintStream(console, true, StandardCharsets.UTF_8),
                        System.err,
                        Map.of(),
                        Clock.systemUTC());
                TrainVerdict o = train.runOnce(TrainSettings.from(
                        TrainOptions.parse(
                                "--bootstrap-servers",
                                bs,
                                "--publish",
                                "--model-key",
                                KEY,
                                "--hidden",
                                "8",
                                "--k1",
                                "12",
                                "--k2",
                                "24",
                                "--batch",
                                "4",
                                "--lr",
                                "0.01",
                                "--epochs",
                                "8",
                                "--seed",
                                "1"),
                        Map.of()));
                assertThat(o.decision())
                        .as(console.toString(StandardCharsets.UTF_8))
                        .isEqualTo(TrainVerdict.Decision.ACCEPTED);
                assertThat(o.candidate().version()).isEqualTo(2);
                assertThat(console.toString(StandardCharsets.UTF_8))
                        .contains("champion: version 1")
                        .contains("history: 4 keys, " + KEYS * BEFORE + " observations");

                // The models and observations topics are read by separate sources, so v2 reaches the operator at
                // some point among the next observations: send them one hour at a time until every key has had a
                // v2 forecast (a burst could outrun the models source), then the rest at once.
                int t = BEFORE;
                Set<String> swapped = new HashSet<>();
                while (swapped.size() < KEYS && t < BEFORE + AFTER / 2) {
                    produce(producer, t, ++t);
                    await(forecasts, seen, KEYS * t);
                    seen.stream()
                            .filter(f -> f.get("model_version").asInt() == 2)
                            .forEach(f -> swapped.add(f.get("key").asText()));
                }
                assertThat(swapped)
                        .as("keys served by v2 within " + (t - BEFORE) + " hours")
                        .hasSize(KEYS);
                produce(producer, t, BEFORE + AFTER);
                await(forecasts, seen, KEYS * (BEFORE + AFTER));
                poll(forecasts, seen, Duration.ofSeconds(2)); // anything answered twice would show up here
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
                check(seen);
            } finally {
                job.cancel().get();
            }
        }
    }

    private void check(List<JsonNode> forecasts) {
        Map<String, Integer> perObservation = new HashMap<>();
        Map<String, List<Long>> versions = new HashMap<>();
        double[] sum = new double[3];
        int[] count = new int[3];
        forecasts.sort((a, b) -> a.get("ts").asText().compareTo(b.get("ts").asText()));
        for (JsonNode f : forecasts) {
            String key = f.get("key").asText();
            long ts = Instant.parse(f.get("ts").asText()).toEpochMilli();
            perObservation.merge(key + "@" + ts, 1, Integer::sum);
            int v = f.get("model_version").asInt();
            versions.computeIfAbsent(key, x -> new ArrayList<>()).add((long) v);
            int k = Integer.parseInt(key.substring(1));
            int t = (int) ((ts - T0) / STEP);
            if (t + 1 < BEFORE + AFTER && t >= 24) { // scored against the next actual, after a day of warm-up
                sum[v] += Math.abs(f.get("forecast").asDouble() - series[k][t + 1]);
                count[v]++;
            }
        }
        assertThat(perObservation).hasSize(KEYS * (BEFORE + AFTER));
        assertThat(perObservation.values()).allMatch(n -> n == 1);
        for (List<Long> v : versions.values()) {
            assertThat(v).isSorted();
            assertThat(v.get(0)).isEqualTo(1L);
            assertThat(v.get(v.size() - 1)).isEqualTo(2L);
        }
        double maeBefore = sum[1] / count[1];
        double maeAfter = sum[2] / count[2];
        System.out.printf(
                "one-step MAE: version 1 %.4f (%d forecasts), version 2 %.4f (%d forecasts)%n",
                maeBefore, count[1], maeAfter, count[2]);
        assertThat(maeAfter).isLessThan(maeBefore);
    }

    private void produce(KafkaProducer<byte[], byte[]> producer, int from, int to) throws Exception {
        for (int t = from; t < to; t++) {
            for (int k = 0; k < KEYS; k++) {
                String json = "{\"key\":\"k" + k + "\",\"ts\":\"" + Instant.ofEpochMilli(T0 + t * STEP)
                        + "\",\"value\":" + series[k][t] + "}";
                producer.send(new ProducerRecord<>(
                        "observations",
                        ("k" + k).getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8)));
            }
        }
        producer.flush();
    }

    private static void await(KafkaConsumer<byte[], byte[]> c, List<JsonNode> seen, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (seen.size() < n && System.nanoTime() < deadline) {
            poll(c, seen, Duration.ofMillis(500));
        }
        assertThat(seen).as("forecasts received").hasSizeGreaterThanOrEqualTo(n);
    }

    private static void poll(KafkaConsumer<byte[], byte[]> c, List<JsonNode> seen, Duration d) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long end = System.nanoTime() + d.toNanos();
        do {
            for (var r : c.poll(Duration.ofMillis(200))) {
                seen.add(json.readTree(r.value()));
            }
        } while (System.nanoTime() < end);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bs) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bs);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
        c.subscribe(List.of("forecasts"));
        return c;
    }
}
