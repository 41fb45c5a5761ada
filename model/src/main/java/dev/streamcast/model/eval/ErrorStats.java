package dev.streamcast.model.eval;

/**
 * Running one-step forecast error statistics for one forecaster on one series: count, MAE, RMSE, sMAPE and MASE.
 *
 * <pre>
 *   MAE   = mean |a - f|
 *   RMSE  = sqrt(mean (a - f)²)
 *   sMAPE = mean 200·|a - f| / (|a| + |f|)   in percent; a term with |a| + |f| = 0 counts as 0
 *   MASE  = MAE / scale                       scale = in-sample one-step naive MAE of the training part
 *                                             (Hyndman & Koehler 2006)
 * </pre>
 */
public final class ErrorStats {
    private long count;
    private double sumAbs;
    private double sumSq;
    private double sumSmape;

    /** Adds one forecast and the actual it was scored against. */
    public void add(double actual, double forecast) {
        double e = actual - forecast;
        count++;
        sumAbs += Math.abs(e);
        sumSq += e * e;
        double denom = Math.abs(actual) + Math.abs(forecast);
        sumSmape += denom == 0 ? 0 : 200 * Math.abs(e) / denom;
    }

    /** Adds every forecast {@code other} has seen (pooling keys). */
    public void merge(ErrorStats other) {
        count += other.count;
        sumAbs += other.sumAbs;
        sumSq += other.sumSq;
        sumSmape += other.sumSmape;
    }

    public long count() {
        return count;
    }

    public double mae() {
        return count == 0 ? Double.NaN : sumAbs / count;
    }

    public double rmse() {
        return count == 0 ? Double.NaN : Math.sqrt(sumSq / count);
    }

    public double smape() {
        return count == 0 ? Double.NaN : sumSmape / count;
    }

    /** MAE divided by the given naive scale; NaN when the scale is 0 or unknown. */
    public double mase(double naiveScale) {
        return naiveScale > 0 ? mae() / naiveScale : Double.NaN;
    }

    /** In-sample one-step naive MAE: mean |y_t - y_{t-1}| over t = 1..n-1 (NaN for fewer than two points). */
    public static double naiveScale(double[] y, int from, int to) {
        if (to - from < 2) {
            return Double.NaN;
        }
        double s = 0;
        for (int t = from + 1; t < to; t++) {
            s += Math.abs(y[t] - y[t - 1]);
        }
        return s / (to - from - 1);
    }
}
