package dev.streamcast.model.eval;

import java.util.List;

/**
 * What {@link HoldoutGate} measured: per key and as means over keys, for the candidate, the champion (null without
 * one) and the naive forecast.
 */
public record HoldoutScores(List<Key> keys, Means candidate, Means champion, Means naive) {

    /** One key's holdout scores; champion fields are NaN without a champion. */
    public record Key(
            String key,
            long points,
            double candidateMae,
            double candidateMase,
            double championMae,
            double championMase,
            double naiveMae,
            double naiveMase) {}

    /** Means over keys (non-finite terms skipped) and the number of scored points. */
    public record Means(double mae, double mase, long points) {}

    /** Whether the candidate beats the champion (lower mean MASE); true without a champion. */
    public boolean candidateWins() {
        if (champion == null) {
            return true;
        }
        if (Double.isNaN(champion.mase())) {
            return !Double.isNaN(candidate.mase());
        }
        return candidate.mase() < champion.mase();
    }
}
