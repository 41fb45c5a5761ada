package dev.streamcast.model.train;

import java.time.Duration;

/** Receives one callback per finished epoch, e.g. to print progress. */
@FunctionalInterface
public interface TrainListener {
    /**
     * @param epoch the epoch just finished, from 0
     * @param trainLoss mean squared error of the epoch's updates (scaled units)
     * @param validationLoss one-step mean squared error on the held-out tails, NaN without validation data
     * @param elapsed time since {@code fit} started
     */
    void onEpoch(int epoch, double trainLoss, double validationLoss, Duration elapsed);
}
