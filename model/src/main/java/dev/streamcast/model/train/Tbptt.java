package dev.streamcast.model.train;

import java.util.Arrays;
import java.util.List;

/**
 * Truncated back-propagation through time, TBPTT(k1, k2) (Williams & Peng 1990), over one minibatch of B segments
 * of S steps (S a multiple of k1). Updates happen at the window ends e = k1, 2·k1, ..., S. The update at e runs the
 * forward pass over steps [max(0, e-k2), e), starting from the (detached) state carried over from the previous
 * window, scores the k1 new steps [e-k1, e), and back-propagates through all of them (up to k2 steps); gradients do
 * not flow into the initial state. The state at step max(0, e+k1-k2) is kept as the start of the next window. With
 * k1 = k2 the windows are consecutive and disjoint; with k1 < k2 each step is scored once but its gradient reaches
 * k2 steps back, at the price of recomputing k2 - k1 steps per update.
 */
final class Tbptt {
    /** Loss of a window above which training counts as diverged (the data are scaled: a sane loss is about 1). */
    static final double EXPLODED = 1e6;

    private final Network net;
    private final Params params;
    private final Params grad;
    private final Adam adam;
    private final int k1;
    private final int k2;

    Tbptt(Network net, Params params, Params grad, Adam adam, int k1, int k2) {
        this.net = net;
        this.params = params;
        this.grad = grad;
        this.adam = adam;
        this.k1 = k1;
        this.k2 = k2;
    }

    /** Gathers segments into a time-major batch: x [S][B][F], y [S][B]. */
    static double[][] gather(List<TrainSeries> series, List<Segments.Segment> segs, int length, int f) {
        int b = segs.size();
        double[] x = new double[length * b * f];
        double[] y = new double[length * b];
        for (int r = 0; r < b; r++) {
            TrainSeries s = series.get(segs.get(r).series());
            int start = segs.get(r).start();
            for (int t = 0; t < length; t++) {
                float[] row = s.x()[start + t];
                for (int k = 0; k < f; k++) {
                    x[(t * b + r) * f + k] = row[k];
                }
                y[t * b + r] = s.y()[start + t];
            }
        }
        return new double[][] {x, y};
    }

    /**
     * Trains on one batch (x [S·B·F], y [S·B]), one Adam update per window. Returns the sum of the window losses in
     * [0] and the number of windows in [1]; [0] is NaN or infinite when training diverged (then it stops at once).
     */
    double[] run(double[] x, double[] y, int length, int batch) {
        int f = params.config.networkInputSize();
        Network.State state = Network.State.zeros(params.config, batch);
        double sum = 0;
        int windows = 0;
        double[] theta = params.get();
        for (int e = k1; e <= length; e += k1) {
            int s = Math.max(0, e - k2);
            int steps = e - s;
            double[] wx = Arrays.copyOfRange(x, s * batch * f, e * batch * f);
            double[] wy = Arrays.copyOfRange(y, s * batch, e * batch);
            double[] mask = new double[steps * batch];
            Arrays.fill(mask, (e - k1 - s) * batch, mask.length, 1.0); // score the k1 new steps
            Network.Tape tape = net.forward(wx, steps, batch, state);
            double loss = net.backward(tape, wy, mask, grad) + adam.penalty(theta);
            windows++;
            sum += loss;
            if (!Double.isFinite(loss) || loss > EXPLODED) {
                return new double[] {Double.isFinite(loss) ? Double.POSITIVE_INFINITY : loss, windows};
            }
            state = net.stateAt(tape, Math.max(0, e + k1 - k2) - s); // detached carry-over
            double norm = adam.step(theta, grad.get());
            if (!Double.isFinite(norm)) {
                return new double[] {Double.NaN, windows};
            }
            params.set(theta);
        }
        return new double[] {sum, windows};
    }
}
