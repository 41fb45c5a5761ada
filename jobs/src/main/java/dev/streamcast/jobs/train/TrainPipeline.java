package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.eval.Baselines;
import dev.streamcast.model.eval.HoldoutGate;
import dev.streamcast.model.eval.HoldoutScores;
import dev.streamcast.model.prep.Sequences;
import dev.streamcast.model.train.TrainListener;
import dev.streamcast.model.train.TrainResult;
import dev.streamcast.model.train.TrainSeries;
import dev.streamcast.model.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One training run: split each key into a training part and a holdout tail, build sequences with the streaming
 * job's scaler ({@link Sequences}), train (warm-starting from the champion if asked and the shapes match), refuse a
 * diverged candidate, score candidate and champion on the holdout tails ({@link HoldoutGate}), and hand an accepted,
 * sealed candidate to the publishers.
 */
public final class TrainPipeline {

    /** Where an accepted candidate goes: the models topic, a file. */
    @FunctionalInterface
    public interface Publisher {
        void publish(Model model, byte[] payload) throws IOException;
    }

    private final TrainSettings settings;
    private final Clock clock;
    private final PrintStream out;

    public TrainPipeline(TrainSettings settings, Clock clock, PrintStream out) {
        this.settings = settings;
        this.clock = clock;
        this.out = out;
    }

