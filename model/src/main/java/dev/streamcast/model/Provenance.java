package dev.streamcast.model;

import java.util.Objects;

/**
 * Where a model came from, recorded in its file.
 *
 * @param createdAtMillis when training finished (epoch ms)
 * @param dataStartMillis first observation timestamp used for training (epoch ms), or Long.MIN_VALUE if unknown
 * @param dataEndMillis last observation timestamp used for training (epoch ms), or Long.MIN_VALUE if unknown
 * @param series number of series trained on
 * @param points number of observations trained on
 * @param epochs epochs actually run
 * @param train hyperparameters used (its seed included)
 * @param trainLoss final training loss (mean squared error in scaled units), NaN if unknown
 * @param validationLoss best validation loss, NaN if none
 * @param source free text: the data source, command line or git revision
 */
public record Provenance(
        long createdAtMillis,
        long dataStartMillis,
        long dataEndMillis,
        int series,
        long points,
        int epochs,
        TrainConfig train,
        double trainLoss,
        double validationLoss,
        String source) {

    public Provenance {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(source, "source");
    }

    /** Provenance of a model that was not trained (tests, hand-made weights). */
    public static Provenance untrained(String source) {
        return new Provenance(
                0L, Long.MIN_VALUE, Long.MIN_VALUE, 0, 0L, 0, TrainConfig.defaults(), Double.NaN, Double.NaN, source);
    }
}
