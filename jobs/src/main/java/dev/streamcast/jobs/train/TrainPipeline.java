package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.eval.HoldoutGate;
import dev.streamcast.model.eval.HoldoutScores;
import dev.streamcast.model.train.ModelFitter;
import dev.streamcast.model.train.TrainListener;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run: split each key into a training part and a holdout tail, fit a candidate on the training parts
 * with the one fitting path ({@link ModelFitter}: shape, skipped keys, divergence policy, provenance), warm-starting
 * from the champion if asked and the shapes match, score candidate and champion on the holdout tails
 * ({@link HoldoutGate}), and hand an accepted, sealed candidate to the publishers.
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
    /** The transforms the next fit chooses among (set with the shape; empty: no choice). */
    private List<Transform> choices = List.of();

    public TrainPipeline(TrainSettings settings, Clock clock, PrintStream out) {
        this.settings = settings;
        this.clock = clock;
        this.out = out;
    }

    /**
     * @param champion the current model, null if none
     * @param listener per-epoch progress (may be null)
     * @throws IllegalArgumentException when the data cannot train a model (no key long enough or scalable, the
     *     champion forecasts other features)
     */
    public TrainVerdict run(History history, Model champion, TrainListener listener, List<Publisher> publishers)
            throws IOException {
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        List<ModelFitter.KeyRows> keys = new ArrayList<>();
        int[] holdoutStart = new int[history.series().size()];
        for (int i = 0; i < holdoutStart.length; i++) {
            History.Series s = history.series().get(i);
            holdoutStart[i] = s.length() - (int) Math.floor(settings.holdoutFraction() * s.length());
            keys.add(new ModelFitter.KeyRows(s.key(), s.ts(), s.values(), holdoutStart[i]));
        }
        ModelConfig config = modelConfig(history, keys, champion);
        if (champion != null && !sameData(champion.config(), config) && !settings.force()) {
            throw new IllegalArgumentException("the champion (version " + champion.version() + ") forecasts "
                    + champion.config().targetName() + " from "
                    + champion.config().featureNames()
                    + ", the data has target " + config.targetName() + " and features " + config.featureNames()
                    + "; --force replaces it");
        }
        Weights warm = null;
        if (settings.warmStart() && champion != null) {
            if (champion.config().equals(config)) {
                warm = champion.weights();
                out.println("warm start from champion version " + champion.version());
            } else {
                out.println("no warm start: the champion's shape differs (" + champion.config() + ")");
            }
        }
        timings.put("prepare", ms(t0));
        long t1 = System.nanoTime();
        long championVersion = champion == null ? 0 : champion.version();
        long candidateVersion = Model.nextVersion(championVersion); // before training: never an overflowed version
        ModelFitter.Fit fit = new ModelFitter(settings.train(), clock)
                .fit(config, choices, keys, warm, candidateVersion, "train " + history.source(), listener);
        if (!fit.choices().isEmpty() && !fit.refused()) {
            out.println("transform chosen on the validation tail: " + ModelFitter.describeChoices(fit));
        }
        if (fit.gate() != null && !fit.refused()) {
            out.println(
                    "gate against naive on the validation tail: " + fit.gate().describe());
        }
        timings.put("train", ms(t1));
        for (ModelFitter.Skipped k : fit.skipped()
                .subList(
                        0, Math.min(VerdictPrinter.MAX_KEYS_SHOWN, fit.skipped().size()))) {
            out.println("  skipped key " + k.key() + ": " + k.reason());
        }
        if (fit.refused()) {
            return new TrainVerdict(
                    TrainVerdict.Decision.DIVERGED,
                    null,
                    null,
                    championVersion,
                    null,
                    fit.training(),
                    fit.skipped(),
                    timings,
                    fit.note() + ": nothing published");
        }
        Model candidate = fit.model();
        String diverged = fit.note() == null ? "" : "; " + fit.note();

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
                    fit.training(),
                    fit.skipped(),
                    timings,
                    String.format(
                                    Locale.ROOT,
                                    "kept champion version %d: candidate MASE %.4f is not below the champion's %.4f",
                                    championVersion,
                                    scores.candidate().mase(),
                                    scores.champion().mase())
                            + diverged);
        }
        byte[] payload = ModelPayloads.seal(candidate, settings.modelKey());
        if (settings.modelKey() == null && !publishers.isEmpty()) {
            out.println("WARNING: no --model-key (or " + ModelPayloads.KEY_ENV + "): the model is written unsigned, "
                    + "and the forecast job refuses it unless started with --allow-unsigned-models");
        }
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
                fit.training(),
                fit.skipped(),
                timings,
                "accepted version " + candidate.version() + " (" + why + ")" + where + diverged);
    }

    /**
     * The candidate's shape: {@link ModelFitter#shape} (the one automatic-shape rule) resolves --season auto and
     * --transform auto against the data and the champion, the settings give the rest.
     */
    ModelConfig modelConfig(History history, List<ModelFitter.KeyRows> keys, Model champion) {
        ModelFitter.Shape shape = ModelFitter.shape(
                settings.season(),
                settings.transforms(),
                champion == null ? null : champion.config(),
                history.features(),
                history.targetIndex(),
                keys,
                settings.train().k1(),
                settings.train().validationFraction());
        ModelConfig c =
                settings.modelConfig(history.features(), history.targetIndex(), shape.season(), shape.transforms());
        choices = shape.choices();
        String why = shape.why().equals("requested") ? "--season" : shape.why();
        out.println("model: season " + (c.season() > 1 ? "m = " + c.season() : "none") + " (" + why + "), transforms "
                + c.transforms());
        return c;
    }

    /** Each key's values with the start of its holdout tail, as the gate takes them. */
    static List<HoldoutGate.Series> holdoutSeries(History history, int[] holdoutStart) {
        List<HoldoutGate.Series> out = new ArrayList<>();
        for (int i = 0; i < holdoutStart.length; i++) {
            History.Series s = history.series().get(i);
            long start = s.ts().length == 0 ? Long.MIN_VALUE : s.ts()[0];
            out.add(new HoldoutGate.Series(s.key(), s.values(), holdoutStart[i], start));
        }
        return out;
    }

    /** Whether a model with config {@code a} can be scored on data made for {@code b}: same features and target. */
    static boolean sameData(ModelConfig a, ModelConfig b) {
        return a.featureNames().equals(b.featureNames()) && a.targetIndex() == b.targetIndex();
    }

    private static long ms(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