    /**
     * @param champion the current model, null if none
     * @param listener per-epoch progress (may be null)
     * @throws IllegalArgumentException when the data cannot train a model (too short, unusable rows, the
     *     champion forecasts other features)
     */
    public TrainVerdict run(History history, Model champion, TrainListener listener, List<Publisher> publishers)
            throws IOException {
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        int[] holdoutStart = new int[history.series().size()];
        for (int i = 0; i < holdoutStart.length; i++) {
            int length = history.series().get(i).length();
            holdoutStart[i] = length - (int) Math.floor(settings.holdoutFraction() * length);
        }
        ModelConfig config = modelConfig(history, holdoutStart, champion);
        if (champion != null && !sameData(champion.config(), config) && !settings.force()) {
            throw new IllegalArgumentException("the champion (version " + champion.version() + ") forecasts "
                    + champion.config().targetName() + " from "
                    + champion.config().featureNames()
                    + ", the data has target " + config.targetName() + " and features " + config.featureNames()
                    + "; --force replaces it");
        }
        List<TrainSeries> train = new ArrayList<>();
        for (int i = 0; i < holdoutStart.length; i++) {
            History.Series s = history.series().get(i);
            int start = holdoutStart[i];
            if (start < 3) {
                out.println("  skipping key " + s.key() + ": " + s.length() + " observations are too few");
                continue;
            }
            try {
                Sequences seq = Sequences.of(config, Arrays.copyOf(s.values(), start));
                train.add(new TrainSeries(seq.x(), seq.y()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key " + s.key() + ": " + e.getMessage(), e);
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no key has enough observations to train on ("
                    + history.series().size() + " keys from " + history.source() + ")");
        }
        timings.put("prepare", ms(t0));

        Weights warm = null;
        if (settings.warmStart() && champion != null) {
            if (champion.config().equals(config)) {
                warm = champion.weights();
                out.println("warm start from champion version " + champion.version());
            } else {
                out.println("no warm start: the champion's shape differs (" + champion.config() + ")");
            }
        }
        long t1 = System.nanoTime();
        TrainResult r = new Trainer(config, settings.train(), DataType.FLOAT).fit(train, warm, listener);
        timings.put("train", ms(t1));
        long championVersion = champion == null ? 0 : champion.version();
        if (r.diverged()) {
            String loss = r.trainLoss().length == 0 ? "?" : String.valueOf(r.trainLoss()[r.epochs() - 1]);
            return new TrainVerdict(
                    TrainVerdict.Decision.DIVERGED,
                    null,
                    null,
                    championVersion,
                    null,
                    r,
                    timings,
                    "training diverged at epoch " + r.epochs() + " (loss " + loss + "): nothing published");
        }
        long[] span = history.span();
        Provenance provenance = new Provenance(
                clock.millis(),
                span[0],
                span[1],
                train.size(),
                history.points(),
                r.epochs(),
                settings.train(),
                r.trainLoss()[r.epochs() - 1],
                r.bestLoss(),
                "train " + history.source());
        Model candidate = new Model(config, r.weights(), championVersion + 1, provenance);

        long t2 = System.nanoTime();
        HoldoutScores scores = HoldoutGate.score(
                holdoutSeries(history, holdoutStart),
                candidate,
                champion != null && sameData(champion.config(), config) ? champion : null);
        timings.put("score", ms(t2));
        boolean wins = scores.candidateWins();
        if (!wins && !settings.force()) {
            return new TrainVerdict(
                    TrainVerdict.Decision.KEPT_CHAMPION,
                    candidate,
                    null,
                    championVersion,
                    scores,
                    r,
                    timings,
                    String.format(
                            Locale.ROOT,
                            "kept champion version %d: candidate MASE %.4f is not below the " + "champion's %.4f",
                            championVersion,
                            scores.candidate().mase(),
                            scores.champion().mase()));
        }
        byte[] payload = ModelPayloads.seal(candidate, settings.modelKey());
        if (payload.length > settings.maxModelBytes()) {
            throw new IllegalArgumentException("the candidate's payload is " + payload.length
                    + " bytes, over --max-model-bytes = " + settings.maxModelBytes());
        }
        long t3 = System.nanoTime();
        for (Publisher p : publishers) {
            p.publish(candidate, payload);
        }
        timings.put("publish", ms(t3));
        String why = champion == null
                ? "no champion"
                : scores.champion() == null
                        ? "--force: the champion forecasts other features"
                        : wins
                                ? String.format(
                                        Locale.ROOT,
                                        "candidate MASE %.4f beats the champion's %.4f",
                                        scores.candidate().mase(),
                                        scores.champion().mase())
                                : "--force";
        String where = publishers.isEmpty() ? " (not published: neither --publish nor --out given)" : "";
        if (scores.candidate().mase() >= scores.naive().mase()) {
            where += String.format(
                    Locale.ROOT,
                    "; warning: its MASE %.4f is not below the naive forecast's %.4f",
                    scores.candidate().mase(),
                    scores.naive().mase());
        }
        return new TrainVerdict(
                TrainVerdict.Decision.ACCEPTED,
                candidate,
                payload,
                championVersion,
                scores,
                r,
                timings,
                "accepted version " + candidate.version() + " (" + why + ")" + where);
    }

    /** Whether a model with config {@code a} can be scored on data made for {@code b}: same features and target. */
    /**
     * The candidate's shape. With --season auto: the champion's season when it forecasts the same target from the
     * same features (so hot swaps keep each key's scaler and inputs), else {@link Baselines#commonSeason} over the
     * keys' training parts (at least 3m + k1 rows on some key). With --transform auto: the champion's transforms
     * when the season is the champion's, else seasonal-diff with a season and diff without.
     */
    ModelConfig modelConfig(History history, int[] trainEnd, Model champion) {
        boolean follow = champion != null
                && champion.config().featureNames().equals(history.features())
                && champion.config().targetIndex() == history.targetIndex();
        int season = settings.season();
        String why = "--season";
        if (season == 0 && follow) {
            season = champion.config().season();
            why = "the champion's";
        } else if (season == 0) {
            List<double[]> y = new ArrayList<>();
            for (History.Series s : history.series()) {
                double[] v = new double[s.length()];
                for (int t = 0; t < v.length; t++) {
                    v[t] = s.values()[t][history.targetIndex()];
                }
                y.add(v);
            }
            season = Baselines.commonSeason(y, trainEnd, 3, settings.train().k1());
            why = "detected";
        }
        List<Transform> transforms = settings.transforms();
        if (transforms.isEmpty() && follow && champion.config().season() == season) {
            transforms = champion.config().transforms();
        }
        ModelConfig c = settings.modelConfig(history.features(), history.targetIndex(), season, transforms);
        out.println("model: season " + (season > 1 ? "m = " + season : "none") + " (" + why + "), transforms "
                + c.transforms());
        return c;
    }

    /** Each key's values with the start of its holdout tail, as the gate takes them. */
    static List<HoldoutGate.Series> holdoutSeries(History history, int[] holdoutStart) {
        List<HoldoutGate.Series> out = new ArrayList<>();
        for (int i = 0; i < holdoutStart.length; i++) {
            History.Series s = history.series().get(i);
            out.add(new HoldoutGate.Series(s.key(), s.values(), holdoutStart[i]));
        }
        return out;
    }

    static boolean sameData(ModelConfig a, ModelConfig b) {
        return a.featureNames().equals(b.featureNames()) && a.targetIndex() == b.targetIndex();
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
