package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.model.Model;
import dev.streamcast.model.io.ModelCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Keys that used to spoil a whole backtest: tiny keys beside a long seasonal one (issue 11.8). */
class BacktestAwkwardKeysTest {
    static final Path UKGAS = Path.of("..", "data", "ukgas.csv");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .build());

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int backtest(Path input, Path outDir, String... more) {
        List<String> args = new ArrayList<>(
                List.of("--input", input.toString(), "--out", outDir.toString(), "--hidden", "8", "--epochs", "3"));
        args.addAll(List.of(more));
        return BacktestCommand.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void tinyKeysBesideUkgasKeepItsSeasonAndAreCountedInTheSummary() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(UKGAS));
        lines.add("one,2000-01-01T00:00:00Z,5.0");
        lines.add("three,2000-01-01T00:00:00Z,5.0");
        lines.add("three,2000-04-01T00:00:00Z,6.0");
        lines.add("three,2000-07-01T00:00:00Z,7.0");
        Path input = dir.resolve("ukgas-tiny.csv");
        Files.write(input, lines);
        Path o = dir.resolve("out");
        int code = backtest(input, o);
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console).isZero();
        Model m = ModelCodec.read(o.resolve("model.bin"));
        assertThat(m.config().season()).isEqualTo(4);
        JsonNode s = new ObjectMapper().readTree(o.resolve("summary.json").toFile());
        assertThat(s.at("/skipped_keys/count").asInt()).isEqualTo(2);
        assertThat(s.at("/skipped_keys/keys/0/key").asText()).isEqualTo("one");
        assertThat(s.at("/skipped_keys/keys/1/reason").asText()).contains("too short to train on");
        assertThat(console).contains("skipped keys: 2 keys skipped");
    }
}
