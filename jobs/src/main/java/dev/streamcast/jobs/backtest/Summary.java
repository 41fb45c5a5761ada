package dev.streamcast.jobs.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamcast.jobs.common.Messages;
import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.eval.ErrorStats;
import dev.streamcast.model.train.ModelFitter;
import dev.streamcast.model.train.NaiveGate;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The accuracy summary, per key and overall, in the shape other tools read ({@code summary.json}):
 * <pre>
 * {"overall": {"count": N, "model": {"mae", "rmse", "smape", "mase"}, "naive": {...}, "seasonal_naive": {...},
 *              "ses": {...}},
 *              "intervals": [{"level": 0.8, "count": n, "model": {"coverage", "width", "winkler"},
 *                             "naive": {...}}, ...]},
 *  "keys": {"&lt;key&gt;": {same shape as overall}},
 *  "bad_rows": {"count": n, "lines": [..], "rows": [{"line", "reason"}, ..], "left_out": n},
 *  "skipped_keys": {"count": n, "keys": [{"key", "reason"}, ..]},
 *  "model": {"transform", "season", "choices": [{"transform", "validation_mase"}, ..], "gate": {..} or null,
 *           "smoothing": {..} or null}}
 * </pre>
 * Per key, MASE = MAE / the in-sample one-step naive MAE of the key's training part. Overall: count, MAE, RMSE and
 * sMAPE are pooled over all scored points of all keys (so long series weigh more); MASE is the mean of the keys'
 * MASE (keys without a MASE, e.g. a constant training part, are left out). A value that does not exist (no scored
 * point) is written as null. Skipped keys are those the model was not trained on (too short, or they could not be
 * scaled); they are still replayed and scored.
 *
 * <p>{@code intervals} (present when the replay emitted prediction intervals, see {@link IntervalScore}): per level,
 * per key coverage, width and Winkler score over the key's rows where both the model and the calibrated naive have
 * bounds, width and Winkler divided by the key's MASE scale; overall, count is the total and each figure the mean over
 * keys that have one (so each key weighs the same, as MASE does).
 */
public final class Summary {
    private Summary() {}

    /** Bad rows listed by line and reason (all are counted; "left_out" says how many are not listed). */
    static final int MAX_BAD_LISTED = 1000;
    /** Characters of a bad row's reason kept. */
    static final int MAX_REASON_CHARS = 200;

    /** Skipped keys listed by name and reason (all are counted). */
    static final int MAX_SKIPPED_LISTED = 1000;

    /** The pooled error of every method over all keys (for overall MAE, RMSE, sMAPE). */
    public static ErrorStats[] pooled(List<KeyScore> keys) {
        ErrorStats[] pooled = new ErrorStats[KeyScore.METHODS.length];
        for (int j = 0; j < pooled.length; j++) {
            pooled[j] = new ErrorStats();
        }
        for (KeyScore k : keys) {
            double[] y = k.series().y();
            for (int i = 0; i < y.length; i++) {
                if (k.scored(i)) {
                    for (int j = 0; j < pooled.length; j++) {
                        pooled[j].add(y[i], k.forecasts()[j][i]);
                    }
                }
            }
        }
        return pooled;
    }

