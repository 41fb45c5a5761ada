package dev.streamcast.jobs.common;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The forecast job's command-line options: ONE table of name, default, type and description, from which parsing,
 * {@code --help} and the README's options table are all made. {@link #parse} turns {@code --name value} pairs into a
 * {@link ForecastConfig}; an unknown option or a bad value is refused with a message that names it and the value.
 */
public final class ForecastOptions {

    private ForecastOptions() {}

    /** The environment variable holding the model signing key when {@code --model-key} is not given. */
    public static final String MODEL_KEY_ENV = ModelPayloads.KEY_ENV;

    /** Value kinds; {@link #label} is what the help and the README show as Type. */
    public enum Kind {
        STRING("String"),
        INT("Integer"),
        DURATION("Duration"),
        LIST("List"),
        CHOICE("Enum"),
        FLAG("Flag"),
        OPTIONAL_STRING("String");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One option. {@code choices} is non-empty only for {@link Kind#CHOICE}; an empty default means "none". */
    public record Option(String name, String defaultValue, Kind kind, List<String> choices, String description) {
        public String typeLabel() {
            return kind == Kind.CHOICE ? String.join(" \\| ", choices) : kind.label;
        }

        public String defaultLabel() {
            return defaultValue.isEmpty() ? "(none)" : defaultValue;
        }
    }

    private static Option opt(String name, String def, Kind kind, String description) {
        return new Option(name, def, kind, List.of(), description);
    }

    private static Option choice(String name, String def, List<String> choices, String description) {
        return new Option(name, def, Kind.CHOICE, choices, description);
    }

    /** Every option, in the order of {@link ForecastConfig}'s components. */
    public static final List<Option> ALL = List.of(
            opt("bootstrap-servers", "localhost:9092", Kind.STRING, "Kafka bootstrap servers"),
            opt("observations-topic", "observations", Kind.STRING, "Topic of observation records (JSON)"),
            opt(
                    "models-topic",
                    "models",
                    Kind.STRING,
                    "Topic of model files, meant to be compacted; read from " + "the earliest offset"),
            opt("forecasts-topic", "forecasts", Kind.STRING, "Topic forecasts are written to (JSON, keyed by series)"),
            opt(
                    "dead-letter-topic",
                    "observations-dlq",
                    Kind.STRING,
                    "Topic unusable records are written to, " + "with their reason and original bytes"),
            opt("group-id", "streamcast-forecast", Kind.STRING, "Kafka consumer group id"),
            opt(
                    "features",
                    "value",
                    Kind.LIST,
                    "Feature names in model order, comma-separated; a record with a "
                            + "single \"value\" needs exactly one feature"),
            opt("target", "value", Kind.STRING, "The feature that is forecast; one of --features"),
            opt(
                    "window-size",
                    "64",
                    Kind.INT,
                    "W, recent model inputs kept per key to re-prime its state after a "
                            + "model swap, in [1, 100000]"),
            opt(
                    "out-of-orderness",
                    "0s",
                    Kind.DURATION,
                    "How far behind the newest timestamp an observation may "
                            + "arrive and still be applied in order (e.g. 500ms, 5s, 2m)"),
            opt("state-ttl", "7d", Kind.DURATION, "A key's state expires after this long without an observation"),
            choice(
                    "delivery",
                    "at-least-once",
                    List.of("at-least-once", "exactly-once"),
                    "Kafka delivery " + "guarantee; exactly-once writes in transactions committed on checkpoints"),
            opt("checkpoint-interval", "10s", Kind.DURATION, "Checkpoint period, at least 10ms"),
            choice("state-backend", "hashmap", List.of("hashmap", "rocksdb"), "Where keyed state lives"),
            opt(
                    "checkpoint-dir",
                    "",
                    Kind.OPTIONAL_STRING,
                    "Checkpoint storage URI (e.g. file:///tmp/ckpt); "
                            + "none: the cluster's setting (a local run: streamcast-checkpoints in java.io.tmpdir)"),
            opt(
                    "model",
                    "",
                    Kind.OPTIONAL_STRING,
                    "A model file to start from before any model arrives on " + "--models-topic"),
            opt("parallelism", "0", Kind.INT, "Job parallelism; 0 uses the environment's default"),
            opt(
                    "model-key",
                    "",
                    Kind.OPTIONAL_STRING,
                    "HMAC-SHA256 key: only models signed with it are accepted (the train command signs with the "
                            + "same key); default: env " + MODEL_KEY_ENV + "; never empty. Without a key every model "
                            + "is refused unless --allow-unsigned-models"),
            opt(
                    "allow-unsigned-models",
                    "false",
                    Kind.FLAG,
                    "Also accept unsigned models (a WARN at start); a signed model must still verify"),
            opt(
                    "max-model-bytes",
                    "67108864",
                    Kind.INT,
                    "A model payload larger than this is rejected without " + "being decoded"),
            opt(
                    "max-record-bytes",
                    String.valueOf(ForecastConfig.DEFAULT_MAX_RECORD_BYTES),
                    Kind.INT,
                    "An observation record larger than this is dead-lettered as too_large without being parsed, "
                            + "in [1, " + ForecastConfig.MAX_RECORD_BYTES_LIMIT + "]"),
            opt(
                    "max-key-bytes",
                    String.valueOf(ForecastConfig.DEFAULT_MAX_KEY_BYTES),
                    Kind.INT,
                    "An observation whose key is longer than this (UTF-8 bytes) is dead-lettered as key_too_long, "
                            + "in [1, " + ForecastConfig.MAX_KEY_BYTES_LIMIT + "]"),
            opt(
                    "max-future",
                    "1h",
                    Kind.DURATION,
                    "An observation dated more than this ahead of the wall clock is dead-lettered as "
                            + "future_timestamp (it changes neither its key's state nor the watermark)"),
            opt(
                    "interval-levels",
                    "0.8,0.95",
                    Kind.LIST,
                    "Levels of the prediction intervals on every forecast, comma-separated, each in (0, 1), at most "
                            + ForecastConfig.MAX_INTERVAL_LEVELS + "; empty turns them off (see docs/intervals.md)"),
            opt(
                    "latency-mode",
                    "false",
                    Kind.FLAG,
                    "Tune for latency instead of throughput: 3 ms network buffer timeout (default 100 ms), producer "
                            + "linger 0 ms without compression (default 20 ms, 256 KiB batches, zstd), fetches answered "
                            + "at the first byte (default: at 64 KiB or 50 ms); see docs/operations.md"),
            opt(
                    "horizon",
                    "1",
                    Kind.INT,
                    "H, the steps each forecast looks ahead, in [1, " + ForecastConfig.MAX_HORIZON + "]; with H > 1"
                            + " every forecast carries a path of H steps (see docs/horizon.md)"));

    /** Parses {@code --name value} pairs; options not given take their defaults. */
    public static ForecastConfig parse(String... args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Option o : ALL) {
            defaults.put(o.name(), o.defaultValue());
        }
        Set<String> flags = new HashSet<>();
        for (Option o : ALL) {
            if (o.kind() == Kind.FLAG) {
                flags.add(o.name());
            }
        }
        Map<String, String> v = CommandLine.parse(args, defaults, flags, Set.of("model-key"));
        return build(v);
    }

