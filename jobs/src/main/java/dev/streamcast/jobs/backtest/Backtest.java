package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.OutputDir;
import dev.streamcast.jobs.data.BadInputException;
import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.jobs.forecast.ForecastFunction;
import dev.streamcast.model.Model;
import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.train.ModelFitter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

/**
 * The walk-forward backtest: load, train one global model on the first train-fraction of every key (or load one),
 * replay every row through the forecast job's operator in a bounded Flink job, score the model and the baselines on
 * the rest of each key, and write summary.json, forecasts.csv and report.html.
 */
public final class Backtest {

    /** What a run produced. */
    public record Result(
            List<KeyScore> keys,
            List<LongCsv.BadRow> bad,
            List<ModelFitter.Skipped> skipped,
            long observations,
            double replaySeconds,
            Model model) {}

    /** The files a run writes in {@code --out}; a directory holding only these may be replaced by a new run. */
    static final String SUMMARY = "summary.json",
            FORECASTS = "forecasts.csv",
            MODEL = "model.bin",
            REPORT = "report.html";

    /**
     * The outputs, and dashboard.html, which earlier versions wrote beside report.html (now one page): a directory of
     * an earlier run holding it can still be replaced.
     */
    static final Set<String> OUTPUTS = Set.of(SUMMARY, FORECASTS, MODEL, REPORT, "dashboard.html");

    private final BacktestSettings settings;
    private final PrintStream log;
    /** With --horizon H &gt; 1, per key the h-step forecast of each row [key][h - 1][row], NaN where none. */
    private double[][][] paths;

