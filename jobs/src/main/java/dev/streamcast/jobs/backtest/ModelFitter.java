package dev.streamcast.jobs.backtest;

import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.eval.Baselines;
import dev.streamcast.model.prep.Sequences;
import dev.streamcast.model.train.TrainResult;
import dev.streamcast.model.train.TrainSeries;
import dev.streamcast.model.train.Trainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trains one global model across all keys on a prefix of each key's history: the same input pipeline as the
 * streaming job ({@link Sequences}, one per key) and the trainer of the model module.
 */
final class ModelFitter {
    private final BacktestSettings settings;
    private final PrintStream log;

    ModelFitter(BacktestSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * The model's shape: the season m of {@link #season}, and every feature gets the configured transform (auto:
     * seasonal-diff with a season, diff without).
     */
    ModelConfig modelConfig(BacktestData data) {
        int m = season(data);
        Transform t =
                settings.transform() != null ? settings.transform() : m > 1 ? Transform.SEASONAL_DIFF : Transform.DIFF;
        if (t == Transform.SEASONAL_DIFF && m < 2) {
            throw new IllegalArgumentException("option --transform seasonal-diff needs a season: give --season M"
                    + " (M >= 2); none was detected on the training part");
        }
        List<Transform> transforms = Collections.nCopies(data.features().size(), t);
        return new ModelConfig(
                settings.cell(),
                data.features().size(),
                settings.hidden(),
                settings.layers(),
                data.features(),
                data.targetIndex(),
                transforms,
                ModelConfig.DEFAULT_SCALER_WINDOW,
                m);
    }

    /**
     * The model's season: --season if given, else {@link Baselines#commonSeason} over the keys' training parts (at
     * least 3m + k1 training rows on some key).
     */
    int season(BacktestData data) {
        if (settings.season() > 0) {
            return settings.season();
        }
        List<double[]> y = new ArrayList<>();
        int[] n = new int[data.series().size()];
        for (int i = 0; i < n.length; i++) {
            y.add(data.series().get(i).y());
            n[i] = data.series().get(i).trainEnd();
        }
        return Baselines.commonSeason(y, n, 3, settings.k1());
    }

    /**
     * Trains on rows [0, upTo[i]) of series i.
     *
     * @param warmStart weights to continue from (retraining), or null
     * @param version the new model's version
     */
    Model fit(BacktestData data, int[] upTo, Model warmStart, long version) {
        ModelConfig config = modelConfig(data);
        TrainConfig train = settings.trainConfig();
        List<TrainSeries> series = new ArrayList<>();
        long points = 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (int i = 0; i < data.series().size(); i++) {
            BacktestData.Series s = data.series().get(i);
            if (upTo[i] < 3) {
                continue;
            }
            Sequences seq = Sequences.of(config, Arrays.copyOf(s.raw(), upTo[i]));
            series.add(new TrainSeries(seq.x(), seq.y()));
            points += upTo[i];
            start = Math.min(start, s.ts()[0]);
            end = Math.max(end, s.ts()[upTo[i] - 1]);
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no key has at least 3 training rows; lower --k1 or give more data");
        }
        long t0 = System.nanoTime();
        TrainResult r = new Trainer(config, train, DataType.FLOAT)
                .fit(
                        series,
                        warmStart == null ? null : warmStart.weights(),
                        (epoch, tl, vl, elapsed) -> log.printf(
                                "  epoch %3d  train loss %.4f  validation loss %.4f  (%.1f s)%n",
                                epoch + 1, tl, vl, elapsed.toMillis() / 1000.0));
        log.printf(
                "trained model v%d on %d keys, %d rows: %d epochs, best epoch %d, %.1f s%s%n",
                version,
                series.size(),
                points,
                r.epochs(),
                r.bestEpoch() + 1,
                (System.nanoTime() - t0) / 1e9,
                r.diverged() ? " (diverged: kept the best epoch)" : "");
        Provenance p = new Provenance(
                System.currentTimeMillis(),
                start,
                end,
                series.size(),
                points,
                r.epochs(),
                train,
                r.trainLoss().length == 0 ? Double.NaN : r.trainLoss()[r.trainLoss().length - 1],
                r.bestLoss(),
                "backtest " + settings.source());
        return new Model(config, r.weights(), version, p);
    }
}
