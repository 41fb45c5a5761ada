package dev.streamcast.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, in process and headless, on a short generated dataset (4 seasonal series, 2,000
 * observations): a real Kafka broker, the forecast job on a MiniCluster, a deliberately weak first model (1 epoch)
 * and a short retrain period with --force-first-retrain, so that a hot swap is certain.
 */
class DemoEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void runsTheWholeLoopSwapsAModelAndCleansUp() throws Exception {
        Path csv = seasonalCsv(dir.resolve("short.csv"), 4, 500);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Set<String> sharedCheckpoints = sharedCheckpointEntries();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        DemoCommand.Outcome o = DemoCommand.execute(
                new String[] {
                    "--data",
                    csv.toString(),
                    "--headless",
                    "--speed",
                    "120",
                    "--retrain-every",
                    "2s",
                    "--first-epochs",
                    "1",
                    "--force-first-retrain",
                    "--ui-port",
                    String.valueOf(freePort()),
                    "--dashboard-port",
                    "0"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                DemoCommand.embeddedBroker(),
                false);

        String console = out.toString(StandardCharsets.UTF_8);
        System.out.println(console);
        assertThat(o.exitCode())
                .as("exit code; stderr: %s%nstdout: %s", err, console)
                .isZero();
        Demo.Result r = o.result();
        assertThat(r.forecastsPerKey()).containsOnlyKeys("s0", "s1", "s2", "s3");
        assertThat(r.forecastsPerKey().values()).allSatisfy(n -> assertThat(n).isGreaterThan(400));
        assertThat(r.swaps()).as(console).isGreaterThanOrEqualTo(1);
        assertThat(r.restarts()).as("forecast job restarts").isZero();
        assertThat(console).contains("job restarts 0");
        assertThat(console).doesNotContain("forecasts repeated");
        assertThat(r.published()).isGreaterThanOrEqualTo(2);
        assertThat(r.accuracy().overall().count()).isGreaterThan(1000);
        assertThat(console).contains("MASE model").contains("first forecast").contains("dashboard: http://127.0.0.1:");
        assertThat(r.tempDir()).doesNotExist();
        assertThat(sharedCheckpointEntries())
                .as("checkpoints outside the run's temp dir")
                .isSubsetOf(sharedCheckpoints);
        assertThat(leftoverThreads(before)).isEmpty();
    }

    /** What other local runs leave in the forecast job's default checkpoint directory (the demo must add nothing). */
    private static Set<String> sharedCheckpointEntries() throws IOException {
        Path shared = Path.of(System.getProperty("java.io.tmpdir"), "streamcast-checkpoints");
        if (!Files.isDirectory(shared)) {
            return Set.of();
        }
        try (var entries = Files.list(shared)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** Non-daemon threads started during the run that are still alive a few seconds after it. */
    private static List<String> leftoverThreads(Set<Thread> before) throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 20; i++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t))
                    .map(Thread::getName)
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(250);
        }
        return left;
    }

    /** Keys s0..s{k-1}, weekly points: level + yearly season + noise, seeded. */
    static Path seasonalCsv(Path file, int keys, int points) throws IOException {
        Random rnd = new Random(7);
        List<String> lines = new ArrayList<>();
        lines.add("key,timestamp,value");
        long t0 = Instant.parse("2000-01-03T00:00:00Z").toEpochMilli();
        for (int t = 0; t < points; t++) {
            for (int k = 0; k < keys; k++) {
                double v = 100 + 10 * k + 20 * Math.sin(2 * Math.PI * t / 52.0 + k) + 3 * rnd.nextGaussian();
                lines.add(String.format(
                        Locale.ROOT, "s%d,%s,%.3f", k, Instant.ofEpochMilli(t0 + t * 7L * 86_400_000L), v));
            }
        }
        return Files.write(file, lines);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
