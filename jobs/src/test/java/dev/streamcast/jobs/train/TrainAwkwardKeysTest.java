package dev.streamcast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.Model;
import dev.streamcast.model.eval.Scorer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
        return TrainFixtures.trainSmall(out, err, args);
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

    /**
     * Count series with constant stretches: at the start (0, 0, 0, ...), in the middle (longer than the scaler's
     * window, so the running spread decays toward 0 before the next change), at the end, and a key that never
     * changes. Each used to turn the next change into a scaled label of about 1e6 and the training loss into
     * Infinity (issue 11.4).
     */
    static Map<String, double[]> flatStretches() {
        Random r = new Random(11);
        Map<String, double[]> keys = new LinkedHashMap<>();
        double[] start = new double[300];
        double[] middle = new double[600];
        double[] end = new double[300];
        double[] constant = new double[300];
        for (int t = 0; t < 600; t++) {
            double count = Math.max(0, Math.round(5 + 3 * Math.sin(2 * Math.PI * t / 7) + r.nextGaussian()));
            if (t < 300) {
                start[t] = t < 40 ? 0 : count;
                end[t] = t >= 200 ? 3 : count;
                constant[t] = 7;
            }
            middle[t] = t >= 150 && t < 450 ? 0 : count;
        }
        keys.put("flat_start", start);
        keys.put("flat_middle", middle);
        keys.put("flat_end", end);
        keys.put("constant", constant);
        return keys;
    }

    static Path csv(Path dir, Map<String, double[]> keys) throws Exception {
        List<String> lines = new ArrayList<>(List.of("key,timestamp,value"));
        Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
        keys.forEach((key, v) -> {
            for (int t = 0; t < v.length; t++) {
                lines.add(key + "," + t0.plus(Duration.ofDays(t)) + "," + v[t]);
            }
        });
        Path f = dir.resolve("flat.csv");
        Files.write(f, lines);
        return f;
    }

    @Test
    void constantStretchesAtTheStartMiddleAndEndAndAConstantKeyTrainAFiniteModel() throws Exception {
        Map<String, double[]> keys = flatStretches();
        Path model = dir.resolve("m.model");
        int code = train(
                "--input",
                csv(dir, keys).toString(),
                "--out",
                model.toString(),
                "--scaler-window",
                "20",
                "--transform",
                "diff",
                "--season",
                "1");
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console + err).isZero();
        assertThat(console)
                .contains("decision: ACCEPTED")
                .doesNotContain("diverged")
                .doesNotContain("skipped");
        Model m = ModelPayloads.open(Files.readAllBytes(model), null, Long.MAX_VALUE);
        assertThat(m.provenance().series()).isEqualTo(4);
        assertThat(m.provenance().trainLoss()).isFinite().isLessThan(100);
        for (Map.Entry<String, double[]> k : keys.entrySet()) {
            double[][] raw = new double[k.getValue().length][];
            for (int t = 0; t < raw.length; t++) {
                raw[t] = new double[] {k.getValue()[t]};
            }
            var score = Scorer.score(m, raw, 1);
            assertThat(score.model().mae()).as(k.getKey()).isFinite().isLessThan(20);
        }
    }

    @Test
    void aKeyThatCannotBeScaledIsSkippedAndCountedNotFatal() throws Exception {
        Map<String, double[]> keys = new LinkedHashMap<>();
        double[] good = new double[300];
        double[] zero = new double[300];
        for (int t = 0; t < good.length; t++) {
            good[t] = 10 + Math.sin(t * 0.4);
            zero[t] = t == 150 ? 0 : good[t]; // log-differences cannot take a 0
        }
        keys.put("good", good);
        keys.put("has_zero", zero);
        Path model = dir.resolve("m.model");
        int code = train(
                "--input",
                csv(dir, keys).toString(),
                "--out",
                model.toString(),
                "--transform",
                "log-diff",
                "--season",
                "1");
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console + err).isZero();
        assertThat(console)
                .contains("skipped key has_zero: cannot be scaled: row 150")
                .contains("skipped keys: 1 key skipped")
                .contains("decision: ACCEPTED");
        assertThat(ModelPayloads.open(Files.readAllBytes(model), null, Long.MAX_VALUE)
                        .provenance()
                        .series())
                .isEqualTo(1);
    }
}
