package dev.streamcast.model.eval;

import dev.streamcast.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The validation gate of train and the demo: candidate, champion and the naive forecast ("next = last") are scored
 * one step ahead on the holdout tail of every key, the part training never saw. Each model runs over the key's whole
 * history first, so its state is warm when scoring starts ({@link Scorer}), and each is scored by the forecast the
 * job would serve: a hybrid's network combined with its smoothing, not the network alone. Per key: MAE and MASE (MAE over the
 * in-sample naive MAE of the key's training part); overall: their means over keys. The candidate passes when its
 * mean MASE is lower than the champion's ({@link HoldoutScores#candidateWins()}). A key with a value the model's
 * transforms cannot take (log-differences of 0) is not scored.
 */
public final class HoldoutGate {
    private HoldoutGate() {}

    /**
     * One key to score.
     *
     * @param values the key's observations [T][F] in time order, original units
     * @param holdoutStart the first index of its holdout tail; a key with holdoutStart &lt; 2 or &ge; T is not scored
     * @param start the time of values[0], epoch ms, or Long.MIN_VALUE if unknown ({@link Scorer}: whether a model's
     *     fitted starting states apply)
     */
    public record Series(String key, double[][] values, int holdoutStart, long start) {
        /** A key whose first row's time is unknown. */
        public Series(String key, double[][] values, int holdoutStart) {
            this(key, values, holdoutStart, Long.MIN_VALUE);
        }
    }

    /** Scores every key; {@code champion} is null if there is none. */
    public static HoldoutScores score(List<Series> series, Model candidate, Model champion) {
        List<HoldoutScores.Key> keys = new ArrayList<>();
        for (Series s : series) {
            int from = s.holdoutStart();
            if (from < 2 || from >= s.values().length) {
                continue;
            }
            Scorer.Score c;
            Scorer.Score p;
            try {
                c = Scorer.score(candidate, s.key(), s.values(), from, s.start());
                p = champion == null ? null : Scorer.score(champion, s.key(), s.values(), from, s.start());
            } catch (IllegalArgumentException unusable) {
                continue; // a value the model's transforms cannot take: the key cannot be scored (nor trained on)
            }
            keys.add(new HoldoutScores.Key(
                    s.key(),
                    c.model().count(),
                    c.model().mae(),
                    c.modelMase(),
                    p == null ? Double.NaN : p.model().mae(),
                    p == null ? Double.NaN : p.modelMase(),
                    c.naive().mae(),
                    c.naiveMase()));
        }
        HoldoutScores.Means cand = means(keys, HoldoutScores.Key::candidateMae, HoldoutScores.Key::candidateMase);
        HoldoutScores.Means champ =
                champion == null ? null : means(keys, HoldoutScores.Key::championMae, HoldoutScores.Key::championMase);
        return new HoldoutScores(
                keys, cand, champ, means(keys, HoldoutScores.Key::naiveMae, HoldoutScores.Key::naiveMase));
    }

    private static HoldoutScores.Means means(
            List<HoldoutScores.Key> keys,
            ToDoubleFunction<HoldoutScores.Key> mae,
            ToDoubleFunction<HoldoutScores.Key> mase) {
        long points = 0;
        for (HoldoutScores.Key k : keys) {
            points += k.points();
        }
        return new HoldoutScores.Means(mean(keys, mae), mean(keys, mase), points);
    }

    /** Mean over keys, non-finite terms skipped; NaN if none is finite. */
    private static double mean(List<HoldoutScores.Key> keys, ToDoubleFunction<HoldoutScores.Key> f) {
        double sum = 0;
        int n = 0;
        for (HoldoutScores.Key k : keys) {
            double v = f.applyAsDouble(k);
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
