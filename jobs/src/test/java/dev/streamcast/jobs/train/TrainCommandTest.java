package dev.streamcast.jobs.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.io.ModelSigning;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int train(String... args) {
        return TrainFixtures.trainSmall(out, err, args);
    }

    private Path csv(History h) throws Exception {
        List<String> lines = new ArrayList<>(List.of("key,timestamp,value"));
        for (History.Series s : h.series()) {
            for (int t = 0; t < s.length(); t++) {
                lines.add(s.key() + "," + Instant.ofEpochMilli(s.ts()[t]) + "," + s.values()[t][0]);
            }
        }
        lines.add("k0,not-a-time,1.0");
        Path f = dir.resolve("history.csv");
        Files.write(f, lines);
        return f;
    }

    @Test
    void csvRunWritesTheModelTheReportAndTheLossCurve() throws Exception {
        Path input = csv(TrainFixtures.seasonal(2, 400, 0.1, 5));
        Path model = dir.resolve("models/current.model");
        Path report = dir.resolve("report");
        int code = train("--input", input.toString(), "--out", model.toString(), "--report", report.toString());
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(console + err).isZero();
        assertThat(console)
                .contains("history: 2 keys, 800 observations, 1 unusable rows")
                .contains("epoch 1/6")
                .contains("decision: ACCEPTED")
                .contains("naive (next = last)");
        assertThat(ModelPayloads.open(Files.readAllBytes(model), null, Long.MAX_VALUE)
                        .version())
                .isEqualTo(1);

        JsonNode r = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(r.get("decision").asText()).isEqualTo("ACCEPTED");
        assertThat(r.get("candidateVersion").asInt()).isEqualTo(1);
        assertThat(r.at("/scores/perKey")).hasSize(2);
        assertThat(r.at("/scores/candidate/mase").asDouble()).isPositive();
        assertThat(r.at("/scores/naive/mae").asDouble()).isPositive();
        assertThat(r.at("/result/trainLoss").size())
                .isEqualTo(r.at("/result/epochs").asInt());
        assertThat(r.at("/training/k2").asInt()).isEqualTo(24);
        assertThat(r.at("/timingsMillis/train").asLong()).isNotNegative();
        BufferedImage png = ImageIO.read(report.resolve("loss.png").toFile());
        assertThat(png.getWidth()).isEqualTo(800);

        // The second run finds the first model as its champion in the same file, and starts warm from it.
        out.reset();
        code = train(
                "--input",
                input.toString(),
                "--out",
                model.toString(),
                "--champion",
                model.toString(),
                "--warm-start",
                "--epochs",
                "2");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("champion: version 1")
                .contains("warm start from champion version 1")
                .contains("champion v1");
    }

    @Test
    void seasonTrainsASeasonalDiffModelWithTheSeasonalLag() throws Exception {
        Path input = csv(TrainFixtures.seasonal(2, 400, 0.1, 5));
        Path model = dir.resolve("seasonal.model");
        Path report = dir.resolve("seasonal-report");
        int code = train(
                "--input",
                input.toString(),
                "--out",
                model.toString(),
                "--report",
                report.toString(),
                "--season",
                "12",
                "--transform",
                "seasonal-diff");
        assertThat(code).as(out.toString(StandardCharsets.UTF_8) + err).isZero();
        var m = ModelPayloads.open(Files.readAllBytes(model), null, Long.MAX_VALUE);
        assertThat(m.config().season()).isEqualTo(12);
        assertThat(m.config().transforms()).containsExactly(Transform.SEASONAL_DIFF);
        assertThat(m.config().networkInputSize()).isEqualTo(2);
        assertThat(new ObjectMapper()
                        .readTree(report.resolve("report.json").toFile())
                        .at("/model/season")
                        .asInt())
                .isEqualTo(12);

        err.reset();
        assertThat(train(
                        "--input",
                        input.toString(),
                        "--out",
                        model.toString(),
                        "--transform",
                        "seasonal-diff",
                        "--season",
                        "1"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--transform/--season")
                .contains("needs a season of at least 2");
    }

    @Test
    void badOptionsExitWithTwoAndNameTheOption() {
        assertThat(train("--epochz", "3")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--epochz");
    }

    @Test
    void aDivergedRunExitsNonZeroAndSaysSo() throws Exception {
        Path input = csv(TrainFixtures.seasonal(1, 400, 0.1, 6));
        Path first = dir.resolve("first.model");
        assertThat(train("--input", input.toString(), "--out", first.toString()))
                .isZero();
        // a champion with weights of 1e30, warm-started from: no epoch finishes with a finite loss
        Model good = ModelPayloads.open(Files.readAllBytes(first), null, Long.MAX_VALUE);
        float[] w = good.weights().toFlat();
        Arrays.fill(w, 1e30f);
        Path champion = dir.resolve("absurd.model");
        ModelCodec.write(new Model(good.config(), Weights.fromFlat(good.config(), w), 1, good.provenance()), champion);
        Path model = dir.resolve("m.model");
        int code = train(
                "--input",
                input.toString(),
                "--champion",
                champion.toString(),
                "--warm-start",
                "--out",
                model.toString());
        assertThat(code).as(out.toString(StandardCharsets.UTF_8) + err).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("DIVERGED").contains("nothing published");
        assertThat(model).doesNotExist();
    }

    @Test
    void everyRetrainsOnItsPeriodUntilStopped() throws Exception {
        Path input = csv(TrainFixtures.seasonal(1, 300, 0.1, 7));
        Path model = dir.resolve("m.model");
        String[] args = {
            "--input",
            input.toString(),
            "--out",
            model.toString(),
            "--champion",
            model.toString(),
            "--epochs",
            "1",
            "--every",
            "1s"
        };
        String[] all = new String[TrainFixtures.SMALL.length + args.length];
        System.arraycopy(TrainFixtures.SMALL, 0, all, 0, TrainFixtures.SMALL.length);
        System.arraycopy(args, 0, all, TrainFixtures.SMALL.length, args.length);
        TrainCommand cmd = new TrainCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(),
                Clock.systemUTC());
        int[] code = {-1};
        Thread loop = new Thread(() -> code[0] = cmd.execute(all));
        loop.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (count(out.toString(StandardCharsets.UTF_8), "decision:") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        cmd.requestStop();
        loop.join(30_000);
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(loop.isAlive()).isFalse();
        assertThat(code[0]).isZero();
        assertThat(count(console, "decision:")).isGreaterThanOrEqualTo(2);
        assertThat(console)
                .contains("champion: version 1")
                .contains("next run in")
                .contains("train: stopped");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void anEmptyKeyIsAnErrorNamingTheOptionOrTheVariable() throws Exception {
        Path input = csv(TrainFixtures.seasonal(1, 50, 0.1, 5));
        assertThat(train("--input", input.toString(), "--model-key", "")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--model-key must not be empty");
        ByteArrayOutputStream e2 = new ByteArrayOutputStream();
        int code = new TrainCommand(
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(e2, true, StandardCharsets.UTF_8),
                        Map.of(ModelPayloads.KEY_ENV, ""),
                        TrainFixtures.CLOCK)
                .execute(new String[] {"--input", input.toString()});
        assertThat(code).isEqualTo(2);
        assertThat(e2.toString(StandardCharsets.UTF_8))
                .contains("environment variable STREAMCAST_MODEL_KEY is set but empty");
    }

    @Test
    void aChampionAtTheLargestVersionIsNeverFollowedByAnOverflowedOne() throws Exception {
        Path input = csv(TrainFixtures.seasonal(2, 200, 0.1, 5));
        ModelConfig c = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.DIFF);
        Path champion = dir.resolve("champion.model");
        ModelCodec.write(new Model(c, Weights.zeros(c), Model.MAX_VERSION, Provenance.untrained("test")), champion);
        Path model = dir.resolve("next.model");
        int code = train("--input", input.toString(), "--champion", champion.toString(), "--out", model.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cannot number a new model after version 9007199254740991");
        assertThat(model).doesNotExist();
    }

    @Test
    void withoutAKeyTheModelIsWrittenUnsignedWithAWarning() throws Exception {
        Path input = csv(TrainFixtures.seasonal(2, 400, 0.1, 5));
        Path model = dir.resolve("unsigned.model");
        assertThat(train("--input", input.toString(), "--out", model.toString()))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("WARNING: no --model-key (or STREAMCAST_MODEL_KEY): the model is written unsigned");
        assertThat(ModelSigning.isSigned(Files.readAllBytes(model))).isFalse();
    }
}
