package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import dev.streamcast.jobs.replay.Replayer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest over a time range of the observations topic of a real (in-process) broker: records parsed like the
 * forecast job parses them, bad records counted in summary.json, rows outside --from/--to and before --last left out.
 */
class BacktestKafkaTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final long T0 = Instant.parse("2021-01-01T00:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    /**
     * Keys a and b, one observation a day on days -5..34 (days outside 0..29 hold 500, far off the series), sent
     * newest first over two partitions; then three bad records: not JSON, a NaN value, and a second day 3 for a.
     */
    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopic("obs", 2, false);
        Replayer replayer = new Replayer();
        List<String> columns = List.of("value");
        try (var p = new KafkaProducer<>(
                Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int d = 34; d >= -5; d--) {
                for (String key : List.of("a", "b")) {
                    double v = d < 0 || d >= 30
                            ? 500
                            : (key.equals("a") ? 10 : 20) + 3 * Math.sin(2 * Math.PI * d / 7) + 0.1 * d;
                    send(p, key, replayer.toJson(new LongCsv.Row(key, T0 + d * DAY, new double[] {v}, 0), columns));
                }
            }
            send(p, "a", "{not json".getBytes(StandardCharsets.UTF_8));
            send(
                    p,
                    "b",
                    ("{\"key\":\"b\",\"ts\":" + (T0 + 5 * DAY) + ",\"value\":NaN}").getBytes(StandardCharsets.UTF_8));
            send(p, "a", replayer.toJson(new LongCsv.Row("a", T0 + 3 * DAY, new double[] {999}, 0), columns));
            p.flush();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String key, byte[] value) {
        p.send(new ProducerRecord<>("obs", key.getBytes(StandardCharsets.UTF_8), value));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private JsonNode run(Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--observations-topic",
                "obs",
                "--from",
                "2021-01-01T00:00:00Z",
                "--to",
                "2021-01-31T00:00:00Z",
                "--out",
                out.toString(),
                "--season",
                "7"));
        args.addAll(List.of(more));
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BacktestCommand.run(
                args.toArray(new String[0]), quiet, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    @Test
    void backtestsATimeRangeOfTheTopicCountingBadRecordsAndLeavingOutRowsOutsideTheRange() throws Exception {
        Path out = dir.resolve("range");
        JsonNode s = run(out, "--hidden", "4", "--epochs", "2", "--k1", "8", "--k2", "8", "--batch", "4");

        // days 0..29 per key: trains on the first 24, scores the last 6
        assertThat(s.at("/keys/a/count").asLong()).isEqualTo(6);
        assertThat(s.at("/keys/b/count").asLong()).isEqualTo(6);
        assertThat(s.at("/overall/count").asLong()).isEqualTo(12);
        // not JSON, NaN, duplicate timestamp; their "lines" are running record numbers (80 good records + 3)
        assertThat(s.at("/bad_rows/count").asLong()).isEqualTo(3);
        s.at("/bad_rows/lines").forEach(l -> assertThat(l.asLong()).isBetween(1L, 83L));

        List<String> rows = Files.readAllLines(out.resolve("forecasts.csv"));
        assertThat(rows).hasSize(1 + 12);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            long ts = Instant.parse(f[1]).toEpochMilli();
            assertThat(ts).isBetween(T0 + 24 * DAY, T0 + 29 * DAY);
            assertThat(Double.parseDouble(f[2])).isLessThan(100); // no day outside the range (500) was scored
        }

        // --last 20 keeps days 10..29 per key: trains on 16, scores 4 (with the model just trained)
        JsonNode last = run(
                dir.resolve("last"),
                "--last",
                "20",
                "--model",
                out.resolve("model.bin").toString(),
                "--allow-unsigned-models");
        assertThat(last.at("/keys/a/count").asLong()).isEqualTo(4);
        assertThat(last.at("/overall/count").asLong()).isEqualTo(8);
    }
}
