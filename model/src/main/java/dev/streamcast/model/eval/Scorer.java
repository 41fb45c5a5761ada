package dev.streamcast.model.eval;

import dev.streamcast.model.Model;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.StreamingModel;

/**
 * Scores a model on the tail of one series the way the streaming job would run it: the model and its scaler consume
 * the series from its start (so the state is warm), one-step forecasts of the target are made for every point, and
 * only points at index ≥ {@code scoreFrom} are scored, next to the naive forecast on exactly the same points.
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

    /**
     * @param raw the series' observations [T][F] in time order, original units
     * @param scoreFrom first index whose actual is scored, in [1, T)
     */
    public static Score score(Model model, double[][] raw, int scoreFrom) {
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
        for (int t = 0; t + 1 < raw.length; t++) {
            if (!scaler.push(raw[t], x)) {
                continue;
            }
            double forecast = scaler.invert(net.step(x, state, scratch));
            if (t + 1 >= scoreFrom) {
                m.add(y[t + 1], forecast);
                naive.add(y[t + 1], y[t]);
            }
        }
        return new Score(m, naive, ErrorStats.naiveScale(y, 0, scoreFrom));
    }
}
