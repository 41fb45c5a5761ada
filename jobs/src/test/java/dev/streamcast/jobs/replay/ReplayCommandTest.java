package dev.streamcast.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.data.TopicScan;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code replay} command, which the compose replayer (docker/replay.sh) runs. */
class ReplayCommandTest {
    /** Keys interleaved out of time order in the file, a bad row, and a second feature column. */
    private static final String CSV = "key,timestamp,temp,humidity\n"
            + "b,2024-01-01T00:02:00Z,3.0,0.3\n"
            + "a,2024-01-01T00:01:00Z,1.0,0.1\n"
            + "a,2024-01-01T00:03:00Z,4.0,0.4\n"
            + "b,not-a-time,9.0,0.9\n"
            + "b,2024-01-01T00:01:00Z,2.0,0.2\n";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void dryRunPrintsTheRecordsInTimeOrderAcrossKeysAndNamesTheBadRow(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("in.csv"), CSV);
        assertThat(run(csv, "unused:9092", 0, true)).isZero();
        assertThat(text(out).lines().toList())
                .containsExactly(
                        "a|{\"key\":\"a\",\"ts\":\"2024-01-01T00:01:00Z\",\"values\":{\"temp\":1.0,\"humidity\":0.1}}",
                        "b|{\"key\":\"b\",\"ts\":\"2024-01-01T00:01:00Z\",\"values\":{\"temp\":2.0,\"humidity\":0.2}}",
                        "b|{\"key\":\"b\",\"ts\":\"2024-01-01T00:02:00Z\",\"values\":{\"temp\":3.0,\"humidity\":0.3}}",
                        "a|{\"key\":\"a\",\"ts\":\"2024-01-01T00:03:00Z\",\"values\":{\"temp\":4.0,\"humidity\":0.4}}");
        assertThat(text(err)).startsWith("replay: skipping line 5: ");
    }

    @Test
    void aMissingOrEmptyFileIsOneLineAndExitStatus1(@TempDir Path dir) throws Exception {
        assertThat(run(dir.resolve("missing.csv"), "unused:9092", 0, true)).isEqualTo(1);
        assertThat(text(err)).isEqualTo("replay: " + dir.resolve("missing.csv") + ": no such file\n");
        err.reset();
        Path headerOnly = Files.writeString(dir.resolve("empty.csv"), "key,timestamp,value\n");
        assertThat(run(headerOnly, "unused:9092", 0, true)).isEqualTo(1);
        assertThat(text(err)).isEqualTo("replay: " + headerOnly + ": no usable row\n");
    }

    @Test
    void producesEveryRowToTheTopicKeyedBySeriesInTimeOrder(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("in.csv"), CSV);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("observations", 1, false);
            assertThat(run(csv, kafka.bootstrapServers(), 0, false)).isZero();
            List<String> read = new ArrayList<>();
            TopicScan.readAll(
                    kafka.bootstrapServers(),
                    "observations",
                    1 << 20,
                    r -> read.add(new String(r.key(), StandardCharsets.UTF_8) + "|"
                            + new String(r.value(), StandardCharsets.UTF_8)));
            assertThat(read)
                    .extracting(s -> s.substring(0, s.indexOf('{'))
                            + s.substring(s.indexOf("\"ts\"") + 6, s.indexOf("\"ts\"") + 26))
                    .containsExactly(
                            "a|2024-01-01T00:01:00Z",
                            "b|2024-01-01T00:01:00Z",
                            "b|2024-01-01T00:02:00Z",
                            "a|2024-01-01T00:03:00Z");
        }
    }

    private int run(Path csv, String bootstrap, double speed, boolean dryRun) throws Exception {
        return ReplayCommand.run(
                csv,
                bootstrap,
                "observations",
                speed,
                dryRun,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
