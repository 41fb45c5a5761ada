package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.Durations;
import dev.streamcast.model.train.TrainListener;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Console progress, one line per epoch: epoch i/max, training and validation loss, elapsed time and the time left if
 * every remaining epoch runs (early stopping may end sooner). Also the place where a stop request (Ctrl-C under
 * {@code --every}) ends training between epochs, by throwing {@link Stopped}.
 */
final class Progress implements TrainListener {

    /** Thrown between epochs when a stop was requested; nothing is published. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped on request", null, false, false);
        }
    }

    private final PrintStream out;
    private final int maxEpochs;
    private final BooleanSupplier stopRequested;

    Progress(PrintStream out, int maxEpochs, BooleanSupplier stopRequested) {
        this.out = out;
        this.maxEpochs = maxEpochs;
        this.stopRequested = stopRequested;
    }

    @Override
    public void onEpoch(int epoch, double trainLoss, double validationLoss, Duration elapsed) {
        out.println(line(epoch, maxEpochs, trainLoss, validationLoss, elapsed.toMillis()));
        out.flush();
        if (stopRequested.getAsBoolean()) {
            throw new Stopped();
        }
    }

    /** e.g. "epoch  3/40  loss 0.41230  val 0.45010  elapsed 12.0s  left <= 2m40s". */
    static String line(int epoch, int maxEpochs, double trainLoss, double validationLoss, long elapsedMillis) {
        int done = epoch + 1;
        long left = elapsedMillis / done * (maxEpochs - done);
        int width = String.valueOf(maxEpochs).length();
        return String.format(
                Locale.ROOT,
                "epoch %" + width + "d/%d  loss %.5f  val %s  elapsed %s  left <= %s",
                done,
                maxEpochs,
                trainLoss,
                Double.isNaN(validationLoss) ? "-" : String.format(Locale.ROOT, "%.5f", validationLoss),
                Durations.format(elapsedMillis),
                Durations.format(left));
    }
}
