package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.StreamingModel;
import dev.streamcast.model.train.NaiveGate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backtest end to end on small inputs: summary numbers worked out by hand, the exact summary.json shape, the other
 * outputs, bad rows, option errors, and a trained model beating naive and seasonal naive on a seasonal series.
 */
class BacktestTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path dir;

    /**
     * Key a: y = 1, 2, 4, 7, 11, 16, 22, 29, 37, 46 (10 rows, trains on rows 0..5, scores rows 6..9); key b: five
     * 10s (trains on rows 0..2, scores 3..4). Three bad rows at lines 17..19 (bad timestamp, bad number, duplicate).
     */
    private Path tinyCsv() throws Exception {
        double[] a = {1, 2, 4, 7, 11, 16, 22, 29, 37, 46};
        List<String> lines = new ArrayList<>(List.of("key,timestamp,value"));
        for (int d = 0; d < 10; d++) {
            lines.add("a," + day(d) + "," + a[d]);
            if (d < 5) {
                lines.add("b," + day(d) + ",10");
            }
        }
        lines.add("a,not-a-time,5");
        lines.add("b," + day(9) + ",abc");
        lines.add("a," + day(0) + ",99");
        Path csv = dir.resolve("tiny.csv");
        Files.write(csv, lines);
        return csv;
    }

    private static String day(int d) {
        return Instant.parse("2020-01-01T00:00:00Z").plusSeconds(86400L * d).toString();
    }

    /**
     * A model whose weights are all zero predicts ŷ = 0 in scaled units, i.e. the mean of the differences seen so
     * far: at row r the forecast of row r+1 is y_r + (y_r - y_0) / r (y_0 at r = 0).
     */
    private Path zeroModel() throws Exception {
        ModelConfig c = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.DIFF);
        Path file = dir.resolve("zero.model");
        ModelCodec.write(new Model(c, Weights.zeros(c), 1, Provenance.untrained("test")), file);
        return file;
    }

    private JsonNode runTiny(Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--input",
                tinyCsv().toString(),
                "--out",
                out.toString(),
                "--model",
                zeroModel().toString(),
                "--allow-unsigned-models",
                "--train-fraction",
                "0.6",
                "--season",
                "2"));
        args.addAll(List.of(more));
        assertThat(BacktestCommand.run(args.toArray(String[]::new), quiet(), quiet()))
                .isZero();
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    /**
     * --horizon 2 on the tiny input. The zero model's path from row r: each fed-back forecast is a difference equal
     * to the mean, which leaves the mean as it was, so step h forecasts y_r + h (y_r - y_0) / r. Key a's 2-step
     * forecasts of rows 6..9 (made at rows 4..7): 11 + 2·2.5 = 16, 16 + 2·3 = 22, 22 + 2·3.5 = 29, 29 + 2·4 = 37;
     * errors 6, 7, 8, 9 (MAE 7.5, MASE 7.5 / 3 = 2.5). Naive y_{i-2}: 11, 16, 22, 29, errors 11, 13, 15, 17 (MAE
     * 14); seasonal naive (m = 2, the value one season before the target) the same; SES (α = 1) its level y_{i-2},
     * the same. Key b is constant: no error. h = 1 repeats the one-step summary.
     */
    @Test
    void horizonTwoIsScoredByHandForTheModelAndTheBaselines() throws Exception {
        JsonNode s = runTiny(dir.resolve("out"), "--horizon", "2");
        assertThat(s.get("horizons")).hasSize(2);
        JsonNode h1 = s.at("/horizons/0");
        assertThat(h1.get("h").asInt()).isEqualTo(1);
        for (String m : List.of("model", "naive", "seasonal_naive", "ses")) {
            assertThat(h1.get(m)).as(m).isEqualTo(s.at("/overall/" + m));
        }
        JsonNode h2 = s.at("/horizons/1");
        assertThat(h2.get("h").asInt()).isEqualTo(2);
        assertThat(h2.get("count").asLong()).isEqualTo(6);
        assertThat(h2.at("/model/mae").asDouble()).isCloseTo(30 / 6.0, within(1e-9));
        assertThat(h2.at("/model/mase").asDouble()).isCloseTo(2.5, within(1e-9));
        assertThat(h2.at("/model/rmse").asDouble()).isCloseTo(Math.sqrt((36 + 49 + 64 + 81) / 6.0), within(1e-9));
        for (String m : List.of("naive", "seasonal_naive", "ses")) {
            assertThat(h2.at("/" + m + "/mae").asDouble()).as(m).isCloseTo(56 / 6.0, within(1e-9));
            assertThat(h2.at("/" + m + "/mase").asDouble()).as(m).isCloseTo(14 / 3.0, within(1e-9));
        }
        // report.html embeds the same figures for its error-by-horizon panel
        JsonNode report =
                ReportPageTest.data(Files.readString(dir.resolve("out").resolve("report.html")));
        assertThat(report.at("/report/horizons")).isEqualTo(s.get("horizons"));
        // without --horizon the summary and the report are as they were
        assertThat(runTiny(dir.resolve("out1")).has("horizons")).isFalse();
        assertThat(ReportPageTest.data(Files.readString(dir.resolve("out1").resolve("report.html")))
                        .at("/report/horizons"))
                .isEmpty();
    }

    @Test
    void summaryMatchesHandWorkedErrorsOfModelAndBaselines() throws Exception {
        JsonNode s = runTiny(dir.resolve("out"));
        JsonNode a = s.at("/keys/a");
        // model forecasts of rows 6..9: 16 + 15/5 = 19, 22 + 21/6 = 25.5, 29 + 28/7 = 33, 37 + 36/8 = 41.5
        // errors 3, 3.5, 4, 4.5; naive errors 6, 7, 8, 9; seasonal naive (m = 2) errors 11, 13, 15, 17;
        // SES: α = 1 fits the increasing training part best, so it equals naive. MASE scale: mean |Δy| on rows 0..5 =
        // 3.
        assertThat(a.get("count").asLong()).isEqualTo(4);
        assertThat(a.at("/model/mae").asDouble()).isCloseTo(3.75, within(1e-9));
        assertThat(a.at("/model/rmse").asDouble()).isCloseTo(Math.sqrt((9 + 12.25 + 16 + 20.25) / 4), within(1e-9));
        assertThat(a.at("/model/smape").asDouble())
                .isCloseTo((200 * 3 / 41.0 + 200 * 3.5 / 54.5 + 200 * 4 / 70.0 + 200 * 4.5 / 87.5) / 4, within(1e-9));
        assertThat(a.at("/model/mase").asDouble()).isCloseTo(1.25, within(1e-9));
        assertThat(a.at("/naive/mae").asDouble()).isCloseTo(7.5, within(1e-9));
        assertThat(a.at("/naive/mase").asDouble()).isCloseTo(2.5, within(1e-9));
        assertThat(a.at("/seasonal_naive/mae").asDouble()).isCloseTo(14, within(1e-9));
        assertThat(a.at("/seasonal_naive/mase").asDouble()).isCloseTo(14 / 3.0, within(1e-9));
        assertThat(a.at("/ses/mae").asDouble()).isCloseTo(7.5, within(1e-9));

        // key b is constant: every forecast is exact, and MASE does not exist (its training part has no change)
        JsonNode b = s.at("/keys/b");
        assertThat(b.get("count").asLong()).isEqualTo(2);
        assertThat(b.at("/model/mae").asDouble()).isZero();
        assertThat(b.at("/model/mase").isNull()).isTrue();

        // overall: MAE pooled over the 6 points; MASE the mean over keys that have one (only a)
        JsonNode o = s.get("overall");
        assertThat(o.get("count").asLong()).isEqualTo(6);
        assertThat(o.at("/model/mae").asDouble()).isCloseTo(15 / 6.0, within(1e-9));
        assertThat(o.at("/naive/mae").asDouble()).isCloseTo(30 / 6.0, within(1e-9));
        assertThat(o.at("/seasonal_naive/mae").asDouble()).isCloseTo(56 / 6.0, within(1e-9));
        assertThat(o.at("/model/mase").asDouble()).isCloseTo(1.25, within(1e-9));
        assertThat(o.at("/naive/mase").asDouble()).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void theGatesDecisionAndBothStatisticsAreInSummaryJson() {
        ModelConfig cfg = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.NONE);
        Model m = new Model(cfg, Weights.zeros(cfg), 1, Provenance.untrained("test"));
        ObjectNode root = new ObjectMapper().createObjectNode();
        Summary.model(
                root,
                m,
                List.of(),
                new NaiveGate.Decision(
                        NaiveGate.Outcome.NAIVE, -3.14, 0.28, List.of(0.38, 2.41), List.of(0.31, 3.2), 4999));
        JsonNode g = root.at("/model/gate");
        assertThat(fields(g)).containsExactly("decision", "dm", "dm_squared", "dm_winkler", "dm_served", "points");
        assertThat(g.get("decision").asText()).isEqualTo("naive");
        assertThat(g.get("dm").asDouble()).isEqualTo(-3.14);
        assertThat(g.get("dm_squared").asDouble()).isEqualTo(0.28);
        assertThat(g.get("dm_winkler")).hasSize(2);
        assertThat(fields(g.get("dm_winkler").get(0))).containsExactly("level", "dm");
        assertThat(g.at("/dm_winkler/0/level").asDouble()).isEqualTo(0.8);
        assertThat(g.at("/dm_winkler/0/dm").asDouble()).isEqualTo(0.38);
        assertThat(g.at("/dm_winkler/1/level").asDouble()).isEqualTo(0.95);
        assertThat(g.at("/dm_winkler/1/dm").asDouble()).isEqualTo(2.41);
        assertThat(g.get("dm_served")).hasSize(2);
        assertThat(fields(g.get("dm_served").get(0))).containsExactly("level", "dm");
        assertThat(g.at("/dm_served/0/level").asDouble()).isEqualTo(0.8);
        assertThat(g.at("/dm_served/0/dm").asDouble()).isEqualTo(0.31);
        assertThat(g.at("/dm_served/1/level").asDouble()).isEqualTo(0.95);
        assertThat(g.at("/dm_served/1/dm").asDouble()).isEqualTo(3.2);
        assertThat(g.get("points").asInt()).isEqualTo(4999);

        Summary.model(
                root,
                m,
                List.of(),
                new NaiveGate.Decision(
                        NaiveGate.Outcome.SHORT,
                        Double.NaN,
                        Double.NaN,
                        List.of(Double.NaN, Double.NaN),
                        List.of(Double.NaN, Double.NaN),
                        12));
        assertThat(root.at("/model/gate/dm").isNull()).isTrue();
        assertThat(root.at("/model/gate/dm_squared").isNull()).isTrue();
        assertThat(root.at("/model/gate/dm_winkler/1/dm").isNull()).isTrue();
        assertThat(root.at("/model/gate/dm_served/1/dm").isNull()).isTrue();
    }

    @Test
    void summaryHasExactlyTheDocumentedShapeAndListsBadRowsByLine() throws Exception {
        JsonNode s = runTiny(dir.resolve("out"));
        assertThat(fields(s)).containsExactly("overall", "keys", "bad_rows", "skipped_keys", "model");
        assertThat(fields(s.get("model"))).containsExactly("transform", "season", "choices", "gate", "smoothing");
        List<String> methods = List.of("model", "naive", "seasonal_naive", "ses");
        List<String> metrics = List.of("mae", "rmse", "smape", "mase");
        List<JsonNode> blocks = new ArrayList<>(List.of(s.get("overall")));
        assertThat(fields(s.get("keys"))).containsExactly("a", "b");
        s.get("keys").forEach(blocks::add);
        for (JsonNode block : blocks) {
            assertThat(fields(block)).containsExactly("count", "model", "naive", "seasonal_naive", "ses", "intervals");
            assertThat(block.get("count").isIntegralNumber()).isTrue();
            for (String m : methods) {
                assertThat(fields(block.get(m))).containsExactly(metrics.toArray(String[]::new));
            }
            assertThat(block.get("intervals")).hasSize(2);
            for (JsonNode level : block.get("intervals")) {
                assertThat(fields(level)).containsExactly("level", "count", "model", "naive");
                assertThat(fields(level.get("model"))).containsExactly("coverage", "width", "winkler");
                assertThat(fields(level.get("naive"))).containsExactly("coverage", "width", "winkler");
            }
        }
        assertThat(fields(s.get("bad_rows"))).containsExactly("count", "lines", "rows", "left_out");
        assertThat(s.at("/bad_rows/count").asInt()).isEqualTo(3);
        assertThat(s.at("/bad_rows/lines").toString()).isEqualTo("[17,18,19]");
        assertThat(s.at("/bad_rows/rows/0/line").asLong()).isEqualTo(17);
        assertThat(s.at("/bad_rows/rows/0/reason").asText()).isNotEmpty();
        assertThat(s.at("/bad_rows/left_out").asInt()).isZero();
        assertThat(fields(s.get("skipped_keys"))).containsExactly("count", "keys");
    }

    @Test
    void writesForecastsCsvAndASelfContainedReport() throws Exception {
        Path out = dir.resolve("out");
        JsonNode summary = runTiny(out);
        List<String> csv = Files.readAllLines(out.resolve("forecasts.csv"));
        assertThat(csv).hasSize(7);
        assertThat(csv.get(0))
                .isEqualTo("key,timestamp,actual,forecast,naive,seasonal_naive,ses,model_version,"
                        + "lower_0.8,upper_0.8,lower_0.95,upper_0.95");
        // bounds only after a key's 10-forecast warm-up: empty here
        assertThat(csv.get(1)).isEqualTo("a,2020-01-07T00:00:00Z,22.0,19.0,16.0,11.0,16.0,1,,,,");
        // report.html: one self-contained page (no network), every key and the summary's overall figures embedded
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).doesNotContain("src=\"", "href=\"", "<link");
        JsonNode data = ReportPageTest.data(html);
        assertThat(data.at("/keys/0/key").asText()).isEqualTo("a");
        assertThat(data.at("/keys/1/key").asText()).isEqualTo("b");
        assertThat(data.at("/report/overall")).isEqualTo(summary.get("overall"));
        assertThat(data.at("/series/a/ts")).hasSize(10);
        assertThat(out.resolve("dashboard.html")).doesNotExist(); // one report
    }

    @Test
    void refusesUnknownOrMissingOptionsNamingThem() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(BacktestCommand.run(new String[] {"--input", "x.csv", "--bogus", "1"}, quiet(), errs))
                .isEqualTo(2);
        assertThat(BacktestCommand.run(new String[] {"--out", "d"}, quiet(), errs))
                .isEqualTo(2);
        assertThat(BacktestCommand.run(
                        new String[] {"--input", "x", "--out", "d", "--train-fraction", "1.5"}, quiet(), errs))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--bogus", "--input", "--train-fraction", "1.5");
    }

    /**
     * Three keys of a noisy seasonal series (period 12, amplitude 2, noise σ = 0.3, slow trend), 600 rows each: the
     * trained model's MASE beats naive and seasonal naive (m = 12) on the last 20%.
     */
    @Test
    void trainedModelBeatsNaiveAndSeasonalNaiveOnASeasonalSeries() throws Exception {
        Random rnd = new Random(7);
        List<String> lines = new ArrayList<>(List.of("key,timestamp,value"));
        for (int t = 0; t < 600; t++) {
            for (int k = 0; k < 3; k++) {
                double v =
                        20 + 5 * k + 0.01 * t + 2 * Math.sin(2 * Math.PI * (t + 3 * k) / 12) + 0.3 * rnd.nextGaussian();
                lines.add("s" + k + "," + Instant.ofEpochSecond(3600L * t) + "," + v);
            }
        }
        Path csv = dir.resolve("seasonal.csv");
        Files.write(csv, lines);
        Path out = dir.resolve("seasonal");
        int code = BacktestCommand.run(
                new String[] {
                    "--input",
                    csv.toString(),
                    "--out",
                    out.toString(),
                    "--season",
                    "12",
                    "--hidden",
                    "16",
                    "--epochs",
                    "15"
                },
                quiet(),
                quiet());
        assertThat(code).isZero();
        JsonNode o = new ObjectMapper()
                .readTree(out.resolve("summary.json").toFile())
                .get("overall");
        double model = o.at("/model/mase").asDouble();
        assertThat(model).isLessThan(o.at("/naive/mase").asDouble());
        assertThat(model).isLessThan(o.at("/seasonal_naive/mase").asDouble());
    }

    /**
     * The replay's forecasts (the forecast job's operator in a Flink job at parallelism 2) equal a plain loop of the
     * same step and scaler over each series, point for point: for a diff model, and for a seasonal-diff model with
     * season 6 (its seasonal-lag input and its 11 rows of warm-up).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 6})
    void replayForecastsEqualAPlainLoopOverTheSameModel(int season) throws Exception {
        ModelConfig c = new ModelConfig(
                CellType.LSTM,
                1,
                8,
                1,
                List.of("value"),
                0,
                List.of(season > 1 ? Transform.SEASONAL_DIFF : Transform.DIFF),
                ModelConfig.DEFAULT_SCALER_WINDOW,
                season);
        Random rnd = new Random(11);
        float[] flat = new float[Weights.parameterCount(c)];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) (0.3 * rnd.nextGaussian());
        }
        Model model = new Model(c, Weights.fromFlat(c, flat), 3, Provenance.untrained("test"));
        Path modelFile = dir.resolve("random.model");
        ModelCodec.write(model, modelFile);
        double[][] y = new double[3][200];
        List<String> lines = new ArrayList<>(List.of("key,timestamp,value"));
        for (int t = 0; t < 200; t++) {
            for (int k = 0; k < 3; k++) {
                y[k][t] = 50 + 10 * Math.sin(t / (3.0 + k)) + rnd.nextGaussian();
                lines.add("k" + k + "," + Instant.ofEpochSecond(60L * t) + "," + y[k][t]);
            }
        }
        Path csv = dir.resolve("parity.csv");
        Files.write(csv, lines);
        Path out = dir.resolve("parity");
        assertThat(BacktestCommand.run(
                        new String[] {
                            "--input",
                            csv.toString(),
                            "--out",
                            out.toString(),
                            "--model",
                            modelFile.toString(),
                            "--allow-unsigned-models",
                            "--train-fraction",
                            "0.5",
                            "--parallelism",
                            "2"
                        },
                        quiet(),
                        quiet()))
                .isZero();
        List<String> rows = Files.readAllLines(out.resolve("forecasts.csv"));
        assertThat(rows).hasSize(1 + 3 * 100);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            int k = Integer.parseInt(f[0].substring(1));
            int t = (int) (Instant.parse(f[1]).getEpochSecond() / 60);
            assertThat(Double.parseDouble(f[3])).as(row).isEqualTo(reference(model, y[k])[t]);
            assertThat(f[7]).isEqualTo("3");
        }
    }

    /**
     * With --retrain-every 1500 on 3 keys × 600 hourly rows, the second model is trained on the rows before hour 500
     * and reaches the operator through its broadcast side; every forecast made at an observation before hour 500
     * comes from model 1 and every later one from model 2, with no race at the boundary.
     */
    @Test
    void retrainingSwapsTheModelExactlyAtTheBoundary() throws Exception {
        Random rnd = new Random(3);
        List<String> lines = new ArrayList<>(List.of("key,timestamp,value"));
        for (int t = 0; t < 600; t++) {
            for (int k = 0; k < 3; k++) {
                lines.add("s" + k + "," + Instant.ofEpochSecond(3600L * t) + ","
                        + (10 + Math.sin(t / 4.0 + k) + 0.1 * rnd.nextGaussian()));
            }
        }
        Path csv = dir.resolve("retrain.csv");
        Files.write(csv, lines);
        Path out = dir.resolve("retrain");
        assertThat(BacktestCommand.run(
                        new String[] {
                            "--input",
                            csv.toString(),
                            "--out",
                            out.toString(),
                            "--train-fraction",
                            "0.5",
                            "--retrain-every",
                            "1500",
                            "--hidden",
                            "8",
                            "--epochs",
                            "2",
                            "--parallelism",
                            "2"
                        },
                        quiet(),
                        System.err))
                .isZero();
        List<String> rows = Files.readAllLines(out.resolve("forecasts.csv"));
        assertThat(rows).hasSize(1 + 3 * 300);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            long hour = Instant.parse(f[1]).getEpochSecond() / 3600;
            // the forecast of the row at `hour` was made at hour - 1
            assertThat(f[7]).as(row).isEqualTo(hour - 1 < 500 ? "1" : "2");
        }
    }

    /** The forecast of row i made at row i - 1 by a plain loop: scaler push, model step, invert. */
    static double[] reference(Model m, double[] y) {
        StreamingModel net = new StreamingModel(m.weights());
        StreamingModel.Scratch scratch = net.newScratch();
        SeriesScaler scaler = new SeriesScaler(m.config());
        float[] state = new float[m.config().stateSize()];
        float[] x = new float[m.config().networkInputSize()];
        double[] f = new double[y.length];
        for (int r = 0; r + 1 < y.length; r++) {
            float yHat = scaler.push(new double[] {y[r]}, x) ? net.step(x, state, scratch) : 0f;
            f[r + 1] = scaler.invert(yHat);
        }
        return f;
    }

    static List<String> fields(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Runs the tiny backtest with {@code --model file} and {@code extra}; returns the exit code, err in {@code e}. */
    private int runModel(Path model, ByteArrayOutputStream e, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--input",
                tinyCsv().toString(),
                "--out",
                dir.resolve("signed-" + System.nanoTime()).toString(),
                "--model",
                model.toString(),
                "--train-fraction",
                "0.6",
                "--season",
                "2"));
        args.addAll(List.of(extra));
        return BacktestCommand.run(
                args.toArray(new String[0]), quiet(), new PrintStream(e, true, StandardCharsets.UTF_8));
    }

    @Test
    void theModelFileMustBeSignedWithTheKeyUnlessUnsignedModelsAreAllowed() throws Exception {
        ModelConfig c = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.DIFF);
        Model m = new Model(c, Weights.zeros(c), 1, Provenance.untrained("test"));
        Path signed = dir.resolve("signed.model");
        ModelPayloads.write(m, "k1".getBytes(StandardCharsets.UTF_8), signed);

        ByteArrayOutputStream e = new ByteArrayOutputStream();
        assertThat(runModel(signed, e, "--model-key", "k1")).as(e.toString()).isZero();

        e.reset();
        assertThat(runModel(signed, e, "--model-key", "k2")).isEqualTo(1);
        assertThat(e.toString()).contains("--model " + signed).contains("model signature does not verify");

        e.reset();
        assertThat(runModel(zeroModel(), e)).isEqualTo(1);
        assertThat(e.toString())
                .contains("model is not signed; unsigned models are refused unless --allow-unsigned-models");

        e.reset();
        assertThat(runModel(zeroModel(), e, "--model-key", "")).isEqualTo(2);
        assertThat(e.toString()).contains("--model-key must not be empty");
    }

    @Test
    void aModelWithNaNWeightsIsRefusedNotScoredAsZeroPoints() throws Exception {
        ModelConfig c = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.DIFF);
        byte[] b = ModelCodec.encode(new Model(c, Weights.zeros(c), 1, Provenance.untrained("test")));
        int n = Weights.parameterCount(c);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(b.length - 32 - 4 * n, Float.NaN);
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(b, b.length - 32));
        System.arraycopy(sha, 0, b, b.length - 32, 32);
        Path nan = dir.resolve("nan.model");
        Files.write(nan, b);
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        assertThat(runModel(nan, e, "--allow-unsigned-models")).isEqualTo(1);
        assertThat(e.toString()).contains("non-finite weight: NaN at index 0");
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
