package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamcast forecast} started against a port nothing listens on, with the shipped log4j2.properties, for
 * 20 s: one clear WARN line naming the servers, not a flood (427 WARN lines in 45 s before the Kafka clients got a
 * reconnect backoff and their per-attempt warnings were silenced). Runs the command in a child JVM, as a user would.
 */
class KafkaUnreachableTest {

    @Test
    void theJobLogsOneClearLineAndKeepsRetrying(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path log = dir.resolve("out.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dlog4j2.configurationFile="
                                + Path.of("src/main/resources/log4j2.properties")
                                        .toAbsolutePath(),
                        "dev.streamcast.jobs.Main",
                        "forecast",
                        "--bootstrap-servers",
                        "localhost:" + port,
                        "--checkpoint-dir",
                        dir.resolve("ck").toUri().toString(),
                        "--model-key",
                        "k") // the quiet case: signed models only
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(p.waitFor(20, TimeUnit.SECONDS))
                    .as("still running after 20 s (retrying)")
                    .isFalse();
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        List<String> warnings = lines(log).stream()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .toList();
        System.out.println("WARN/ERROR lines in 20 s: " + warnings.size() + "\n" + String.join("\n", warnings));
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("Kafka unreachable at localhost:" + port);
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }
}
