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
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
        Dashboard.Settings s = DashboardCommand.settings(new String[0]);
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.bind()).isEqualTo("127.0.0.1");
        assertThat(s.history()).isEqualTo(2000);
        assertThat(s.maxKeys()).isEqualTo(10_000);
    }
}
