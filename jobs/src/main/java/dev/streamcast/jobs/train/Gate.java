package dev.streamcast.jobs.train;

import dev.streamcast.model.Model;
import dev.streamcast.model.eval.Scorer;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation gate: candidate, champion and the naive forecast ("next = last") are scored one step ahead on the
 * holdout tail of every key, the part training never saw. Each model runs over the key's whole history first, so
 * its state is warm when scoring starts ({@link Scorer}). Per key: MAE and MASE (MAE over the in-sample naive MAE of
 * the key's training part); overall: their means over keys. The candidate passes when its mean MASE is lower than
 * the champion's.
 */
public final class Gate {
    private Gate() {}

    /** One key's scores; champion fields are NaN without a champion. */
    public record KeyScore(
            String key,
            long points,
            double candidateMae,
            double candidateMase,
            double championMae,
            double championMase,
            double naiveMae,
            double naiveMase) {}

    /** Means over keys (NaN terms skipped) and the number of scored points. */
    public record Summary(double mae, double mase, long points) {}

    /** All scores; {@code champion} is null without a champion. */
    public record Scores(List<KeyScore> keys, Summary candidate, Summary champion, Summary naive) {
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

    /**
     * @param holdoutStart per series, the first index of its holdout tail (0 for a key not scored)
     * @param champion null if there is none
     */
    public static Scores score(History history, int[] holdoutStart, Model candidate, Model champion) {
        List<KeyScore> keys = new ArrayList<>();
        for (int i = 0; i < history.series().size(); i++) {
            History.Series s = history.series().get(i);
            int from = holdoutStart[i];
            if (from < 2 || from >= s.length()) {
                continue;
            }
            Scorer.Score c = Scorer.score(candidate, s.values(), from);
            Scorer.Score p = champion == null ? null : Scorer.score(champion, s.values(), from);
            keys.add(new KeyScore(
                    s.key(),
                    c.model().count(),
                    c.model().mae(),
                    c.modelMase(),
                    p == null ? Double.NaN : p.model().mae(),
                    p == null ? Double.NaN : p.modelMase(),
                    c.naive().mae(),
                    c.naiveMase()));
        }
        Summary cand = summary(keys, KeyScore::candidateMae, KeyScore::candidateMase);
        Summary champ = champion == null ? null : summary(keys, KeyScore::championMae, KeyScore::championMase);
        return new Scores(keys, cand, champ, summary(keys, KeyScore::naiveMae, KeyScore::naiveMase));
    }

    private static Summary summary(
            List<KeyScore> keys,
            java.util.function.ToDoubleFunction<KeyScore> mae,
            java.util.function.ToDoubleFunction<KeyScore> mase) {
        long points = 0;
        for (KeyScore k : keys) {
            points += k.points();
        }
        return new Summary(mean(keys, mae), mean(keys, mase), points);
    }

    private static double mean(List<KeyScore> keys, java.util.function.ToDoubleFunction<KeyScore> f) {
        double sum = 0;
        int n = 0;
        for (KeyScore k : keys) {
            double v = f.applyAsDouble(k);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
