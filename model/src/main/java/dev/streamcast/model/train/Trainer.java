package dev.streamcast.model.train;

import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Weights;
import dev.streamcast.model.interval.Calibration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trains a stacked LSTM/GRU/RNN forecaster on ND4J with truncated BPTT, Adam, global-norm clipping, optional L2 and
 * early stopping on a validation split. See docs/training.md.
 *
 * <p>Per epoch: the training parts are cut into equal segments ({@link Segments}), shuffled with the seeded random
 * generator, grouped into minibatches of up to batchSize parallel streams, and each minibatch is trained window by
 * window ({@link Tbptt}). Then the validation loss ({@link Evaluator#validationLoss}) decides early stopping: the
 * weights of the best epoch are kept, and training stops after {@code patience} epochs without improvement. A NaN,
 * infinite or exploding loss stops training with {@link TrainResult#diverged()} set; fit never throws for that.
 * Last, the kept weights' validation residuals give the starting calibration of the prediction intervals
 * ({@link Calibration#fromSeriesResiduals}).
 *
 * <p>Determinism: initialisation ({@link Init}) and shuffling use {@code java.util.Random(seed)}; the elementwise
 * math and Adam are plain Java; the ND4J products run single-threaded (OMP_NUM_THREADS=1). The same seed and data
 * give bit-identical weights.
 */
public final class Trainer {
    private final ModelConfig model;
    private final TrainConfig train;
    private final DataType dataType;

    /**
     * A trainer in float32, as production trains; callers outside this package need no ND4J type for it (the
     * architecture rules keep ND4J inside {@code dev.streamcast.model.train}).
     */
    public Trainer(ModelConfig model, TrainConfig train) {
        this(model, train, DataType.FLOAT);
    }

    /** @param dataType FLOAT in production, DOUBLE for gradient checks; never taken from ND4J's global default */
    public Trainer(ModelConfig model, TrainConfig train, DataType dataType) {
        this.model = Objects.requireNonNull(model, "model");
        this.train = Objects.requireNonNull(train, "train");
        if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
            throw new IllegalArgumentException("dataType must be FLOAT or DOUBLE, found " + dataType);
        }
        this.dataType = dataType;
    }

    /**
     * @param series scaled inputs and labels, one per series
     * @param warmStart weights to start from (null: seeded initialisation)
     * @param listener per-epoch progress (may be null)
     */
    public TrainResult fit(List<TrainSeries> series, Weights warmStart, TrainListener listener) {
        long t0 = System.nanoTime();
        int[] trainLengths = split(series);
        int shortest = Integer.MAX_VALUE;
        for (int n : trainLengths) {
            if (n >= train.k1()) {
                shortest = Math.min(shortest, n);
            }
        }
        if (shortest == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("series: no training part has at least k1 = " + train.k1()
                    + " steps, training lengths " + Arrays.toString(trainLengths));
        }
        int segment = Segments.length(train.k1(), train.k2(), shortest);
        List<Segments.Segment> segments = new ArrayList<>(Segments.cut(trainLengths, segment));

        Params params = new Params(model, dataType);
        if (warmStart != null) {
            params.set(warmStart);
        } else {
            params.set(Init.initial(model, train.seed()));
        }
        Network net = new Network(params);
        Adam adam = new Adam(params, train.learningRate(), train.clipNorm(), train.l2());
        Tbptt tbptt = new Tbptt(net, params, new Params(model, dataType), adam, train.k1(), train.k2());
        Random shuffle = new Random(train.seed() ^ 0x5DEECE66DL);

        double[] best = params.get();
        double bestLoss = Double.NaN;
        int bestEpoch = -1;
        double[] trainLoss = new double[train.maxEpochs()];
        double[] valLoss = new double[train.maxEpochs()];
        int epoch = 0;
        boolean diverged = false;
        while (epoch < train.maxEpochs()) {
            Collections.shuffle(segments, shuffle);
            double sum = 0;
            double windows = 0;
            for (int from = 0; from < segments.size() && !diverged; from += train.batchSize()) {
                List<Segments.Segment> batch =
                        segments.subList(from, Math.min(segments.size(), from + train.batchSize()));
                double[][] xy = Tbptt.gather(series, batch, segment, model.networkInputSize());
                double[] r = tbptt.run(xy[0], xy[1], segment, batch.size());
                sum += r[0];
                windows += r[1];
                diverged = !Double.isFinite(r[0]);
            }
            trainLoss[epoch] = sum / windows;
            valLoss[epoch] = diverged
                    ? Double.NaN
                    : Evaluator.validationLoss(net, series, trainLengths, segment, train.batchSize());
            diverged |= Double.isInfinite(valLoss[epoch]) || valLoss[epoch] > Tbptt.EXPLODED;
            epoch++;
            if (listener != null) {
                listener.onEpoch(
                        epoch - 1, trainLoss[epoch - 1], valLoss[epoch - 1], Duration.ofNanos(System.nanoTime() - t0));
            }
            if (diverged) {
                break;
            }
            double monitored = Double.isNaN(valLoss[epoch - 1]) ? trainLoss[epoch - 1] : valLoss[epoch - 1];
            if (bestEpoch < 0 || monitored < bestLoss) {
                bestLoss = monitored;
                bestEpoch = epoch - 1;
                best = params.get();
            } else if (epoch - 1 - bestEpoch >= train.patience()) {
                break;
            }
        }
        params.set(best);
        Calibration calibration = diverged
                ? Calibration.GAUSSIAN
                : Calibration.fromSeriesResiduals(
                        Evaluator.validationResiduals(net, series, trainLengths, segment, train.batchSize()));
        return new TrainResult(
                params.toWeights(),
                epoch,
                Arrays.copyOf(trainLoss, epoch),
                Arrays.copyOf(valLoss, epoch),
                bestLoss,
                bestEpoch,
                diverged,
                calibration);
    }

    /** Validates the series and returns each one's training length n = T - floor(validationFraction·T). */
    private int[] split(List<TrainSeries> series) {
        Objects.requireNonNull(series, "series");
        if (series.isEmpty()) {
            throw new IllegalArgumentException("series must not be empty");
        }
        int[] n = new int[series.size()];
        for (int i = 0; i < n.length; i++) {
            TrainSeries s = series.get(i);
            for (int t = 0; t < s.length(); t++) {
                if (s.x()[t].length != model.networkInputSize()) {
                    throw new IllegalArgumentException("series " + i + " step " + t + ": expected "
                            + model.networkInputSize() + " network inputs, found " + s.x()[t].length);
                }
            }
            n[i] = s.length() - (int) Math.floor(train.validationFraction() * s.length());
        }
        return n;
    }

    /** One-step predictions of one series from the zero state, in scaled units (for tests and backtests). */
    public static double[] predict(Weights weights, float[][] x, DataType dataType) {
        Params p = new Params(weights.config(), dataType);
        p.set(weights);
        return Evaluator.predict(new Network(p), x);
    }
}
