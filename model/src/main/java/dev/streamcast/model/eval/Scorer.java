package dev.streamcast.model.eval;

import dev.streamcast.model.Model;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.HoltWinters;
import dev.streamcast.model.step.StreamingModel;

/**
 * Scores a model on the tail of one series the way the streaming job would run it: the model and its scaler consume
 * the series from its start (so the state is warm), one-step forecasts of the target are made for every point, and
 * only points at index ≥ {@code scoreFrom} are scored, next to the naive forecast on exactly the same points. The
 * forecast scored is the one the job serves: for a hybrid model the network's combined with the key's Holt-Winters
 * smoothing (its own set when the model has one for the key, {@code Smoothing.forKey}), which takes every value the
 * scaler accepts, as the job's does.
 */
public final class Scorer {
    private Scorer() {}

    /** Model and naive error on the scored points, and the in-sample naive MAE of [0, scoreFrom) for MASE. */
    public record Score(ErrorStats model, ErrorStats naive, double naiveScale) {
        public double modelMase() {
            return model.mase(naiveScale);
        }

        public double naiveMase() {
            return naive.mase(naiveScale);
        }
    }

    /** As {@link #score(Model, String, double[][], int)} for a key the model holds no own smoothing set for. */
    public static Score score(Model model, double[][] raw, int scoreFrom) {
        return score(model, null, raw, scoreFrom);
    }

    /** As {@link #score(Model, String, double[][], int, long)} for a series whose first row's time is unknown. */
    public static Score score(Model model, String key, double[][] raw, int scoreFrom) {
        return score(model, key, raw, scoreFrom, Long.MIN_VALUE);
    }

    /**
     * @param key the series' key, for its own smoothing set; null for the global one
     * @param raw the series' observations [T][F] in time order, original units
     * @param scoreFrom first index whose actual is scored, in [1, T)
     * @param start the time of raw[0], epoch ms: the key's Holt-Winters starts from its set's fitted starting states
     *     only when they were fitted at that row ({@code Smoothing.Start#at}), as the forecast job starts it; else
     *     (Long.MIN_VALUE: unknown) from the first season
     */
    public static Score score(Model model, String key, double[][] raw, int scoreFrom, long start) {
        int target = model.config().targetIndex();
        StreamingModel net = new StreamingModel(model.weights());
        StreamingModel.Scratch scratch = net.newScratch();
        SeriesScaler scaler = new SeriesScaler(model.config());
        float[] state = new float[model.config().stateSize()];
        float[] x = new float[model.config().networkInputSize()];
        ErrorStats m = new ErrorStats();
        ErrorStats naive = new ErrorStats();
        double[] y = new double[raw.length];
        for (int t = 0; t < raw.length; t++) {
            y[t] = raw[t][target];
        }
        int season = model.config().season();
        Smoothing sp = model.smoothing() == null ? null : model.smoothing().forKey(key);
        double[] smoothing = sp == null ? null : new double[HoltWinters.stateSize(season)];
        if (sp != null) {
            if (sp.start() != null && sp.start().at() == start) {
                HoltWinters.begin(smoothing, season, sp);
            } else {
                HoltWinters.reset(smoothing, sp);
            }
        }
        for (int t = 0; t + 1 < raw.length; t++) {
            boolean pushed = scaler.push(raw[t], x); // throws on a value the transforms cannot take
            if (sp != null) {
                HoltWinters.observe(smoothing, season, sp, y[t]);
            }
            if (!pushed) {
                continue;
            }
            double forecast = scaler.invert(net.step(x, state, scratch));
            if (sp != null) { // the hybrid: w·network + (1 - w)·Holt-Winters, as the job serves it
                forecast = HoltWinters.combine(forecast, HoltWinters.forecast(smoothing, season, sp, 1), sp);
            }
            if (t + 1 >= scoreFrom) {
                m.add(y[t + 1], forecast);
                naive.add(y[t + 1], y[t]);
            }
        }
        return new Score(m, naive, ErrorStats.naiveScale(y, 0, scoreFrom));
    }
}
