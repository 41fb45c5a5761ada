package dev.streamcast.model.train;

import dev.streamcast.model.Weights;
import dev.streamcast.model.interval.Calibration;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param weights the weights of the best epoch (lowest validation loss; lowest training loss without validation
 *     data); the starting weights if no epoch finished
 * @param epochs epochs run
 * @param trainLoss per-epoch training loss [epochs]
 * @param validationLoss per-epoch validation loss [epochs], NaN without validation data
 * @param bestLoss the monitored loss of the returned weights (NaN if no epoch finished)
 * @param bestEpoch the epoch of the returned weights, -1 if none
 * @param diverged true if the loss became NaN, infinite or exploded and training stopped early
 * @param calibration the starting calibration of the prediction intervals: quantiles of the returned weights'
 *     validation residuals (scaled units), each divided by its series' running mean absolute residual;
 *     {@link Calibration#GAUSSIAN} without enough validation data or after divergence
 */
public record TrainResult(
        Weights weights,
        int epochs,
        double[] trainLoss,
        double[] validationLoss,
        double bestLoss,
        int bestEpoch,
        boolean diverged,
        Calibration calibration) {}
