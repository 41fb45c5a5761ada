package dev.streamcast.model.step;

import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.prep.ScalerState;
import dev.streamcast.model.prep.SeriesScaler;

/**
 * Recursive multi-step forecasts from one series' state: after the one-step forecast ŷ_{t+1}, runs H − 1 more steps
 * on a scratch copy of the series' recurrent state and scaler state, feeding back each forecast as the next raw
 * observation:
 *
 * <pre>
 *   v̂_{t+1}            = the one-step forecast (given)
 *   x_{t+k}            = scaler.push(v̂_{t+k})               transformed and scaled as a real input would be
 *   ŷ                  = step(x_{t+k}, s_copy)               the copy advances; the key's own state does not
 *   v̂_{t+k+1}          = scaler.invert(ŷ)                   k = 1 .. H − 1
 * </pre>
 *
 * The seasonal-lag input comes from the scaler's ring of transformed targets: real values where they are already
 * known (h &lt; m), fed-back forecasts after. With several features the future of the non-target features is
 * unknown: they are held at their last observed value (a DIFF or LOG_DIFF feature then reads as "no change").
 * If a fed-back forecast cannot be an input (not finite, or &le; 0 under LOG_DIFF) the rest of the path is NaN.
 *
 * <p>One instance per model and thread; its working memory is allocated once, so {@link #extend} allocates nothing
 * (for a scaler state of the model's shape). The caller's {@code rnn} and {@link ScalerState} are read, never written.
 */
public final class Lookahead {
    private final StreamingModel net;
    private final StreamingModel.Scratch scratch;
    private final ScalerState scalerCopy;
    private final SeriesScaler scaler;
    private final float[] rnn;
    private final float[] x;
    private final double[] raw;
    private final int target;

    public Lookahead(StreamingModel net) {
        ModelConfig c = net.config();
        this.net = net;
        this.scratch = net.newScratch();
        this.scalerCopy = new ScalerState(c.inputSize(), c.season());
        this.scaler = new SeriesScaler(c, scalerCopy);
        this.rnn = new float[c.stateSize()];
        this.x = new float[c.networkInputSize()];
        this.raw = new double[c.inputSize()];
        this.target = c.targetIndex();
    }

    public StreamingModel model() {
        return net;
    }

    /**
     * Fills {@code path[1 .. steps-1]} with the forecasts of steps 2 .. H (original units), {@code path[0]} holding
     * the one-step forecast made from exactly these states.
     *
     * @param state the key's recurrent state after its last observation [stateSize] (read only)
     * @param scalerState the key's scaler state after its last observation (read only)
     * @param path [&ge; steps]; path[0] in, path[1 .. steps-1] out
     * @param steps H, the path length (1: nothing to do)
     */
    public void extend(float[] state, ScalerState scalerState, double[] path, int steps) {
        if (steps <= 1) {
            return;
        }
        System.arraycopy(state, 0, rnn, 0, rnn.length);
        scalerCopy.copyFrom(scalerState);
        for (int k = 1; k < steps; k++) {
            double fed = path[k - 1];
            System.arraycopy(scalerCopy.last, 0, raw, 0, raw.length); // other features: hold the last value
            raw[target] = fed;
            if (!Double.isFinite(fed) || scaler.check(raw) != null) {
                for (int j = k; j < steps; j++) {
                    path[j] = Double.NaN;
                }
                return;
            }
            float y = scaler.push(raw, x) ? net.step(x, rnn, scratch) : 0f; // 0: no input yet (warm-up)
            path[k] = scaler.invert(y);
        }
    }
}
