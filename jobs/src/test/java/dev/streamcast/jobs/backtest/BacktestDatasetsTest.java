package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The backtest runs end to end on every dataset in the repository's data/ directory. To keep the class within a few
 * minutes on a small machine, each run is reduced: the first 300 rows of each key, a small model (H = 8) and 2
 * epochs. The full-size runs and their accuracy are recorded in docs/accuracy.md.
 */
class BacktestDatasetsTest {
    static final Path DATA = Path.of("..", "data");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path dir;

    static Stream<String> datasets() throws IOException {
        try (Stream<Path> files = Files.list(DATA)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".csv"))
                    .sorted()
                    .toList();
            assertThat(names).hasSizeGreaterThanOrEqualTo(10);
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("datasets")
    void runsEndToEndAndScoresEveryKey(String name) throws Exception {
        Path input = DATA.resolve(name);
        Path out = dir.resolve(name);
        int code = BacktestCommand.run(
                new String[] {
                    "--input",
                    input.toString(),
                    "--out",
                    out.toString(),
                    "--max-rows-per-key",
                    "300",
                    "--hidden",
                    "8",
                    "--epochs",
                    "2",
                    "--parallelism",
                    "2"
                },
                BacktestTest.quiet(),
                System.err);
        assertThat(code).isZero();
        long keys = Files.lines(input)
                .skip(1)
                .map(l -> l.substring(0, l.indexOf(',')))
                .distinct()
                .count();
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("keys").size()).isEqualTo((int) keys);
        assertThat(s.at("/overall/count").asLong()).isPositive();
        for (String m : List.of("model", "naive", "seasonal_naive", "ses")) {
            assertThat(s.at("/overall/" + m + "/mae").isNumber()).as(m + " mae").isTrue();
            assertThat(s.at("/overall/" + m + "/mase").isNumber())
                    .as(m + " mase")
                    .isTrue();
        }
        assertThat(s.at("/bad_rows/count").asInt()).isZero();
        assertThat(out.resolve("report.html")).exists();
        assertThat(Files.lines(out.resolve("forecasts.csv")).count() - 1)
                .isEqualTo(s.at("/overall/count").asLong());
    }
}
