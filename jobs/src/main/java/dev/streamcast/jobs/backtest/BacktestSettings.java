package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.model.CellType;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import java.nio.file.Path;
import java.util.Arrays;
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
        int parallelism) {

    /** Builds the settings from {@link BacktestOptions#parse}'s map. */
    public static BacktestSettings from(Map<String, String> o) {
        String input = o.get("input");
        String out = o.get("out");
        String bootstrap = o.get("bootstrap-servers").strip();
        if (input.isEmpty() == bootstrap.isEmpty()) {
            throw new IllegalArgumentException(
                    input.isEmpty()
                            ? "one of --input (a long-format CSV file) or --bootstrap-servers (read the observations topic) "
                                    + "is required"
                            : "options --input and --bootstrap-servers conflict: read either a CSV file or a Kafka topic, "
                                    + "found --input " + input + " and --bootstrap-servers " + bootstrap);
        }
        String topic = o.get("observations-topic").strip();
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("option --observations-topic must not be empty");
        }
        long from = time(o, "from", Long.MIN_VALUE);
        long to = time(o, "to", Long.MAX_VALUE);
        if (from >= to) {
            throw new IllegalArgumentException(
                    "option --from must be before --to, found " + o.get("from") + " and " + o.get("to"));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("option --out is required (an output directory)");
        }
        List<String> features = o.get("features").isBlank()
                ? List.of()
                : Arrays.stream(o.get("features").split(",")).map(String::strip).toList();
        double fraction = dbl(o, "train-fraction");
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("option --train-fraction must be in (0, 1), found " + fraction);
        }
        CellType cell;
        Transform transform;
        try {
            cell = CellType.parse(o.get("cell"));
            String t = o.get("transform").strip();
            transform = t.equalsIgnoreCase("auto") ? null : Transform.parse(t); // null: auto
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option --" + e.getMessage());
        }
        BacktestSettings s = new BacktestSettings(
                input.isEmpty() ? null : Path.of(input),
                bootstrap.isEmpty() ? null : bootstrap,
                topic,
                from,
                to,
                atLeast(o, "last", 0),
                Path.of(out),
                o.get("target").strip(),
                features,
                atLeast(o, "season", 0),
                fraction,
                o.get("model").isEmpty() ? null : Path.of(o.get("model")),
                atLeast(o, "retrain-every", 0),
                cell,
                atLeast(o, "hidden", 1),
                atLeast(o, "layers", 1),
                transform,
                atLeast(o, "epochs", 1),
                atLeast(o, "k1", 1),
                atLeast(o, "k2", 1),
                atLeast(o, "batch", 1),
                dbl(o, "learning-rate"),
                lng(o, "seed"),
                atLeast(o, "window", 1),
                atLeast(o, "max-rows-per-key", 0),
                atLeast(o, "parallelism", 1));
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

    private static long time(Map<String, String> o, String name, long none) {
        String v = o.get(name).strip();
        if (v.isEmpty()) {
            return none;
        }
        try {
            return LongCsv.parseTimestamp(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option --" + name + ": " + e.getMessage(), e);
        }
    }

    private static int atLeast(Map<String, String> o, String name, int min) {
        int v;
        try {
            v = Integer.parseInt(o.get(name).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be an integer, found '" + o.get(name) + "'");
        }
        if (v < min) {
            throw new IllegalArgumentException("option --" + name + " must be >= " + min + ", found " + v);
        }
        return v;
    }

    private static long lng(Map<String, String> o, String name) {
        try {
            return Long.parseLong(o.get(name).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be an integer, found '" + o.get(name) + "'");
        }
    }

    private static double dbl(Map<String, String> o, String name) {
        try {
            return Double.parseDouble(o.get(name).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --" + name + " must be a number, found '" + o.get(name) + "'");
        }
    }
}
