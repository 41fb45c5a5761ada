package dev.streamcast.jobs.demo;

import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.eval.HoldoutGate;
import dev.streamcast.model.eval.HoldoutScores;
import dev.streamcast.model.train.ModelFitter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains the demo's models: the first one on the history, then, each time it is asked, a candidate warm-started from
 * the champion on everything that has arrived except each key's most recent {@link #HOLDOUT} slice, through the
 * one fitting path ({@link ModelFitter}). Candidate and champion are both scored on that slice by the train command's
 * validation gate ({@link HoldoutGate}: one-step forecasts with the state warm from the series' start, MASE per key);
 * only a candidate with a lower mean MASE is published, as version champion + 1.
 *
 * <p>Univariate LSTM, H = 16, on differences (the bundled weekly series are seasonal with level shifts); TBPTT k1 =
 * k2 = 26 (half a year of weeks), Adam 1e-2 (5e-3 when warm-starting). These train in a few seconds on 2 cores.
 */
final class DemoTrainer {
    /** The most recent fraction of each key's arrived data on which candidate and champion are compared. */
    static final double HOLDOUT = 0.15;

    static final int HIDDEN = 16;

    private final ModelConfig config;
    private final Consumer<Model> publisher;
    private Model champion;
    private double firstSeconds;

    /** What one retraining did. MASE values are means over keys on the holdout slices. */
    record RetrainResult(
            boolean published,
            long version,
            double candidateMase,
            double championMase,
            double naiveMase,
            int epochs,
            double seconds,
            String reason) {}

    DemoTrainer(List<String> columns, Consumer<Model> publisher) {
        List<Transform> diff = Collections.nCopies(columns.size(), Transform.DIFF);
        this.config = new ModelConfig(
                CellType.LSTM,
                columns.size(),
                HIDDEN,
                1,
                features(columns),
                0,
                diff,
                ModelConfig.DEFAULT_SCALER_WINDOW);
        this.publisher = publisher;
    }

    /** Feature names of job and model: "value" for one column (the replayer sends "value"), else the columns. */
    static List<String> features(List<String> columns) {
        return columns.size() == 1 ? List.of("value") : columns;
    }

    ModelConfig config() {
        return config;
    }

    /** How long the first model took to train. */
    synchronized double firstSeconds() {
        return firstSeconds;
    }

    synchronized Model champion() {
        return champion;
    }

    /** Trains version 1 on {@code rows} (the caller publishes it). */
    synchronized Model trainFirst(List<LongCsv.Row> rows, int epochs) {
        List<ModelFitter.KeyRows> keys = bySeries(rows, false);
        long t0 = System.nanoTime();
        ModelFitter.Fit fit = new ModelFitter(trainConfig(keys, 1e-2, epochs), Clock.systemUTC())
                .fit(config, keys, null, 1, "streamcast demo", null);
        if (fit.refused()) {
            throw new IllegalStateException("the first model: " + fit.note());
        }
        champion = fit.model();
        firstSeconds = (System.nanoTime() - t0) / 1e9;
        return champion;
    }

    /** Trains a candidate on {@code rows} (what has arrived), gates it against the champion, publishes a winner. */
    synchronized RetrainResult retrain(List<LongCsv.Row> rows, boolean force) {
        long t0 = System.nanoTime();
        List<ModelFitter.KeyRows> keys = bySeries(rows, true);
        ModelFitter.Fit fit = new ModelFitter(trainConfig(keys, 5e-3, 10), Clock.systemUTC())
                .fit(config, keys, champion.weights(), Model.nextVersion(champion.version()), "streamcast demo", null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long next = Model.nextVersion(champion.version());
        int epochs = fit.training().epochs();
        if (fit.refused()) {
            return new RetrainResult(false, next, Double.NaN, Double.NaN, Double.NaN, epochs, seconds, "diverged");
        }
        Model candidate = fit.model();
        HoldoutScores scores = HoldoutGate.score(holdoutSeries(keys), candidate, champion);
        boolean better = scores.candidateWins();
        if (better || force) {
            champion = candidate;
            publisher.accept(candidate);
        }
        return new RetrainResult(
                better || force,
                next,
                scores.candidate().mase(),
                scores.champion().mase(),
                scores.naive().mase(),
                epochs,
                seconds,
                better ? "better" : force ? "forced" : "not better");
    }

    /** The arrived series with their holdout slices, as the {@link HoldoutGate} takes them. */
    private static List<HoldoutGate.Series> holdoutSeries(List<ModelFitter.KeyRows> keys) {
        List<HoldoutGate.Series> series = new ArrayList<>();
        for (ModelFitter.KeyRows k : keys) {
            long start = k.ts() == null || k.ts().length == 0 ? Long.MIN_VALUE : k.ts()[0];
            series.add(new HoldoutGate.Series(k.key(), k.rows(), k.end(), start));
        }
        return series;
    }

    private static int holdoutStart(int length) {
        return Math.max(2, length - Math.max(3, (int) Math.round(length * HOLDOUT)));
    }

    /** k1 = k2 = 26, or shorter when the shortest series is short. */
    private static TrainConfig trainConfig(List<ModelFitter.KeyRows> keys, double learningRate, int epochs) {
        int shortest = keys.stream().mapToInt(k -> k.rows().length).min().orElse(0);
        int k = Math.max(2, Math.min(26, shortest / 4));
        return new TrainConfig(k, k, 32, learningRate, 1.0, 0.0, epochs, 3, 0.1, 42L);
    }

    /**
     * Each key's rows (keys with fewer than {@link DemoData#MIN_SERIES} rows are left out); with {@code holdout}
     * training ends before each key's most recent {@link #HOLDOUT} slice, else it takes every row.
     */
    private static List<ModelFitter.KeyRows> bySeries(List<LongCsv.Row> rows, boolean holdout) {
        Map<String, List<LongCsv.Row>> lists = new LinkedHashMap<>();
        for (LongCsv.Row r : rows) {
            lists.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        List<ModelFitter.KeyRows> out = new ArrayList<>();
        lists.forEach((key, v) -> {
            if (v.size() >= DemoData.MIN_SERIES) {
                long[] ts = new long[v.size()];
                double[][] values = new double[v.size()][];
                for (int i = 0; i < ts.length; i++) {
                    ts[i] = v.get(i).ts();
                    values[i] = v.get(i).values();
                }
                out.add(new ModelFitter.KeyRows(key, ts, values, holdout ? holdoutStart(ts.length) : ts.length));
            }
        });
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no series with at least " + DemoData.MIN_SERIES + " rows to train on");
        }
        return out;
    }
}
