package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.Messages;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.common.OptionValues;
import dev.streamcast.jobs.common.serde.Timestamps;
import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.train.ModelFitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The {@code train} command's settings, checked and converted from {@link TrainOptions#parse}'s text values. Every
 * bad value is refused with a message naming the option and the value found. See {@link TrainOptions#ALL} for the
 * meaning and default of each.
 *
 * @param from first usable timestamp (epoch ms), Long.MIN_VALUE for none
 * @param to first timestamp no longer used (epoch ms), Long.MAX_VALUE for none
 * @param transforms one transform, or one per feature; empty = auto (see {@link TrainPipeline})
 * @param season m >= 1, or 0 = auto (see {@link TrainPipeline})
 * @param everyMillis retraining period, 0 to train once
 * @param modelKey HMAC key, null to neither sign nor check
 */
public record TrainSettings(
        Path input,
        String target,
        List<String> features,
        String bootstrapServers,
        String observationsTopic,
        long from,
        long to,
        int last,
        CellType cell,
        int hidden,
        int layers,
        List<Transform> transforms,
        int scalerWindow,
        int season,
        TrainConfig train,
        double holdoutFraction,
        Path champion,
        boolean warmStart,
        boolean force,
        boolean publish,
        String modelsTopic,
        Path out,
        Path report,
        long everyMillis,
        byte[] modelKey,
        long maxModelBytes) {

    /** The environment variable holding the signing key when {@code --model-key} is not given. */
    public static final String KEY_ENV = ModelPayloads.KEY_ENV;

    /** Settings from parsed options; {@code env} supplies {@link #KEY_ENV}. */
    public static TrainSettings from(Map<String, String> v, Map<String, String> env) {
        OptionValues o = new OptionValues(v);
        byte[] key = ModelPayloads.key(o.optional("model-key"), env);
        long from = o.optional("from") == null ? Long.MIN_VALUE : o.time("from", Timestamps::parseText);
        long to = o.optional("to") == null ? Long.MAX_VALUE : o.time("to", Timestamps::parseText);
        if (from >= to) {
            throw new IllegalArgumentException(
                    "--from must be before --to, found " + v.get("from") + " and " + v.get("to"));
        }
        TrainConfig train;
        try {
            train = new TrainConfig(
                    o.integer("k1", 1, 10_000),
                    o.integer("k2", 1, 10_000),
                    o.integer("batch", 1, 65_536),
                    o.number("lr"),
                    o.number("clip"),
                    o.number("l2"),
                    o.integer("epochs", 1, 100_000),
                    o.integer("patience", 1, 100_000),
                    o.number("validation-fraction"),
                    o.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("training options: " + e.getMessage(), e);
        }
        double holdout = o.number("holdout-fraction");
        if (!(holdout > 0 && holdout <= 0.9)) {
            throw new IllegalArgumentException("--holdout-fraction must be in (0, 0.9], found " + holdout);
        }
        List<Transform> transforms = new ArrayList<>();
        if (!o.required("transform").strip().equalsIgnoreCase("auto")) {
            for (String t : o.required("transform").split(",")) {
                transforms.add(Transform.parse(t));
            }
        }
        int season = o.required("season").strip().equalsIgnoreCase("auto")
                ? 0
                : o.integer("season", 1, ModelConfig.MAX_SEASON);
        long everyMillis = o.optional("every") == null ? 0 : o.duration("every", 1000);
        return new TrainSettings(
                o.path("input"),
                o.optional("target"),
                o.list("features"),
                o.required("bootstrap-servers"),
                o.required("observations-topic"),
                from,
                to,
                o.integer("last", 0, Integer.MAX_VALUE),
                CellType.parse(o.required("cell")),
                o.integer("hidden", 1, 1024),
                o.integer("layers", 1, 8),
                List.copyOf(transforms),
                o.integer("scaler-window", 2, 10_000_000),
                season,
                train,
                holdout,
                o.path("champion"),
                o.flag("warm-start"),
                o.flag("force"),
                o.flag("publish"),
                o.required("models-topic"),
                o.path("out"),
                o.path("report"),
                everyMillis,
                key,
                o.longValue("max-model-bytes", 1, Integer.MAX_VALUE));
    }

    /**
     * The model shape for these feature names and target index without looking at data: auto season = none, auto
     * transforms by the one automatic-shape rule ({@link ModelFitter#shape}).
     */
    public ModelConfig modelConfig(List<String> featureNames, int targetIndex) {
        ModelFitter.Shape shape = ModelFitter.shape(
                Math.max(1, season),
                transforms,
                null,
                featureNames,
                targetIndex,
                List.of(),
                train.k1(),
                train.validationFraction());
        return modelConfig(featureNames, targetIndex, shape.season(), shape.transforms());
    }

    /**
     * The model shape with a resolved season m >= 1 and resolved transforms (one for every feature or one per
     * feature; {@link ModelFitter#shape} resolves auto).
     */
    public ModelConfig modelConfig(List<String> featureNames, int targetIndex, int season, List<Transform> transforms) {
        List<Transform> perFeature =
                transforms.size() == 1 ? Collections.nCopies(featureNames.size(), transforms.get(0)) : transforms;
        if (perFeature.size() != featureNames.size()) {
            throw new IllegalArgumentException("--transform must give one transform or one per feature ["
                    + Messages.list(featureNames) + "], found " + transforms.size() + " " + transforms);
        }
        try {
            return new ModelConfig(
                    cell,
                    featureNames.size(),
                    hidden,
                    layers,
                    featureNames,
                    targetIndex,
                    perFeature,
                    scalerWindow,
                    season);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--transform/--season: " + e.getMessage(), e);
        }
    }
}
