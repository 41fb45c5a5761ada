package dev.streamcast.jobs.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.streamcast.jobs.common.OutputDir;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.eval.HoldoutScores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a run's {@code report.json} (decision, versions, per-key and overall scores of candidate, champion and naive,
 * the training configuration, epochs, loss curves, timings) and {@code loss.png} into a directory. Undefined numbers
 * (NaN) are written as null so the file is strict JSON.
 */
final class Report {
    private Report() {}

    /** Skipped keys listed by name and reason (all are counted). */
    static final int MAX_SKIPPED_LISTED = 1000;

    /** The files a report directory holds; a directory holding only these may be replaced by a new report. */
    static final Set<String> FILES = Set.of("report.json", "loss.png");

    /**
     * Writes report.json and loss.png into a temporary directory beside {@code dir} and moves it into place, so that a
     * report never mixes this run's report.json with an earlier run's loss.png.
     */
    static void write(Path dir, TrainVerdict o, TrainSettings s, History h, Instant at) throws IOException {
        Path tmp = OutputDir.begin(dir);
        try {
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(tmp.resolve("report.json").toFile(), tree(o, s, h, at));
            if (o.result() != null && o.result().epochs() > 0) {
                LossChart.write(
                        o.result().trainLoss(),
                        o.result().validationLoss(),
                        "loss per epoch, candidate version " + (o.championVersion() + 1),
                        tmp.resolve("loss.png"));
            }
            OutputDir.commit(tmp, dir);
        } catch (IOException | RuntimeException e) {
            OutputDir.abandon(tmp);
            throw e;
        }
    }

    static Map<String, Object> tree(TrainVerdict o, TrainSettings s, History h, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", at.toString());
        m.put("decision", o.decision().name());
        m.put("message", o.message());
        m.put("championVersion", o.championVersion() == 0 ? null : o.championVersion());
        m.put("candidateVersion", o.championVersion() + 1);
        m.put("published", o.payload() != null);
        m.put("payloadBytes", o.payload() == null ? null : o.payload().length);
        m.put("signed", s.modelKey() != null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", h.source());
        data.put("features", h.features());
        data.put("target", h.features().get(h.targetIndex()));
        data.put("keys", h.series().size());
        data.put("points", h.points());
        data.put("badRows", h.badRows());
        data.put("skippedKeys", o.skipped().size());
        data.put(
                "skipped",
                o.skipped().stream()
                        .limit(MAX_SKIPPED_LISTED)
                        .map(k -> Map.of("key", k.key(), "reason", k.reason()))
                        .toList());
        data.put("holdoutFraction", s.holdoutFraction());
        m.put("data", data);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("cell", s.cell().name());
        model.put("hidden", s.hidden());
        model.put("layers", s.layers());
        ModelConfig c = o.candidate() != null ? o.candidate().config() : null; // the resolved shape, if trained
        model.put(
                "transforms",
                c != null
                        ? c.transforms().stream().map(Enum::name).toList()
                        : s.transforms().isEmpty()
                                ? "auto"
                                : s.transforms().stream().map(Enum::name).toList());
        model.put("scalerWindow", s.scalerWindow());
        model.put("season", c != null ? c.season() : s.season() == 0 ? "auto" : s.season());
        m.put("model", model);
        m.put("training", training(s.train(), s.warmStart()));
        if (o.scores() != null) {
            m.put("scores", scores(o.scores()));
        }
        if (o.result() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("epochs", o.result().epochs());
            r.put("bestEpoch", o.result().bestEpoch() + 1);
            r.put("bestLoss", num(o.result().bestLoss()));
            r.put("diverged", o.result().diverged());
            r.put("trainLoss", nums(o.result().trainLoss()));
            r.put("validationLoss", nums(o.result().validationLoss()));
            m.put("result", r);
        }
        m.put("timingsMillis", o.timingsMillis());
        return m;
    }

    private static Map<String, Object> training(TrainConfig t, boolean warmStart) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k1", t.k1());
        m.put("k2", t.k2());
        m.put("batch", t.batchSize());
        m.put("learningRate", t.learningRate());
        m.put("clipNorm", t.clipNorm());
        m.put("l2", t.l2());
        m.put("maxEpochs", t.maxEpochs());
        m.put("patience", t.patience());
        m.put("validationFraction", t.validationFraction());
        m.put("seed", t.seed());
        m.put("warmStart", warmStart);
        return m;
    }

    private static Map<String, Object> scores(HoldoutScores sc) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("candidate", summary(sc.candidate()));
        m.put("champion", sc.champion() == null ? null : summary(sc.champion()));
        m.put("naive", summary(sc.naive()));
        List<Map<String, Object>> keys = new ArrayList<>();
        for (HoldoutScores.Key k : sc.keys()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", k.key());
            e.put("points", k.points());
            e.put("candidate", pair(k.candidateMae(), k.candidateMase()));
            e.put("champion", sc.champion() == null ? null : pair(k.championMae(), k.championMase()));
            e.put("naive", pair(k.naiveMae(), k.naiveMase()));
            keys.add(e);
        }
        m.put("perKey", keys);
        return m;
    }

    private static Map<String, Object> summary(HoldoutScores.Means s) {
        Map<String, Object> m = pair(s.mae(), s.mase());
        m.put("points", s.points());
        return m;
    }

    private static Map<String, Object> pair(double mae, double mase) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mae", num(mae));
        m.put("mase", num(mase));
        return m;
    }

    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Double> nums(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(num(d));
        }
        return out;
    }
}
