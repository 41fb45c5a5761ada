package dev.streamcast.jobs.backtest;

import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.train.ModelFitter;
import dev.streamcast.model.train.NaiveGate;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The backtest's side of the one fitting path ({@link ModelFitter}): the model's shape for the data and the options,
 * each key's rows up to a boundary, the console lines. The first fit's skipped keys are kept for summary.json.
 */
final class BacktestTraining {
    private final BacktestSettings settings;
    private final BacktestData data;
    private final PrintStream log;
    private final ModelFitter fitter;
    private ModelConfig config;
    private List<Transform> choices = List.of();
    private List<ModelFitter.Choice> chosen = List.of();
    private List<ModelFitter.Skipped> firstSkipped = List.of();
    private NaiveGate.Decision firstGate;

    BacktestTraining(BacktestSettings settings, BacktestData data, PrintStream log) {
        this.settings = settings;
        this.data = data;
        this.log = log;
        this.fitter = new ModelFitter(settings.trainConfig(), Clock.systemUTC());
    }

    /**
     * The model's shape: {@link ModelFitter#shape} on the keys' training parts (--season and --transform, auto when
     * not given), every feature with the same transform. With --transform auto and a season, the first model tries
     * each of the shape's choices and keeps the one with the lowest validation MASE; this is then its shape.
     */
    ModelConfig modelConfig() {
        if (config != null) {
            return config;
        }
        List<Transform> requested = settings.transform() == null ? List.of() : List.of(settings.transform());
        ModelFitter.Shape shape = ModelFitter.shape(
                settings.season(),
                requested,
                null,
                data.features(),
                data.targetIndex(),
                keys(trainEnds()),
                settings.k1(),
                settings.trainConfig().validationFraction());
        int m = shape.season();
        if (shape.transforms().contains(Transform.SEASONAL_DIFF) && m < 2) {
            throw new IllegalArgumentException("option --transform seasonal-diff needs a season: give --season M"
                    + " (M >= 2); none was detected on the training part");
        }
        config = new ModelConfig(
                settings.cell(),
                data.features().size(),
                settings.hidden(),
                settings.layers(),
                data.features(),
                data.targetIndex(),
                Collections.nCopies(data.features().size(), shape.transforms().get(0)),
                ModelConfig.DEFAULT_SCALER_WINDOW,
                m);
        choices = shape.choices();
        return config;
    }

    /** The first model, on every key's training part. */
    Model first() {
        Model m = fit(trainEnds(), null, 1);
        config = m.config(); // the chosen transform, which retraining keeps
        return m;
    }

    /**
     * Trains on rows [0, upTo[i]) of series i.
     *
     * @param warmStart the model to continue from (retraining), or null
     * @param version the new model's version
     * @throws IllegalArgumentException when no key can be trained on or training diverged before any finite epoch
     */
    Model fit(int[] upTo, Model warmStart, long version) {
        long t0 = System.nanoTime();
        ModelConfig shape = modelConfig();
        ModelFitter.Fit fit = fitter.fit(
                shape,
                version == 1 ? choices : List.of(),
                keys(upTo),
                warmStart == null ? null : warmStart.weights(),
                version,
                "backtest " + settings.source(),
                (epoch, tl, vl, elapsed) -> log.printf(
                        "  epoch %3d  train loss %.4f  validation loss %.4f  (%.1f s)%n",
                        epoch + 1, tl, vl, elapsed.toMillis() / 1000.0));
        if (version == 1) {
            firstSkipped = fit.skipped();
            chosen = fit.choices();
            firstGate = fit.gate();
        }
        if (!fit.choices().isEmpty() && !fit.refused()) {
            log.println("transform chosen on the validation tail: " + ModelFitter.describeChoices(fit));
        }
        if (fit.gate() != null && !fit.refused()) {
            log.println(
                    "gate against naive on the validation tail: " + fit.gate().describe());
        }
        if (!fit.skipped().isEmpty()) {
            log.println("skipped keys: " + ModelFitter.describe(fit.skipped()));
        }
        if (fit.refused()) {
            throw new IllegalArgumentException(fit.note());
        }
        log.printf(
                "trained model v%d on %d keys, %d rows: %d epochs, best epoch %d, %.1f s%s%n",
                version,
                fit.keys(),
                fit.model().provenance().points(),
                fit.training().epochs(),
                fit.training().bestEpoch() + 1,
                (System.nanoTime() - t0) / 1e9,
                fit.note() == null ? "" : " (" + fit.note() + ")");
        log.println("combined with " + ModelFitter.describeSmoothing(fit.model().smoothing()));
        return fit.model();
    }

    /** What the gate against naive decided for the first model; null when no smoothing was fitted. */
    NaiveGate.Decision gate() {
        return firstGate;
    }

    /** The transforms the first model tried and their validation MASE; empty when it did not choose. */
    List<ModelFitter.Choice> choices() {
        return chosen;
    }

    /** Keys the first model left out (too short, or they could not be scaled), with the reason. */
    List<ModelFitter.Skipped> skipped() {
        return firstSkipped;
    }

    private int[] trainEnds() {
        return data.series().stream().mapToInt(BacktestData.Series::trainEnd).toArray();
    }

    private List<ModelFitter.KeyRows> keys(int[] upTo) {
        List<ModelFitter.KeyRows> keys = new ArrayList<>();
        for (int i = 0; i < upTo.length; i++) {
            BacktestData.Series s = data.series().get(i);
            keys.add(new ModelFitter.KeyRows(s.key(), s.ts(), s.raw(), upTo[i]));
        }
        return keys;
    }
}
