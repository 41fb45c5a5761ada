package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ForecastOptions;
import dev.streamcast.jobs.common.Messages;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.common.OptionValues;
import dev.streamcast.jobs.common.serde.Timestamps;
import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The backtest's validated settings (see {@link BacktestOptions} for the defaults and meanings). A bad value is
 * refused with a message naming the option and the value found.
 *
 * @param input the CSV file, or null when reading Kafka
 * @param bootstrapServers the Kafka cluster, or null when reading {@code input}
 * @param from first usable timestamp (epoch ms), Long.MIN_VALUE for none
 * @param to end of the usable range (exclusive, epoch ms), Long.MAX_VALUE for none
 * @param last each key's last N observations only (0 = all)
 * @param modelKey the key a {@code --model} file must be signed with, and that signs out/model.bin; null for none
 * @param allowUnsignedModels accept an unsigned {@code --model} file (a signed one must still verify)
 * @param intervalLevels levels of the prediction intervals the replay emits and the summary scores (empty: none)
 * @param horizon H: the replay makes H-step paths and the summary scores each horizon 1 .. H (1: one step only)
 */
public record BacktestSettings(
        Path input,
        String bootstrapServers,
        String observationsTopic,
        long from,
        long to,
        int last,
        Path out,
        String target,
        List<String> features,
        int season,
        double trainFraction,
        Path model,
        int retrainEvery,
        CellType cell,
        int hidden,
        int layers,
        Transform transform,
        int epochs,
        int k1,
        int k2,
        int batch,
        double learningRate,
        long seed,
        int window,
        int maxRowsPerKey,
        int parallelism,
        byte[] modelKey,
        boolean allowUnsignedModels,
        List<Double> intervalLevels,
        int horizon) {

    /** Largest hidden size, layer count, window and parallelism accepted (the train command's bounds). */
    static final int MAX_HIDDEN = 1024, MAX_LAYERS = 8, MAX_WINDOW = 100_000, MAX_PARALLELISM = 1024;

    /** Builds the settings from {@link BacktestOptions#parse}'s map; every value is checked here, before any work. */
    public static BacktestSettings from(Map<String, String> v) {
        OptionValues o = new OptionValues(v);
        Path input = o.path("input");
        String bootstrap = o.optional("bootstrap-servers");
        if ((input == null) == (bootstrap == null)) {
            throw new IllegalArgumentException(
                    input == null
                            ? "one of --input (a long-format CSV file) or --bootstrap-servers (read the observations "
                                    + "topic) is required"
                            : "options --input and --bootstrap-servers conflict: read either a CSV file or a Kafka "
                                    + "topic, found --input " + Messages.quote(o.text("input"))
                                    + " and --bootstrap-servers " + Messages.quote(bootstrap));
        }
        String topic = o.required("observations-topic");
        long from = o.optional("from") == null ? Long.MIN_VALUE : o.time("from", Timestamps::parseText);
        long to = o.optional("to") == null ? Long.MAX_VALUE : o.time("to", Timestamps::parseText);
        if (from >= to) {
            throw new IllegalArgumentException("--from must be before --to, found " + Messages.quote(o.text("from"))
                    + " and " + Messages.quote(o.text("to")));
        }
        if (o.optional("out") == null) {
            throw new IllegalArgumentException("--out is required (an output directory)");
        }
        List<String> features = o.optional("features") == null ? List.of() : o.list("features");
        double fraction = o.number("train-fraction");
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("--train-fraction must be in (0, 1), found " + fraction);
        }
        CellType cell;
        Transform transform;
        try {
            cell = CellType.parse(o.required("cell"));
            String t = o.required("transform");
            transform = t.equalsIgnoreCase("auto") ? null : Transform.parse(t); // null: auto
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
        }
        BacktestSettings s = new BacktestSettings(
                input,
                bootstrap,
                topic,
                from,
                to,
                o.integer("last", 0, Integer.MAX_VALUE),
                o.path("out"),
                o.text("target"),
                features,
                o.integer("season", 0, ModelConfig.MAX_SEASON),
                fraction,
                o.path("model"),
                o.integer("retrain-every", 0, Integer.MAX_VALUE),
                cell,
                o.integer("hidden", 1, MAX_HIDDEN),
                o.integer("layers", 1, MAX_LAYERS),
                transform,
                o.integer("epochs", 1, 100_000),
                o.integer("k1", 1, 10_000),
                o.integer("k2", 1, 10_000),
                o.integer("batch", 1, 65_536),
                o.number("learning-rate"),
                o.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE),
                o.integer("window", 1, MAX_WINDOW),
                o.integer("max-rows-per-key", 0, Integer.MAX_VALUE),
                o.integer("parallelism", 1, MAX_PARALLELISM),
                ModelPayloads.key(o.optional("model-key"), System.getenv()),
                !o.text("allow-unsigned-models").isEmpty() && o.flag("allow-unsigned-models"),
                ForecastOptions.intervalLevels(o, "interval-levels"),
                o.integer("horizon", 1, ForecastConfig.MAX_HORIZON));
        s.trainConfig(); // validates k1, k2, learning rate with TrainConfig's own messages
        return s;
    }

    /** The training hyperparameters: clip 1.0, no L2, patience 5, 10% validation, the given seed. */
    public TrainConfig trainConfig() {
        try {
            return new TrainConfig(k1, k2, batch, learningRate, 1.0, 0.0, epochs, 5, 0.1, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("training option: " + e.getMessage(), e);
        }
    }

    /** Where the observations come from, for logs, the report and provenance: the file name or kafka host/topic. */
    public String source() {
        return input != null
                ? String.valueOf(input.getFileName())
                : "kafka " + bootstrapServers + "/" + observationsTopic;
    }
}
