package dev.streamcast.jobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.jobs.cli.ExitStatus;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code dashboard} command's options and its one-line failures, against a real (embedded) broker. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardCommandTest {
    static EmbeddedKafka kafka;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void broker() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopic("forecasts", 1, false);
        kafka.createTopic("observations-dlq", 1, false);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    int run(String... args) throws Exception {
        return DashboardCommand.run(
                DashboardCommand.settings(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingTopicIsOneLineAndExitStatus1() throws Exception {
        assertThat(run("--bootstrap-servers", kafka.bootstrapServers(), "--port", "0"))
                .isEqualTo(ExitStatus.FAILED);
        assertThat(errText())
                .isEqualTo("dashboard: topic 'models' does not exist on " + kafka.bootstrapServers()
                        + System.lineSeparator());
    }

    @Test
    void aTakenPortIsOneLineAndExitStatus1() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertThat(run("--bootstrap-servers", kafka.bootstrapServers(), "--port", String.valueOf(port)))
                    .isEqualTo(ExitStatus.FAILED);
            assertThat(errText().lines().toList()).hasSize(1);
            assertThat(errText()).startsWith("dashboard: cannot listen on 127.0.0.1:" + port + ": ");
        }
    }

    @Test
    void badOptionsNameThemselves() {
        assertThatThrownBy(() -> DashboardCommand.settings(new String[] {"--port", "70000"}))
                .hasMessage("--port must be in [0, 65535], found 70000");
        assertThatThrownBy(() -> DashboardCommand.settings(new String[] {"--history", "5"}))
                .hasMessage("--history must be in [10, 100000], found 5");
        assertThatThrownBy(() -> DashboardCommand.settings(new String[] {"--lookback", "10"}))
                .hasMessageStartingWith("--lookback must be a duration with a unit");
        assertThatThrownBy(() -> DashboardCommand.settings(new String[] {"--max-key", "5"}))
                .hasMessageStartingWith("unknown option --max-key");
        assertThatThrownBy(() -> DashboardCommand.settings(new String[] {"--horizon", "0"}))
                .hasMessage("--horizon must be in [1, 64], found 0");
        assertThatThrownBy(() -> DashboardCommand.settings(new String[] {"--horizon", "65"}))
                .hasMessage("--horizon must be in [1, 64], found 65");
        assertThatThrownBy(() -> DashboardCommand.settings(new String[] {"--horizon", "12.5"}))
                .hasMessageStartingWith("--horizon");
        assertThat(DashboardCommand.settings(new String[] {"--horizon", "12"}).horizon())
                .isEqualTo(12);
        Dashboard.Settings s = DashboardCommand.settings(new String[0]);
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.bind()).isEqualTo("127.0.0.1");
        assertThat(s.history()).isEqualTo(2000);
        assertThat(s.maxKeys()).isEqualTo(10_000);
        assertThat(s.horizon()).as("all the steps a forecast can carry").isEqualTo(64);
        assertThat(s.observationsTopic()).isEqualTo("observations");
    }

    @Test
    void aMissingObservationsTopicIsOneLineAndExitStatus1() throws Exception {
        kafka.createTopic("models-m", 1, true);
        assertThat(run(
                        "--bootstrap-servers", kafka.bootstrapServers(),
                        "--port", "0",
                        "--models-topic", "models-m",
                        "--observations-topic", "observations-none"))
                .isEqualTo(ExitStatus.FAILED);
        assertThat(errText())
                .isEqualTo("dashboard: topic 'observations-none' does not exist on " + kafka.bootstrapServers()
                        + System.lineSeparator());
    }

    @Test
    void countsObservationsPerSecondFromTheObservationTopicsEndOffsets() throws Exception {
        kafka.createTopic("models-o", 1, true);
        kafka.createTopic("observations-o", 2, false);
        Dashboard dash = Dashboard.start(DashboardCommand.settings(new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(),
            "--port", "0",
            "--models-topic", "models-o",
            "--observations-topic", "observations-o"
        }));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        HttpClient http = HttpClient.newHttpClient();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(
                        "observations-o",
                        ("k" + i % 7).getBytes(StandardCharsets.UTF_8),
                        ("{\"key\":\"k\",\"ts\":" + i + ",\"value\":1}").getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
            // the total is the sum of the partitions' end offsets; the rate is its growth per second
            String totals = awaitTotals(http, dash, "\"observations\":300,");
            assertThat(totals).doesNotContain("\"observations_per_second\":0.0,");
            // nothing more is written: the rate falls to 0 and the total stays
            awaitTotals(http, dash, "\"observations\":300,\"observations_per_second\":0.0,");
        } finally {
            dash.close();
        }
    }

    /** Polls /api/keys until its totals contain {@code text}; returns them. */
    static String awaitTotals(HttpClient http, Dashboard dash, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(
                            HttpRequest.newBuilder(URI.create(dash.url() + "api/keys"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            if (body.contains(text)) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + text + " in " + body);
    }
}
