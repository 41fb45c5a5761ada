package dev.streamcast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys that used to spoil a whole run: tiny keys beside a long seasonal one (issue 11.8). */
class TrainAwkwardKeysTest {
    static final Path UKGAS = Path.of("..", "data", "ukgas.csv");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(String... args) {
        String[] all = new String[TrainFixtures.SMALL.length + args.length];
        System.arraycopy(TrainFixtures.SMALL, 0, all, 0, TrainFixtures.SMALL.length);
        System.arraycopy(args, 0, all, TrainFixtures.SMALL.length, args.length);
        return new TrainCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of(),
                        TrainFixtures.CLOCK)
                .execute(all);
    }

    /** data/ukgas.csv plus a 1-row and a 3-row key. */
    static Path ukgasWithTinyKeys(Path dir) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(UKGAS));
        lines.add("one,2000-01-01T00:00:00Z,5.0");
        lines.add("three,2000-01-01T00:00:00Z,5.0");
        lines.add("three,2000-04-01T00:00:00Z,6.0");
        lines.add("three,2000-07-01T00:00:00Z,7.0");
        Path f = dir.resolve("ukgas-tiny.csv");
        Files.write(f, lines);
        return f;
    }

    @Test
    void tinyKeysBesideUkgasKeepItsSeasonAndAreSkippedWithACount() throws Exception {
        Path model = dir.resolve("m.model");
        Path report = dir.resolve("report");
        int code = train(
                "--input", ukgasWithTinyKeys(dir).toString(), "--out", model.toString(), "--report", report.toString());
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console + err).isZero();
        assertThat(console)
                .contains("model: season m = 4 (detected)")
                .contains("skipped key one: too short to train on")
                .contains("skipped key three: too short to train on")
                .contains("skipped keys: 2 keys skipped");
        Model m = ModelPayloads.open(Files.readAllBytes(model), null, Long.MAX_VALUE);
        assertThat(m.config().season()).isEqualTo(4);
        assertThat(m.provenance().series()).isEqualTo(1);
        JsonNode r = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(r.at("/data/skippedKeys").asInt()).isEqualTo(2);
        assertThat(r.at("/data/skipped/0/key").asText()).isEqualTo("one");
    }
}
