package dev.streamcast.model.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Forward-only passes: one-step predictions and the validation loss. Long sequences run in chunks (bounded memory). */
final class Evaluator {
    static final int CHUNK = 256;

    private Evaluator() {}

    /** One-step predictions ŷ [T·B] for x [T·B·F] (time-major), carrying the state across chunks from s0. */
    static double[] predict(Network net, double[] x, int steps, int batch, int f, Network.State s0) {
        double[] yhat = new double[steps * batch];
        Network.State state = s0;
        for (int s = 0; s < steps; s += CHUNK) {
            int e = Math.min(steps, s + CHUNK);
            double[] cx = Arrays.copyOfRange(x, s * batch * f, e * batch * f);
            Network.Tape tape = net.forward(cx, e - s, batch, state);
            System.arraycopy(tape.yhat(), 0, yhat, s * batch, (e - s) * batch);
            state = net.stateAt(tape, e - s);
        }
        return yhat;
    }

    /** One series' one-step predictions from the zero state. */
    static double[] predict(Network net, float[][] x) {
        int f = net.inputSize();
        double[] flat = new double[x.length * f];
        for (int t = 0; t < x.length; t++) {
            for (int k = 0; k < f; k++) {
                flat[t * f + k] = x[t][k];
            }
        }
        return predict(net, flat, x.length, 1, f, Network.State.zeros(net.config(), 1));
    }

    /**
     * Validation loss: the one-step mean squared error over the held-out tails [n_i, T_i) of all series, pooled.
     * Each series runs forward from the zero state over its last training segment [n_i - S, n_i) (its state at the
     * end of training, as training built it) and on through its tail; series are batched, shorter tails are
     * padded and masked. Returns NaN when no series has a tail.
     */
    static double validationLoss(
            Network net, List<TrainSeries> series, int[] trainLengths, int segment, int batchSize) {
        double[] sum = {0, 0};
        forEachValidationResidual(net, series, trainLengths, segment, batchSize, (i, r) -> {
            sum[0] += r * r;
            sum[1]++;
        });
        return sum[1] == 0 ? Double.NaN : sum[0] / sum[1];
    }

    /**
     * The validation residuals y - ŷ (scaled units) of each series' held-out tail, in time order, computed as
     * {@link #validationLoss} computes its errors; a series without a tail gets an empty array.
     */
    static double[][] validationResiduals(
            Network net, List<TrainSeries> series, int[] trainLengths, int segment, int batchSize) {
        double[][] out = new double[series.size()][];
        int[] filled = new int[series.size()];
        for (int i = 0; i < out.length; i++) {
            boolean scored = trainLengths[i] >= segment && series.get(i).length() > trainLengths[i];
            out[i] = new double[scored ? series.get(i).length() - trainLengths[i] : 0];
        }
        forEachValidationResidual(net, series, trainLengths, segment, batchSize, (i, r) -> out[i][filled[i]++] = r);
        return out;
    }

    private interface ResidualSink {
        void accept(int series, double residual);
    }

    /** Runs the validation passes and hands each masked step's residual y - ŷ to {@code sink}, time-major. */
    private static void forEachValidationResidual(
            Network net, List<TrainSeries> series, int[] trainLengths, int segment, int batchSize, ResidualSink sink) {
        int f = net.inputSize();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            if (trainLengths[i] >= segment && series.get(i).length() > trainLengths[i]) {
                ids.add(i);
            }
        }
        for (int from = 0; from < ids.size(); from += batchSize) {
            List<Integer> group = ids.subList(from, Math.min(ids.size(), from + batchSize));
            int b = group.size();
            int tail = 0;
            for (int i : group) {
                tail = Math.max(tail, series.get(i).length() - trainLengths[i]);
            }
            int steps = segment + tail;
            double[] x = new double[steps * b * f];
            double[] y = new double[steps * b];
            double[] mask = new double[steps * b];
            for (int r = 0; r < b; r++) {
                TrainSeries s = series.get(group.get(r));
                int n0 = trainLengths[group.get(r)];
                for (int t = 0; t < steps && n0 - segment + t < s.length(); t++) {
                    int src = n0 - segment + t;
                    for (int k = 0; k < f; k++) {
                        x[(t * b + r) * f + k] = s.x()[src][k];
                    }
                    y[t * b + r] = s.y()[src];
                    mask[t * b + r] = t >= segment ? 1 : 0;
                }
            }
            double[] yhat = predict(net, x, steps, b, f, Network.State.zeros(net.config(), b));
            for (int k = 0; k < yhat.length; k++) {
                if (mask[k] != 0) {
                    sink.accept(group.get(k % b), y[k] - yhat[k]);
                }
            }
        }
    }
}
