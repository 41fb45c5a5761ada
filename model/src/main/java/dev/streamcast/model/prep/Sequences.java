package dev.streamcast.model.prep;

import dev.streamcast.model.ModelConfig;

/**
 * Training and backtest data for one series, made with the same {@link SeriesScaler} the streaming job uses, so the
 * model sees exactly the inputs and labels it will see online.
 *
 * <p>Raw rows v_0 .. v_{T-1} [T][F] are pushed one by one. Each push that yields a model input x_i and has a next
 * row gives one labelled example: y_i = scaledTarget(v_{r+1}[target]) where r is the row pushed. The first
 * {@link ModelConfig#warmup()} rows yield no input (1 with DIFF, more with a season) and the last row has no label,
 * so T' = T - 1 - warmup.
 *
 * @param x the scaled model inputs [T'][F]
 * @param y the labels [T']: the next target value in scaled, transformed units
 * @param firstRow the raw row of example 0 (example i is row firstRow + i)
 * @param currentRaw the raw target at the example's row [T'] (the persistence forecast)
 * @param base what a forecast at example i is relative to [T'] ({@link SeriesScaler#base()}, for {@link #invert})
 * @param nextRaw the raw target at the next row [T'] (what a forecast is scored against)
 * @param targetMean the target's running mean at each example [T'] (for {@link #invert})
 * @param targetStd the target's std at each example [T'] (for {@link #invert})
 * @param end the scaler state after the last row (the streaming job can continue from it)
 */
public record Sequences(
        float[][] x,
        float[] y,
        int firstRow,
        double[] currentRaw,
        double[] base,
        double[] nextRaw,
        double[] targetMean,
        double[] targetStd,
        ScalerState end) {

    /**
     * Builds the examples of one series.
     *
     * @param raw the raw rows [T][F], oldest first
     * @throws IllegalArgumentException naming the row and the reason if a row is unusable
     */
    public static Sequences of(ModelConfig config, double[][] raw) {
        SeriesScaler scaler = new SeriesScaler(config);
        int f = config.networkInputSize();
        int target = config.targetIndex();
        int skip = config.warmup();
        int n = Math.max(0, raw.length - 1 - skip);
        float[][] x = new float[n][f];
        float[] y = new float[n];
        double[] current = new double[n];
        double[] base = new double[n];
        double[] next = new double[n];
        double[] mean = new double[n];
        double[] std = new double[n];
        float[] xi = new float[f];
        int i = 0;
        for (int r = 0; r < raw.length; r++) {
            String reason = scaler.check(raw[r]);
            if (reason != null) {
                throw new IllegalArgumentException("row " + r + ": " + reason);
            }
            if (!scaler.push(raw[r], xi) || r == raw.length - 1) {
                continue;
            }
            // a bad next row makes a meaningless label here, but it is refused (and reported) on the next pass
            y[i] = scaler.scaledTarget(raw[r + 1][target]);
            System.arraycopy(xi, 0, x[i], 0, f);
            current[i] = raw[r][target];
            base[i] = scaler.base();
            next[i] = raw[r + 1][target];
            mean[i] = scaler.mean(target);
            std[i] = scaler.std(target);
            i++;
        }
        return new Sequences(x, y, skip, current, base, next, mean, std, scaler.state());
    }

    /** T', the number of labelled examples. */
    public int size() {
        return y.length;
    }

    /** Maps the model's scaled forecast at example i back to original units (compare with nextRaw[i]). */
    public double invert(ModelConfig config, int i, float yScaled) {
        return SeriesScaler.invert(
                config.transforms().get(config.targetIndex()), base[i], targetMean[i], targetStd[i], yScaled);
    }
}