    private static ForecastConfig build(Map<String, String> v) {
        OptionValues o = new OptionValues(v);
        List<String> features = o.list("features");
        String target = o.required("target");
        if (!features.contains(target)) {
            throw new IllegalArgumentException("--target must be one of --features [" + Messages.list(features) + "]"
                    + ", found " + Messages.quote(target));
        }
        return ForecastConfig.builder()
                .bootstrapServers(o.required("bootstrap-servers"))
                .observationsTopic(o.required("observations-topic"))
                .modelsTopic(o.required("models-topic"))
                .forecastsTopic(o.required("forecasts-topic"))
                .deadLetterTopic(o.required("dead-letter-topic"))
                .groupId(o.required("group-id"))
                .features(features)
                .target(target)
                .windowSize(o.integer("window-size", 1, 100_000))
                .outOfOrdernessMillis(o.duration("out-of-orderness", 0))
                .stateTtlMillis(o.duration("state-ttl", 1))
                .exactlyOnce(o.choice("delivery", choices("delivery")).equals("exactly-once"))
                .checkpointIntervalMillis(o.duration("checkpoint-interval", 10))
                .stateBackend(o.choice("state-backend", choices("state-backend")))
                .checkpointDir(o.optional("checkpoint-dir"))
                .initialModel(o.optional("model"))
                .parallelism(o.integer("parallelism", 0, 100_000))
                .modelKey(modelKey(o))
                .maxModelBytes(o.integer("max-model-bytes", 1, Integer.MAX_VALUE))
                .maxRecordBytes(o.integer("max-record-bytes", 1, ForecastConfig.MAX_RECORD_BYTES_LIMIT))
                .maxKeyBytes(o.integer("max-key-bytes", 1, ForecastConfig.MAX_KEY_BYTES_LIMIT))
                .maxFutureMillis(o.duration("max-future", 0))
                .allowUnsignedModels(o.flag("allow-unsigned-models"))
                .intervalLevels(intervalLevels(o, "interval-levels"))
                .latencyMode(o.flag("latency-mode"))
                .horizon(o.integer("horizon", 1, ForecastConfig.MAX_HORIZON))
                .build();
    }

