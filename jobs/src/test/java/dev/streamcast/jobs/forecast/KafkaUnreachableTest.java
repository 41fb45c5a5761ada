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
 * {@code streamcast forecast} started against a port nothing listens on, with the shipped log4j2.properties, watched
 * until its first warning and for 20 s after it: one clear WARN line naming the servers, not a flood (427 WARN lines in 45 s before the Kafka clients got a
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
            // The first line comes once the JVM and the job have started, which takes seconds on a quiet machine and
            // far longer on a loaded one; then the job must stay quiet while it keeps retrying for 20 s.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (warnings(log).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(warnings(log)).as("a WARN line within 3 minutes").isNotEmpty();
            assertThat(p.waitFor(20, TimeUnit.SECONDS))
                    .as("still running 20 s after the first warning (retrying)")
                    .isFalse();
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        List<String> warnings = warnings(log);
        System.out.println("WARN/ERROR lines: " + warnings.size() + "\n" + String.join("\n", warnings));
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("Kafka unreachable at localhost:" + port);
    }

    private static List<String> warnings(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return lines(log).stream()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .toList();
    }

    private static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p, StandardCharsets.UTF_8);
    }
}
