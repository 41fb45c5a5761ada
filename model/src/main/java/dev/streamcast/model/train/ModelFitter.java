package dev.streamcast.model.train;

import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.eval.Baselines;
import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.interval.ConformalBands;
import dev.streamcast.model.prep.Sequences;
import dev.streamcast.model.step.HoltWinters;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The one path from rows to a trained model with its provenance, used by the train command, the backtest and the
 * demo: each key's training rows become sequences through the streaming job's scaler ({@link Sequences}), keys that
 * cannot be trained on are skipped and counted, the {@link Trainer} fits one global model, and the divergence policy
 * decides what comes out.
 *
 * <p>Divergence policy: when the loss becomes NaN, infinite or explodes, the weights of the best epoch before it
 * (lowest validation loss) are kept, as early stopping keeps them on a normal run; only when no epoch finished with a
 * finite loss is the fit refused ({@link Fit#refused()}), and nothing comes out. A kept model is still only as good
 * as its scores: train and the demo publish it only if it passes the holdout gate.
 *
 * <p>The automatic shape ({@link #shape}) is decided here too, once for every caller.
 */
public final class ModelFitter {

    /**
     * One key's rows.
     *
     * @param ts timestamps [T] ascending (for the provenance), or null if unknown
     * @param rows raw observations [T][F] in the model's feature order, oldest first
     * @param end rows [0, end) are trained on
     */
    public record KeyRows(String key, long[] ts, double[][] rows, int end) {}

    /** A key left out of training, and why. */
    public record Skipped(String key, String reason) {}

    /**
     * What a fit produced.
     *
     * @param model the trained model, null when refused
     * @param training the trainer's result (epochs, loss curves); null if training never started
     * @param keys the keys trained on
     * @param skipped keys left out, in input order
     * @param note one line on divergence: what was kept or why nothing was; null for a normal run
     * @param choices the transforms tried and their validation MASE, in the order tried (the model's is the
     *     lowest); empty when the transform was not chosen (requested, the champion's, or no season)
     * @param gate what the significance gate against naive decided ({@link NaiveGate}); null when no smoothing was
     *     fitted (not a hybrid fitter, no validation tail, or refused)
     */
    public record Fit(
            Model model,
            TrainResult training,
            int keys,
            List<Skipped> skipped,
            String note,
            List<Choice> choices,
            NaiveGate.Decision gate) {
        public boolean refused() {
            return model == null;
        }

        Fit withChoices(List<Choice> c) {
            return new Fit(model, training, keys, skipped, note, List.copyOf(c), gate);
        }
    }

    /**
     * One candidate transform (for every feature) and its validation MASE: the mean over keys of the one-step MAE on
     * the held-out tail of the training part, in original units, divided by the key's in-sample naive MAE; NaN when
     * its training was refused or no key has a tail.
     */
    public record Choice(Transform transform, double validationMase) {}

    /**
     * The resolved shape and a few words on where the season came from.
     *
     * @param transforms the transforms to fit (with choices: the first choice, for every feature)
     * @param choices the transforms {@link #fit(ModelConfig, List, List, Weights, long, String, TrainListener)}
     *     tries, each for every feature, when the transform is automatic and a season was found; empty otherwise
     */
    public record Shape(int season, List<Transform> transforms, String why, List<Transform> choices) {}

    private final TrainConfig train;
    private final Clock clock;
    private final boolean hybrid;
    /** The seasonal smoothing's last fit: one per training run, not one per transform choice (it ignores the network). */
    private final SeasonalFit.Memo seasonalFits = new SeasonalFit.Memo();

    /**
     * A fitter of hybrid models: a model gets the smoothing its network is combined with ({@link Smoothing}) when it
     * helps on the validation tail (with a season Holt-Winters, without one Holt pulled toward a slow mean, per key).
     */
    public ModelFitter(TrainConfig train, Clock clock) {
        this(train, clock, true);
    }

    /** @param hybrid whether to fit the smoothing the network is combined with (false: the network alone) */
    public ModelFitter(TrainConfig train, Clock clock, boolean hybrid) {
        this.train = Objects.requireNonNull(train, "train");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hybrid = hybrid;
    }

    public TrainConfig train() {
        return train;
    }

    /**
     * Seasons of rows a key needs before one TBPTT segment of k1 rows for a season m to be considered: the seasonal
     * difference takes m rows, the seasonal lag input m - 1 more. It was 3 until 2026-12-02, which turned the season of
     * issue 16's short case off (72 monthly points, 57 in training, against 3·12 + 24 = 60); a detected season is
     * then kept only when some key still has k1 training steps under it ({@link #trainableUnder}).
     */
    static final int SEASONS_BEFORE_A_SEGMENT = 2;

    /**
     * The automatic-shape rule. Season: the requested one if {@code season > 0}; else the champion's when it
     * forecasts the same target from the same features (so a hot swap keeps each key's scaler and inputs); else
     * {@link Baselines#commonSeason} over the keys' training parts (each key's period from its sampling interval first,
     * confirmed by autocorrelation; keys vote by length; a season needs at least
     * {@link #SEASONS_BEFORE_A_SEGMENT}·m + k1 training rows on some key). Transforms: the requested ones if any; else the champion's when the season
     * is the champion's; else seasonal-diff with a season and diff without, for every feature.
     *
     * @param season the requested season, 0 for automatic
     * @param transforms the requested transforms (one for every feature, or one per feature), empty for automatic
     * @param champion the current model's shape, null if none
     * @param validationFraction the trainer's validation fraction (a detected season must leave some key k1 steps)
     */
    public static Shape shape(
            int season,
            List<Transform> transforms,
            ModelConfig champion,
            List<String> features,
            int targetIndex,
            List<KeyRows> keys,
            int k1,
            double validationFraction) {
        boolean follow =
                champion != null && champion.featureNames().equals(features) && champion.targetIndex() == targetIndex;
        String why = "requested";
        int m = season;
        if (m == 0 && follow) {
            m = champion.season();
            why = "the champion's";
        } else if (m == 0) {
            List<double[]> y = new ArrayList<>();
            List<long[]> ts = new ArrayList<>();
            int[] n = new int[keys.size()];
            for (int i = 0; i < n.length; i++) {
                double[][] rows = keys.get(i).rows();
                double[] v = new double[rows.length];
                for (int t = 0; t < v.length; t++) {
                    v[t] = rows[t][targetIndex];
                }
                y.add(v);
                ts.add(keys.get(i).ts());
                n[i] = keys.get(i).end();
            }
            m = Baselines.commonSeason(ts, y, n, SEASONS_BEFORE_A_SEGMENT, k1);
            if (m > 1 && !trainableUnder(m, n, k1, validationFraction)) {
                m = 1; // no key would keep k1 training steps after the seasonal warm-up: train without the season
            }
            why = "detected";
        }
        List<Transform> t = transforms;
        List<Transform> choices = List.of();
        if (t.isEmpty() && follow && champion.season() == m) {
            t = champion.transforms();
        } else if (t.isEmpty()) {
            t = Collections.nCopies(features.size(), m > 1 ? Transform.SEASONAL_DIFF : Transform.DIFF);
            if (m > 1) {
                choices = positive(keys)
                        ? List.of(Transform.SEASONAL_DIFF, Transform.DIFF, Transform.LOG_DIFF)
                        : List.of(Transform.SEASONAL_DIFF, Transform.DIFF);
            }
        }
        return new Shape(m, List.copyOf(t), why, choices);
    }

    /**
     * Whether some key of {@code end} training rows keeps k1 training steps under season m with its largest warm-up
     * (seasonal differences and the seasonal lag: 2m - 1 rows), counted as {@link #trainable} counts them.
     */
    static boolean trainableUnder(int m, int[] end, int k1, double validationFraction) {
        for (int e : end) {
            int examples = Math.max(0, e - 1 - (2 * m - 1));
            if (examples - (int) Math.floor(validationFraction * examples) >= k1) {
                return true;
            }
        }
        return false;
    }

    /** Whether every value of every feature in every key's training part is > 0 (log-diff can take them). */
    static boolean positive(List<KeyRows> keys) {
        boolean any = false;
        for (KeyRows k : keys) {
            for (int t = 0; t < k.end(); t++) {
                for (double v : k.rows()[t]) {
                    if (!(v > 0)) {
                        return false;
                    }
                    any = true;
                }
            }
        }
        return any;
    }

    /**
     * Fits one model per transform in {@code choices} (each for every feature, all else as {@code config}) and keeps
     * the one with the lowest validation MASE ({@link Choice}), the first on a tie; with fewer than two choices, or a
     * warm start (whose shape is fixed), this is {@link #fit(ModelConfig, List, Weights, long, String, TrainListener)}.
     * Only the training part is looked at: the validation tail is the trainer's own early-stopping tail, the same
     * raw rows for every choice (those in the tail of the choice with the longest warm-up, which lie in every
     * choice's tail). A choice whose fit is refused is skipped; if all are, the first one's refusal comes out.
     */
    public Fit fit(
            ModelConfig config,
            List<Transform> choices,
            List<KeyRows> keys,
            Weights warmStart,
            long version,
            String source,
            TrainListener listener) {
        if (choices.size() < 2 || warmStart != null) {
            return fit(config, keys, warmStart, version, source, listener);
        }
        int warmup = 0;
        List<ModelConfig> configs = new ArrayList<>();
        for (Transform t : choices) {
            ModelConfig c = config.withTransforms(Collections.nCopies(config.inputSize(), t));
            configs.add(c);
            warmup = Math.max(warmup, c.warmup());
        }
        Fit best = null;
        Fit first = null;
        double bestScore = Double.NaN;
        List<Choice> scores = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            Fit f = fit(configs.get(i), keys, null, version, source, listener);
            double score = f.refused() ? Double.NaN : validationMase(f.model(), keys, warmup);
            scores.add(new Choice(choices.get(i), score));
            first = first == null ? f : first;
            if (!f.refused()
                    && (best == null || score < bestScore || (Double.isNaN(bestScore) && !Double.isNaN(score)))) {
                best = f;
                bestScore = score;
            }
        }
        return (best == null ? first : best).withChoices(scores);
    }

    /**
     * The validation MASE of a fitted model ({@link Choice}): per key, v = floor(validationFraction · (end - 1 -
     * warmup)) rows [end - v, end) are forecast one step ahead by the model run from the zero state over the key's
     * training rows, and their MAE is divided by the in-sample naive MAE of rows [0, end); the mean over keys that
     * have such a tail and a non-zero scale, NaN if none.
     *
     * @param warmup the longest warm-up among the choices compared (so every choice scores the same rows)
     */
    double validationMase(Model model, List<KeyRows> keys, int warmup) {
        int target = model.config().targetIndex();
        double sum = 0;
        int n = 0;
        for (KeyRows k : keys) {
            int v = tail(k, warmup);
            double scale = scale(k, target);
            double[] f = v < 1 || !(scale > 0) ? null : networkTail(model, k, v);
            if (f == null) {
                continue;
            }
            double err = 0;
            for (int i = 0; i < v; i++) {
                err += Math.abs(f[i] - k.rows()[k.end() - v + i][target]);
            }
            double mase = err / v / scale;
            if (Double.isFinite(mase)) {
                sum += mase;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** v, the rows of a key's validation tail for a warm-up: floor(validationFraction · (end - 1 - warmup)). */
    private int tail(KeyRows k, int warmup) {
        return validationRows(k.end(), warmup, train.validationFraction());
    }

    /**
     * v, the rows [end - v, end) of a key's validation tail: floor(fraction · (end - 1 - warmup)), at least 0, for a
     * key trained on rows [0, end), a model of that warm-up and a validation fraction.
     */
    public static int validationRows(int end, int warmup, double fraction) {
        return Math.max(0, (int) Math.floor(fraction * (end - 1 - warmup)));
    }

    /** The key's in-sample naive MAE over rows [0, end) of the target. */
    private static double scale(KeyRows k, int target) {
        double scale = 0;
        for (int t = 1; t < k.end(); t++) {
            scale += Math.abs(k.rows()[t][target] - k.rows()[t - 1][target]);
        }
        return scale / Math.max(1, k.end() - 1);
    }

    /**
     * The network's one-step forecasts (original units) of the key's rows [end - v, end), run from the zero state
     * over its training rows; null when the key cannot be trained on or scaled, or a forecast is not finite.
     */
    private double[] networkTail(Model model, KeyRows k, int v) {
        ModelConfig c = model.config();
        if (trainable(c, k) != null) {
            return null;
        }
        Sequences seq;
        try {
            seq = Sequences.of(c, Arrays.copyOf(k.rows(), k.end()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        double[] yhat = Trainer.predict(model.weights(), seq.x(), DataType.FLOAT);
        double[] out = new double[v];
        for (int r = k.end() - v; r < k.end(); r++) {
            int i = r - 1 - c.warmup(); // example i forecasts row warmup + i + 1
            out[r - k.end() + v] = seq.invert(c, i, (float) yhat[i]);
            if (!Double.isFinite(out[r - k.end() + v])) {
                return null;
            }
        }
        return out;
    }

    /**
     * The smoothing the network's forecast is combined with ({@link SmoothingFit}), fitted on the keys' training
     * rows: α, β, γ (without a season also ψ and κ, and a set per key) on all of them, the weight on each key's
     * validation tail, then the gate against naive ({@link NaiveGate}); null when no key has a tail.
     */
    NaiveGate.Gated smoothing(Model model, List<KeyRows> keys) {
        int target = model.config().targetIndex();
        List<SmoothingFit.Key> fit = new ArrayList<>();
        for (KeyRows k : keys) {
            int v = tail(k, model.config().warmup());
            double scale = scale(k, target);
            double[] f = v < 1 || !(scale > 0) ? null : networkTail(model, k, v);
            if (f == null) {
                continue;
            }
            double[] y = new double[k.end()];
            for (int t = 0; t < y.length; t++) {
                y[t] = k.rows()[t][target];
            }
            long start = k.ts() == null || k.ts().length == 0 ? Long.MIN_VALUE : k.ts()[0];
            fit.add(new SmoothingFit.Key(k.key(), y, k.end() - v, f, scale, start));
        }
        Calibration start = model.calibration() == null ? Calibration.GAUSSIAN : model.calibration();
        return fit.isEmpty() ? null : SmoothingFit.gated(fit, model.config().season(), seasonalFits, start);
    }

    /**
     * The starting calibration of a model whose gate serves naive ({@link NaiveGate.Outcome#NAIVE}): the quantiles of
     * naive's scaled errors y_t - y_{t-1} over each key's validation tail, the rows [end - v, end) of {@link
     * #validationRows} ({@link Calibration#fromSeriesResiduals}). The bands calibrate on the served forecast's errors,
     * and the served forecast is then naive's; the trainer's calibration is of the network's, a forecast that is not
     * served. The backtest starts naive's own band from the same calibration and, per key, from the same starting
     * scale ({@link #startScales} of naive), so the band served with naive is naive's band.
     */
    Calibration naiveCalibration(Model model, List<KeyRows> keys) {
        int target = model.config().targetIndex();
        double[][] tails = new double[keys.size()][];
        for (int i = 0; i < tails.length; i++) {
            KeyRows k = keys.get(i);
            int from = Math.max(1, k.end() - tail(k, model.config().warmup()));
            tails[i] = new double[Math.max(0, k.end() - from)];
            for (int t = from; t < k.end(); t++) {
                tails[i][t - from] = k.rows()[t][target] - k.rows()[t - 1][target]; // naive's error
            }
        }
        return Calibration.fromSeriesResiduals(tails);
    }

    /**
     * Fewest errors an absolute starting scale is the mean of: the bands' warm-up ({@code
     * ConformalBands.DEFAULT_WARMUP}), since the scale stands in for the warm-up's errors. A relative scale (below)
     * may come from fewer and then weighs as many errors as it is the mean of: an absolute scale from a short tail of
     * a growing series is off by the growth (docs/accuracy.md: johnsonjohnson's 5 tail errors were half the size of
     * its errors after them), a relative one is not.
     */
    public static final int MIN_START_ERRORS = ConformalBands.DEFAULT_WARMUP;

    /**
     * The keys' starting scales ({@link Model#startScales}), the counts of those from fewer errors than the warm-up
     * ({@link Model#startErrors}), and whether they and the bands are relative to the forecast.
     */
    record StartScales(Map<String, Double> scales, Map<String, Integer> errors, boolean relative) {}

    /**
     * Whether a model's bands are relative to the forecast ({@code ConformalBands}, relative series): when its
     * forecast is Holt-Winters on ln y ({@link Smoothing#log}), chosen over Holt-Winters on y by AICc on the training
     * rows (every training value &gt; 0), i.e. when the training data says the errors are proportional to the
     * level (multiplicative errors, as R's ets(M, ., M), whose prediction intervals grow with the level likewise).
     */
    static boolean relativeBands(Model model) {
        return model.smoothing() != null && model.smoothing().log();
    }

    /**
     * Per key, the starting scale of its prediction intervals ({@link Model#startScales}): the mean absolute error of
     * the forecast as served (the network combined with the key's own smoothing set, or the network alone; after
     * the gate against naive, so naive where naive is served) over the key's validation tail, the rows [end - v, end)
     * of {@link #validationRows}, in original units. The tail is out of sample for the network's weights (they only
     * choose the epoch, and a hybrid's w); the training rows before it are not used, as the network was fitted to them
     * and its errors there are smaller than those the band must cover. A key gets no scale when its tail has fewer
     * than {@link #MIN_START_ERRORS} finite errors or their mean is not &gt; 0 (it then warms up on its own errors).
     * With {@link #relativeBands} the scale is the mean of |y - ŷ|/|ŷ| instead, from at least 1 error; one from fewer
     * than the warm-up is recorded with its count.
     */
    StartScales startScales(Model model, List<KeyRows> keys) {
        int target = model.config().targetIndex();
        int season = model.config().season();
        boolean relative = relativeBands(model);
        int fewest = relative ? 1 : MIN_START_ERRORS;
        Map<String, Double> scales = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (KeyRows k : keys) {
            int v = tail(k, model.config().warmup());
            double[] net = v < fewest || k.key() == null ? null : networkTail(model, k, v);
            if (net == null) {
                continue;
            }
            Smoothing sp = model.smoothing() == null ? null : model.smoothing().forKey(k.key());
            double[] state = sp == null ? null : new double[HoltWinters.stateSize(season)];
            if (sp != null) {
                HoltWinters.begin(state, season, sp); // from its fitted starting states, as served
            }
            double sum = 0;
            int n = 0;
            for (int t = 0; t < k.end(); t++) {
                double y = k.rows()[t][target];
                if (t >= k.end() - v) {
                    double served = net[t - k.end() + v];
                    if (sp != null) { // as the forecast job serves it (SeriesUpdater)
                        served = HoltWinters.combine(served, HoltWinters.forecast(state, season, sp, 1), sp);
                    }
                    double e = relative ? Math.abs(y - served) / Math.abs(served) : Math.abs(y - served);
                    if (Double.isFinite(e)) {
                        sum += e;
                        n++;
                    }
                }
                if (sp != null) {
                    HoltWinters.observe(state, season, sp, y);
                }
            }
            double scale = n == 0 ? Double.NaN : sum / n;
            if (n >= fewest && scale > 0 && scale <= Float.MAX_VALUE) {
                scales.put(k.key(), scale);
                if (n < MIN_START_ERRORS) {
                    counts.put(k.key(), n);
                }
            }
        }
        return new StartScales(scales, counts, relative);
    }

    /**
     * Fits a model of shape {@code config} on rows [0, end) of every key.
     *
     * @param warmStart weights to continue from (their shape must be {@code config}'s), or null
     * @param version the new model's version
     * @param source where the data came from, for the provenance
     * @param listener per-epoch progress, or null
     * @throws IllegalArgumentException when no key can be trained on (the message names the first few reasons)
     */
    public Fit fit(
            ModelConfig config,
            List<KeyRows> keys,
            Weights warmStart,
            long version,
            String source,
            TrainListener listener) {
        List<TrainSeries> series = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        long points = 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (KeyRows k : keys) {
            String why = trainable(config, k);
            Sequences seq = null;
            if (why == null) {
                try {
                    seq = Sequences.of(config, Arrays.copyOf(k.rows(), k.end()));
                    why = finite(seq);
                } catch (IllegalArgumentException e) {
                    why = "cannot be scaled: " + e.getMessage();
                }
            }
            if (why != null) {
                skipped.add(new Skipped(k.key(), why));
                continue;
            }
            series.add(new TrainSeries(seq.x(), seq.y()));
            points += k.end();
            if (k.ts() != null) {
                start = Math.min(start, k.ts()[0]);
                end = Math.max(end, k.ts()[k.end() - 1]);
            }
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no key can be trained on: " + describe(skipped));
        }
        TrainResult r = new Trainer(config, train, DataType.FLOAT).fit(series, warmStart, listener);
        double lastLoss = r.epochs() == 0 ? Double.NaN : r.trainLoss()[r.epochs() - 1];
        String note = null;
        if (r.diverged() && r.bestEpoch() < 0) {
            note = "training diverged at epoch " + r.epochs() + " (loss " + lastLoss
                    + ") before any epoch finished with a finite loss";
            return new Fit(null, r, series.size(), skipped, note, List.of(), null);
        }
        if (r.diverged()) {
            note = "training diverged at epoch " + r.epochs() + " (loss " + lastLoss + "): kept epoch "
                    + (r.bestEpoch() + 1) + ", the best before it";
        }
        Provenance p = new Provenance(
                clock.millis(),
                start == Long.MAX_VALUE ? Long.MIN_VALUE : start,
                end,
                series.size(),
                points,
                r.epochs(),
                train,
                lastLoss,
                r.bestLoss(),
                source);
        Model model = new Model(config, r.weights(), version, p, r.calibration());
        NaiveGate.Decision gate = null;
        if (hybrid) { // with a season and without (docs/accuracy.md, "The hybrid" and "Without a season")
            NaiveGate.Gated g = smoothing(model, keys);
            Smoothing sm = g == null ? null : g.smoothing();
            gate = g == null ? null : g.decision();
            model = sm == null || sm.networkOnly() ? model : model.withSmoothing(sm);
            if (gate != null && gate.outcome() == NaiveGate.Outcome.NAIVE) {
                model = model.withCalibration(naiveCalibration(model, keys));
            }
        }
        StartScales bandStart = startScales(model, keys);
        model = model.withStartScales(bandStart.scales(), bandStart.errors(), bandStart.relative());
        return new Fit(model, r, series.size(), skipped, note, List.of(), gate);
    }

    /**
     * Why a key is too short to train on, or null: it needs at least k1 labelled examples in the trainer's training
     * part (the trainer cuts segments of at least k1 steps; a shorter key would add nothing to learn from).
     */
    String trainable(ModelConfig config, KeyRows k) {
        int examples = Math.max(0, k.end() - 1 - config.warmup());
        int trained = examples - (int) Math.floor(train.validationFraction() * examples);
        if (trained < train.k1()) {
            return "too short to train on: " + k.end() + " rows give " + trained + " training steps, k1 = " + train.k1()
                    + " needed";
        }
        return null;
    }

    /** Null if every input and label is finite, else why not. */
    private static String finite(Sequences seq) {
        for (int i = 0; i < seq.size(); i++) {
            if (!Float.isFinite(seq.y()[i])) {
                return "cannot be scaled: the label of example " + i + " is " + seq.y()[i];
            }
            for (float v : seq.x()[i]) {
                if (!Float.isFinite(v)) {
                    return "cannot be scaled: an input of example " + i + " is " + v;
                }
            }
        }
        return null;
    }

    /** "diff (validation MASE: seasonal-diff 0.4100 diff 0.3500* ...)": the kept transform, the scores, it starred. */
    public static String describeChoices(Fit fit) {
        Transform kept =
                fit.model().config().transforms().get(fit.model().config().targetIndex());
        StringBuilder b = new StringBuilder(spelling(kept)).append(" (validation MASE:");
        for (Choice c : fit.choices()) {
            b.append(' ').append(spelling(c.transform())).append(' ');
            b.append(String.format(Locale.ROOT, "%.4f", c.validationMase()));
            b.append(c.transform() == kept ? "*" : "");
        }
        return b.append(')').toString();
    }

    /**
     * "Holt-Winters on ln v, α 0.1 β 0.2 γ 0.9, network weight 0.6", or "nothing: the network alone" for null; with
     * the slow mean ", ψ 0.60 κ 0.03", with per-key sets ", own sets for 8 keys".
     */
    public static String describeSmoothing(Smoothing s) {
        if (s != null && s.extended()) {
            return describeSmoothing(new Smoothing(s.alpha(), s.beta(), s.gamma(), s.log(), s.weight()))
                    + String.format(Locale.ROOT, ", ψ %.2f κ %.2f", s.fast(), s.slow())
                    + (s.keys().isEmpty() ? "" : ", own sets for " + s.keys().size() + " keys");
        }
        return s == null
                ? "nothing: the network alone"
                : String.format(
                        Locale.ROOT,
                        "Holt-Winters on %s, α %.2f β %.2f γ %.2f, network weight %.1f",
                        s.log() ? "ln v" : "v",
                        s.alpha(),
                        s.beta(),
                        s.gamma(),
                        s.weight());
    }

    /** The option's spelling of a transform: diff, log-diff, seasonal-diff. */
    public static String spelling(Transform t) {
        return t.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** "N keys skipped" and the first three reasons: a bounded line however many keys there are. */
    public static String describe(List<Skipped> skipped) {
        StringBuilder b = new StringBuilder().append(skipped.size()).append(skipped.size() == 1 ? " key" : " keys");
        b.append(" skipped");
        for (int i = 0; i < Math.min(3, skipped.size()); i++) {
            b.append(i == 0 ? " (" : "; ").append(shorten(skipped.get(i).key())).append(": ");
            b.append(skipped.get(i).reason());
        }
        if (!skipped.isEmpty()) {
            b.append(skipped.size() > 3 ? "; ...)" : ")");
        }
        return b.toString();
    }

    private static String shorten(String key) {
        return key.length() <= 60 ? key : key.substring(0, 57) + "...";
    }
}
