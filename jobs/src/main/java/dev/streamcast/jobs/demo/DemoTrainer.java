package dev.streamcast.jobs.demo;

import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.eval.HoldoutGate;
import dev.streamcast.model.eval.HoldoutScores;
import dev.streamcast.model.prep.Sequences;
import dev.streamcast.model.train.TrainResult;
import dev.streamcast.model.train.TrainSeries;
import dev.streamcast.model.train.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trains the demo's models: the first one on the history, then, each time it is asked, a candidate warm-started from
 * the champion on everything that has arrived except each key's most recent {@link #HOLDOUT} slice. Candidate and
 * champion are both scored on that slice by the train command's validation gate ({@link HoldoutGate}) (one-step forecasts with
 * the state warm from the series' start, MASE per key); only a candidate with a lower mean MASE is published, as
 * version champion + 1.
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
        Map<String, double[][]> raw = bySeries(rows);
        TrainConfig tc = trainConfig(raw, 1e-2, epochs);
        long t0 = System.nanoTime();
        TrainResult r = new Trainer(config, tc, DataType.FLOAT).fit(sequences(raw, 1.0), null, null);
        if (r.diverged()) {
            throw new IllegalStateException("training the first model diverged (loss " + r.bestLoss() + ")");
        }
        champion = new Model(config, r.weights(), 1, provenance(rows, raw.size(), tc, r, t0));
        firstSeconds = (System.nanoTime() - t0) / 1e9;
        return champion;
    }

    /** Trains a candidate on {@code rows} (what has arrived), gates it against the champion, publishes a winner. */
    synchronized RetrainResult retrain(List<LongCsv.Row> rows, boolean force) {
        long t0 = System.nanoTime();
        Map<String, double[][]> raw = bySeries(rows);
        TrainConfig tc = trainConfig(raw, 5e-3, 10);
        TrainResult r =
                new Trainer(config, tc, DataType.FLOAT).fit(sequences(raw, 1 - HOLDOUT), champion.weights(), null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long next = champion.version() + 1;
        if (r.diverged()) {
            return new RetrainResult(false, next, Double.NaN, Double.NaN, Double.NaN, r.epochs(), seconds, "diverged");
        }
        Model candidate = new Model(config, r.weights(), next, provenance(rows, raw.size(), tc, r, t0));
        HoldoutScores scores = HoldoutGate.score(holdoutSeries(raw), candidate, champion);
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
                r.epochs(),
                seconds,
                better ? "better" : force ? "forced" : "not better");
    }

    /** The arrived series with their holdout slices, as the {@link HoldoutGate} takes them. */
    private static List<HoldoutGate.Series> holdoutSeries(Map<String, double[][]> raw) {
        List<HoldoutGate.Series> series = new ArrayList<>();
        raw.forEach((key, values) -> series.add(new HoldoutGate.Series(key, values, holdoutStart(values.length))));
        return series;
    }

    private static int holdoutStart(int length) {
        return Math.max(2, length - Math.max(3, (int) Math.round(length * HOLDOUT)));
    }

    private List<TrainSeries> sequences(Map<String, double[][]> raw, double fraction) {
        List<TrainSeries> out = new ArrayList<>();
        for (double[][] series : raw.values()) {
            int end = fraction >= 1 ? series.length : holdoutStart(series.length);
            Sequences s = Sequences.of(config, java.util.Arrays.copyOf(series, end));
            if (s.size() > 0) {
                out.add(new TrainSeries(s.x(), s.y()));
            }
        }
        return out;
    }

    /** k1 = k2 = 26, or shorter when the shortest series is short. */
    private static TrainConfig trainConfig(Map<String, double[][]> raw, double learningRate, int epochs) {
        int shortest = raw.values().stream().mapToInt(s -> s.length).min().orElse(0);
        int k = Math.max(2, Math.min(26, shortest / 4));
        return new TrainConfig(k, k, 32, learningRate, 1.0, 0.0, epochs, 3, 0.1, 42L);
    }

    private static Map<String, double[][]> bySeries(List<LongCsv.Row> rows) {
        Map<String, List<double[]>> lists = new LinkedHashMap<>();
        for (LongCsv.Row r : rows) {
            lists.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.values());
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        lists.forEach((k, v) -> {
            if (v.size() >= DemoData.MIN_SERIES) {
                out.put(k, v.toArray(new double[0][]));
            }
        });
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no series with at least " + DemoData.MIN_SERIES + " rows to train on");
        }
        return out;
    }

    private static Provenance provenance(List<LongCsv.Row> rows, int series, TrainConfig tc, TrainResult r, long t0) {
        long first = rows.stream().mapToLong(LongCsv.Row::ts).min().orElse(Long.MIN_VALUE);
        long last = rows.stream().mapToLong(LongCsv.Row::ts).max().orElse(Long.MIN_VALUE);
        double trainLoss = r.trainLoss().length == 0 ? Double.NaN : r.trainLoss()[r.trainLoss().length - 1];
        return new Provenance(
                System.currentTimeMillis(),
                first,
                last,
                series,
                rows.size(),
                r.epochs(),
                tc,
                trainLoss,
                r.bestLoss(),
                "streamcast demo (" + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    }
}
