package dev.streamcast.model.train;

import java.util.Objects;

/**
 * One series ready for training, already transformed and scaled (see {@code prep.SeriesScaler}): x[t] is the model
 * input at step t, y[t] the label, the next target value in scaled units. The most recent
 * {@code TrainConfig.validationFraction} of the steps is held out for validation by the {@link Trainer}.
 *
 * @param x inputs [T][F]
 * @param y labels [T]
 */
public record TrainSeries(float[][] x, float[] y) {
    public TrainSeries {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "x and y must have one row per step, found x: " + x.length + ", y: " + y.length);
        }
    }

    public int length() {
        return y.length;
    }
}