    /** A comma-separated list of levels in (0, 1); an empty value means none. Shared by forecast, backtest, demo. */
    public static List<Double> intervalLevels(OptionValues o, String name) {
        String text = o.text(name);
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Double> levels = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            double l;
            try {
                l = Numbers.parseDecimal(part.strip());
            } catch (NumberFormatException e) {
                l = Double.NaN;
            }
            if (!(l > 0 && l < 1) || levels.contains(l)) {
                throw new IllegalArgumentException("--" + name
                        + " must be distinct levels in (0, 1) separated by commas (or empty for none), found "
                        + Messages.quote(text));
            }
            levels.add(l);
        }
        if (levels.size() > ForecastConfig.MAX_INTERVAL_LEVELS) {
            throw new IllegalArgumentException("--" + name + " takes at most " + ForecastConfig.MAX_INTERVAL_LEVELS
                    + " levels, found " + levels.size());
        }
        return levels;
    }

    private static List<String> choices(String name) {
        return ALL.stream()
                .filter(x -> x.name().equals(name))
                .findFirst()
                .orElseThrow()
                .choices();
    }

    /** --model-key, else the environment's {@link #MODEL_KEY_ENV}, else null; never empty. */
    private static String modelKey(OptionValues o) {
        byte[] key = ModelPayloads.key(o.optional("model-key"), System.getenv());
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    /** The {@code --help} text: one block per option with its default and type. */
    public static String help() {
        StringBuilder b = new StringBuilder();
        for (Option o : ALL) {
            String type = o.kind() == Kind.CHOICE
                    ? String.join("|", o.choices())
                    : o.kind().label.toLowerCase(Locale.ROOT);
            b.append("  --")
                    .append(o.name())
                    .append(o.kind() == Kind.FLAG ? "" : " <" + type + ">")
                    .append("  (default: ")
                    .append(o.defaultLabel())
                    .append(")\n      ")
                    .append(o.description())
                    .append('\n');
        }
        return b.toString();
    }

    /** The README's options table (Key | Default | Type | Description), one line per row. */
    public static List<String> markdownTable() {
        List<String> rows =
                new ArrayList<>(Arrays.asList("| Key | Default | Type | Description |", "|---|---|---|---|"));
        for (Option o : ALL) {
            rows.add(
                    "| `--" + o.name() + "` | " + (o.defaultValue().isEmpty() ? "(none)" : "`" + o.defaultValue() + "`")
                            + " | " + o.typeLabel() + " | " + o.description() + " |");
        }
        return rows;
    }
}