    public Backtest(BacktestSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    public Result run() throws Exception {
        BacktestData data = BacktestData.load(settings);
        log.printf(
                "read %s: %d keys, %d rows, %d bad rows; features %s, target %s%n",
                settings.source(),
                data.series().size(),
                data.rows(),
                data.bad().size(),
                data.features(),
                data.features().get(data.targetIndex()));
        if (data.series().isEmpty()) {
            throw new BadInputException(LongCsv.noUsableRows(settings.source(), data.bad()));
        }
        BacktestTraining training = new BacktestTraining(settings, data, log);
        Model model;
        if (settings.model() != null) {
            model = readModel(settings);
            log.printf("using model %s (version %d)%n", settings.model(), model.version());
        } else {
            model = training.first();
        }
        // retraining orders model swaps by event time (see RetrainingBacktestJob): the operator then applies
        // observations when the watermark passes them (out-of-orderness bound 1 ms) instead of on arrival
        ForecastConfig config = forecastConfig(data, settings.retrainEvery() > 0 ? 1L : 0L);
        List<Observation> observations = BacktestJob.observations(data, settings.source());
        log.printf("replaying %d observations (parallelism %d)%n", observations.size(), settings.parallelism());
        long t0 = System.nanoTime();
        List<BacktestOutput> outputs = settings.retrainEvery() > 0
                ? new RetrainingBacktestJob(settings, training, data, config, log).run(observations, model)
                : BacktestJob.run(
                        observations, operator(config, ModelCodec.encode(model)), settings.parallelism(), log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf(
                "replayed %d observations in %.2f s (%.0f observations/s, job start included)%n",
                observations.size(), seconds, observations.size() / seconds);
        List<LongCsv.BadRow> bad = new ArrayList<>(data.bad());
        List<KeyScore> keys = score(data, outputs, bad, naiveStarts(data, model));
        bad.sort((a, b) -> Long.compare(a.line(), b.line()));
        // every output goes to a temporary directory beside --out, moved into place at the end: a run that fails
        // leaves the earlier run's outputs as they were, never a new summary.json beside an old report.html
        Path tmp = OutputDir.begin(settings.out());
        try {
            var summary = Summary.json(keys, bad, training.skipped());
            Summary.model(summary, model, training.choices(), training.gate());
            List<HorizonScore> horizons = settings.horizon() > 1 ? HorizonScore.of(keys, paths) : List.of();
            if (!horizons.isEmpty()) {
                Summary.horizons(summary, horizons);
            }
            Summary.write(summary, tmp.resolve(SUMMARY));
            ForecastsCsv.write(keys, tmp.resolve(FORECASTS));
            // re-run with --model, e.g. another --season; signed with --model-key when given
            ModelPayloads.write(model, settings.modelKey(), tmp.resolve(MODEL));
            // the dashboard's page in static mode, with the report's panels; bounded whatever the number of keys
            ReportPage.write(
                    keys,
                    summary,
                    new ReportPage.Header(settings.source(), describe(model), bad.size()),
                    tmp.resolve(REPORT));
            OutputDir.commit(tmp, settings.out());
        } catch (IOException | RuntimeException e) {
            OutputDir.abandon(tmp);
            throw e;
        }
        return new Result(keys, bad, training.skipped(), observations.size(), seconds, model);
    }

    /**
     * The {@code --model} file, admitted as the forecast job would: signed with {@code --model-key}, or unsigned with
     * {@code --allow-unsigned-models}; then decoded (finite weights, a version in [1, 2^53)).
     *
     * @throws IllegalArgumentException naming the file and why it is refused
     */
    static Model readModel(BacktestSettings settings) throws IOException {
        byte[] bytes = Files.readAllBytes(settings.model());
        try {
            return ModelPayloads.open(
                    bytes, settings.modelKey(), ModelPayloads.DEFAULT_MAX_BYTES, settings.allowUnsignedModels());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--model " + settings.model() + ": " + e.getMessage(), e);
        }
    }

    /** The forecast job's operator serving {@code model} from its start. */
    static KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> operator(
            ForecastConfig config, byte[] model) {
        return new ForecastFunction(config, model);
    }

    /** The forecast job's configuration for this data: its features and target, the backtest's window W. */
    ForecastConfig forecastConfig(BacktestData data, long outOfOrdernessMillis) {
        return ForecastConfig.builder()
                .features(data.features())
                .target(data.features().get(data.targetIndex()))
                .windowSize(settings.window())
                .outOfOrdernessMillis(outOfOrdernessMillis)
                .parallelism(settings.parallelism())
                // the models come from this process: trained here, or a --model file already admitted by open()
                .allowUnsignedModels(true)
                .intervalLevels(settings.intervalLevels())
                .horizon(settings.horizon())
                .build();
    }

    /**
     * Per key, how the naive forecast's band starts ({@link IntervalScore.NaiveStart}), treated as the operator treats
     * the model's: from the first row after the model's training data (its provenance's data end); from the naive's
     * own starting calibration (the quantiles of its scaled errors on every key's validation tail, {@code
     * Calibration.fromSeriesResiduals}, as the trainer makes the model's) when the model has a stored calibration,
     * else the Gaussian one; primed with the naive's own starting scale (the mean absolute naive error on the key's
     * validation tail, {@code ModelFitter.validationRows}, the rows the model's scale comes from) where the model has
     * a starting scale for the key. When the model's bands are relative ({@code Model.relativeBands}), so are the
     * naive's: its residuals, calibration and scale are taken relative to the naive forecast (the previous value),
     * and its scale weighs as many errors as the tail has (up to the warm-up), as the model's does.
     */
    static IntervalScore.NaiveStart[] naiveStarts(BacktestData data, Model model) {
        long dataEnd = model.provenance().dataEndMillis();
        double fraction = model.provenance().train().validationFraction();
        int warmup = model.config().warmup();
        int n = data.series().size();
        boolean relative = model.relativeBands();
        double[][] tails = new double[n][];
        int[] rows = new int[n];
        for (int k = 0; k < n; k++) {
            BacktestData.Series s = data.series().get(k);
            int row = 0;
            while (row < s.size() && s.ts()[row] <= dataEnd) {
                row++;
            }
            rows[k] = row;
            int end = s.trainEnd();
            int from = Math.max(1, end - ModelFitter.validationRows(end, warmup, fraction));
            tails[k] = new double[Math.max(0, end - from)];
            for (int t = from; t < end; t++) {
                double e = s.y()[t] - s.y()[t - 1]; // the naive forecast's error
                tails[k][t - from] = relative ? e / Math.abs(s.y()[t - 1]) : e;
            }
        }
        Calibration cal = model.calibration() == null ? Calibration.GAUSSIAN : Calibration.fromSeriesResiduals(tails);
        IntervalScore.NaiveStart[] starts = new IntervalScore.NaiveStart[n];
        for (int k = 0; k < n; k++) {
            double scale = Double.NaN;
            int errors = 0;
            if (Double.isFinite(model.startScale(data.series().get(k).key()))
                    && tails[k].length >= (relative ? 1 : ModelFitter.MIN_START_ERRORS)) {
                double sum = 0;
                for (double r : tails[k]) {
                    if (Double.isFinite(r)) {
                        sum += Math.abs(r);
                        errors++;
                    }
                }
                scale = errors == 0 ? Double.NaN : sum / errors;
            }
            starts[k] = new IntervalScore.NaiveStart(rows[k], scale, errors, relative, cal);
        }
        return starts;
    }

    /**
     * Puts each forecast on the row it forecasts (the key's next row) and scores every key, its naive band started as
     * {@code naive} says.
     */
    List<KeyScore> score(
            BacktestData data,
            List<BacktestOutput> outputs,
            List<LongCsv.BadRow> bad,
            IntervalScore.NaiveStart[] naive) {
        Map<String, Integer> index = new HashMap<>();
        double[][] forecast = new double[data.series().size()][];
        long[][] versions = new long[data.series().size()][];
        double[] levels = settings.intervalLevels().stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
        double[][][] lower = new double[forecast.length][levels.length][];
        double[][][] upper = new double[forecast.length][levels.length][];
        for (int i = 0; i < forecast.length; i++) {
            index.put(data.series().get(i).key(), i);
            forecast[i] = new double[data.series().get(i).size()];
            Arrays.fill(forecast[i], Double.NaN);
            versions[i] = new long[forecast[i].length];
            for (int l = 0; l < levels.length; l++) {
                lower[i][l] = forecast[i].clone();
                upper[i][l] = forecast[i].clone();
            }
        }
        int hh = settings.horizon();
        paths = new double[forecast.length][hh][];
        for (int i = 0; i < forecast.length; i++) {
            for (int h = 0; h < hh; h++) {
                paths[i][h] = forecast[i].clone(); // all NaN
            }
        }
        for (BacktestOutput o : outputs) {
            if (o.line < 0 && o.path != null) {
                int k = index.get(o.key);
                int row = Arrays.binarySearch(data.series().get(k).ts(), o.ts);
                for (int h = 1; row >= 0 && h <= Math.min(hh, o.path.length) && row + h < forecast[k].length; h++) {
                    paths[k][h - 1][row + h] = o.path[h - 1];
                }
            }
            if (o.line >= 0) {
                bad.add(new LongCsv.BadRow(o.line, o.reason, ""));
                continue;
            }
            int k = index.get(o.key);
            int row = Arrays.binarySearch(data.series().get(k).ts(), o.ts);
            if (row >= 0 && row + 1 < forecast[k].length) {
                forecast[k][row + 1] = o.forecast;
                versions[k][row + 1] = o.modelVersion;
                for (int l = 0; o.lower != null && l < Math.min(levels.length, o.lower.length); l++) {
                    lower[k][l][row + 1] = o.lower[l];
                    upper[k][l][row + 1] = o.upper[l];
                }
            }
        }
        List<KeyScore> keys = new ArrayList<>();
        for (int i = 0; i < forecast.length; i++) {
            KeyScore k = KeyScore.of(data.series().get(i), forecast[i], versions[i], settings.season());
            keys.add(levels.length == 0 ? k : k.withIntervals(levels, lower[i], upper[i], naive[i]));
        }
        return keys;
    }

    private String describe(Model m) {
        var c = m.config();
        return String.format(
                "model v%d: %s H=%d L=%d %s%s, train fraction %.2f%s; %s",
                m.version(),
                c.cell(),
                c.hiddenSize(),
                c.layers(),
                c.transforms().get(c.targetIndex()),
                c.seasonalLag() ? " season " + c.season() : "",
                settings.trainFraction(),
                settings.retrainEvery() > 0 ? ", retrained every " + settings.retrainEvery() + " observations" : "",
                settings.model() != null
                        ? "model file " + settings.model()
                        : "trained " + m.provenance().epochs() + " epochs, k1=" + settings.k1() + " k2=" + settings.k2()
                                + " seed " + settings.seed());
    }
}