    /** Mean over keys of method j's MASE, skipping keys where it is undefined; NaN if none has one. */
    public static double meanMase(List<KeyScore> keys, int j) {
        double sum = 0;
        int n = 0;
        for (KeyScore k : keys) {
            double m = k.stats()[j].mase(k.scale());
            if (Double.isFinite(m)) {
                sum += m;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Builds the JSON tree without skipped keys. */
    public static ObjectNode json(List<KeyScore> keys, List<LongCsv.BadRow> bad) {
        return json(keys, bad, List.of());
    }

    /** Builds the JSON tree. */
    public static ObjectNode json(List<KeyScore> keys, List<LongCsv.BadRow> bad, List<ModelFitter.Skipped> skipped) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ErrorStats[] pooled = pooled(keys);
        ObjectNode overall = root.putObject("overall");
        overall.put("count", pooled[KeyScore.MODEL].count());
        for (int j = 0; j < KeyScore.METHODS.length; j++) {
            metrics(overall.putObject(KeyScore.METHODS[j]), pooled[j], meanMase(keys, j));
        }
        overallIntervals(overall, keys);
        ObjectNode byKey = root.putObject("keys");
        for (KeyScore k : keys) {
            ObjectNode node = byKey.putObject(k.series().key());
            node.put("count", k.count());
            for (int j = 0; j < KeyScore.METHODS.length; j++) {
                metrics(node.putObject(KeyScore.METHODS[j]), k.stats()[j], k.stats()[j].mase(k.scale()));
            }
            if (k.intervals() != null) {
                ArrayNode levels = node.putArray("intervals");
                IntervalScore iv = k.intervals();
                for (int l = 0; l < iv.levels().length; l++) {
                    ObjectNode level = levels.addObject();
                    level.put("level", iv.levels()[l]);
                    level.put("count", iv.model()[l].count);
                    interval(level.putObject("model"), iv.model()[l], k.scale());
                    interval(level.putObject("naive"), iv.naive()[l], k.scale());
                }
            }
        }
        ObjectNode badRows = root.putObject("bad_rows");
        badRows.put("count", bad.size());
        ArrayNode lines = badRows.putArray("lines");
        ArrayNode rows = badRows.putArray("rows");
        bad.stream().limit(MAX_BAD_LISTED).forEach(b -> {
            lines.add(b.line());
            rows.addObject().put("line", b.line()).put("reason", Messages.cut(b.reason(), MAX_REASON_CHARS));
        });
        badRows.put("left_out", Math.max(0, bad.size() - MAX_BAD_LISTED));
        ObjectNode skippedKeys = root.putObject("skipped_keys");
        skippedKeys.put("count", skipped.size());
        ArrayNode list = skippedKeys.putArray("keys");
        skipped.stream()
                .limit(MAX_SKIPPED_LISTED)
                .forEach(k -> list.addObject().put("key", k.key()).put("reason", k.reason()));
        return root;
    }

    private static void interval(ObjectNode node, IntervalScore.Stats s, double scale) {
        put(node, "coverage", s.coverage());
        put(node, "width", s.width(scale));
        put(node, "winkler", s.winkler(scale));
    }

    /** Overall intervals: per level the total count and, per method, each figure's mean over the keys that have it. */
    private static void overallIntervals(ObjectNode overall, List<KeyScore> keys) {
        IntervalScore first = keys.stream()
                .map(KeyScore::intervals)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (first == null) {
            return;
        }
        ArrayNode levels = overall.putArray("intervals");
        for (int l = 0; l < first.levels().length; l++) {
            ObjectNode level = levels.addObject();
            level.put("level", first.levels()[l]);
            long count = 0;
            for (KeyScore k : keys) {
                count += k.intervals() == null ? 0 : k.intervals().model()[l].count;
            }
            level.put("count", count);
            for (String method : new String[] {"model", "naive"}) {
                double[] sum = new double[3];
                int[] n = new int[3];
                for (KeyScore k : keys) {
                    if (k.intervals() == null) {
                        continue;
                    }
                    IntervalScore.Stats s = method.equals("model")
                            ? k.intervals().model()[l]
                            : k.intervals().naive()[l];
                    double[] v = {s.coverage(), s.width(k.scale()), s.winkler(k.scale())};
                    for (int m = 0; m < 3; m++) {
                        if (Double.isFinite(v[m])) {
                            sum[m] += v[m];
                            n[m]++;
                        }
                    }
                }
                ObjectNode node = level.putObject(method);
                put(node, "coverage", n[0] == 0 ? Double.NaN : sum[0] / n[0]);
                put(node, "width", n[1] == 0 ? Double.NaN : sum[1] / n[1]);
                put(node, "winkler", n[2] == 0 ? Double.NaN : sum[2] / n[2]);
            }
        }
    }

    /**
     * Adds {@code "model": {"transform": "diff", "season": 12, "choices": [{"transform": "seasonal-diff",
     * "validation_mase": 0.41}, ...], "smoothing": {"alpha", "beta", "gamma", "log", "weight"}}}: the model's target
     * transform and season, with --transform auto and a season the transforms the first model tried and their
     * validation MASE (the kept one is the lowest; an empty list when it did not choose), and the exponential
     * smoothing its forecast is combined with (weight = the network's; null when the network forecasts alone), and
     * {@code "gate": {"decision", "dm", "dm_squared", "dm_winkler": [{"level", "dm"}, ..], "dm_served": [{"level",
     * "dm"}, ..], "points"}}: what the significance gate against naive decided for it ({@link NaiveGate}: "short",
     * "passed", "naive" or "seasonal_kept"; dm, the Diebold–Mariano statistic on the absolute errors, dm_squared on
     * the squared errors, dm_winkler on the Winkler scores of the best constant validation bands at each level,
     * dm_served on those of the bands as served, replayed over the validation tail; null when not tested), null when no
     * smoothing was fitted (a model given with --model, or no validation tail).
     */
    public static void model(ObjectNode root, Model model, List<ModelFitter.Choice> choices, NaiveGate.Decision gate) {
        ModelConfig config = model.config();
        ObjectNode node = root.putObject("model");
        node.put("transform", ModelFitter.spelling(config.transforms().get(config.targetIndex())));
        node.put("season", config.season());
        ArrayNode list = node.putArray("choices");
        for (ModelFitter.Choice c : choices) {
            ObjectNode o = list.addObject();
            o.put("transform", ModelFitter.spelling(c.transform()));
            put(o, "validation_mase", c.validationMase());
        }
        if (gate == null) {
            node.putNull("gate");
        } else {
            ObjectNode g = node.putObject("gate");
            g.put("decision", gate.outcome().name().toLowerCase(java.util.Locale.ROOT));
            put(g, "dm", gate.statistic());
            put(g, "dm_squared", gate.squared());
            ArrayNode w = g.putArray("dm_winkler");
            ArrayNode ws = g.putArray("dm_served");
            for (int i = 0; i < NaiveGate.LEVELS.length; i++) {
                ObjectNode o = w.addObject();
                o.put("level", NaiveGate.LEVELS[i]);
                put(o, "dm", gate.winkler().get(i));
                ObjectNode os = ws.addObject();
                os.put("level", NaiveGate.LEVELS[i]);
                put(os, "dm", gate.served().get(i));
            }
            g.put("points", gate.points());
        }
        Smoothing sm = model.smoothing();
        if (sm == null) {
            node.putNull("smoothing");
        } else {
            ObjectNode o = node.putObject("smoothing");
            o.put("alpha", sm.alpha());
            o.put("beta", sm.beta());
            o.put("gamma", sm.gamma());
            o.put("log", sm.log());
            o.put("weight", sm.weight());
            o.put("psi", sm.fast());
            o.put("kappa", sm.slow());
            ObjectNode keys = o.putObject("keys");
            sm.keys().entrySet().stream()
                    .sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> {
                        ObjectNode k = keys.putObject(e.getKey());
                        k.put("alpha", e.getValue().alpha());
                        k.put("beta", e.getValue().beta());
                        k.put("psi", e.getValue().fast());
                        k.put("kappa", e.getValue().slow());
                    });
        }
    }

    /**
     * Adds {@code "horizons": [{"h": 1, "count": N, "model": {"mae", "rmse", "smape", "mase"}, "naive": {...},
     * "seasonal_naive": {...}, "ses": {...}}, ...]} (see {@link HorizonScore}).
     */
    public static void horizons(ObjectNode root, List<HorizonScore> horizons) {
        ArrayNode list = root.putArray("horizons");
        for (HorizonScore s : horizons) {
            ObjectNode node = list.addObject();
            node.put("h", s.h());
            node.put("count", s.pooled()[KeyScore.MODEL].count());
            for (int j = 0; j < KeyScore.METHODS.length; j++) {
                metrics(node.putObject(KeyScore.METHODS[j]), s.pooled()[j], s.meanMase()[j]);
            }
        }
    }

    private static void metrics(ObjectNode node, ErrorStats s, double mase) {
        put(node, "mae", s.mae());
        put(node, "rmse", s.rmse());
        put(node, "smape", s.smape());
        put(node, "mase", mase);
    }

    private static void put(ObjectNode node, String name, double v) {
        if (Double.isFinite(v)) {
            node.put(name, v);
        } else {
            node.putNull(name);
        }
    }

    public static void write(ObjectNode json, Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }
}
