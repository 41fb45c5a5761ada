package dev.streamcast.jobs.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
    public static final String MODEL_KEY_ENV = "STREAMCAST_MODEL_KEY";

    /** Value kinds; {@link #label} is what the help and the README show as Type. */
    public enum Kind {
        STRING("String"),
        INT("Integer"),
        DURATION("Duration"),
        LIST("List"),
        CHOICE("Enum"),
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
                    "HMAC-SHA256 key: only models signed with it are accepted "
                            + "(the train command signs with the same key); default: env " + MODEL_KEY_ENV
                            + ", else none "
                            + "(unsigned models accepted)"),
            opt(
                    "max-model-bytes",
                    "67108864",
                    Kind.INT,
                    "A model payload larger than this is rejected without " + "being decoded"));

    /** Parses {@code --name value} pairs; options not given take their defaults. */
    public static ForecastConfig parse(String... args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Option o : ALL) {
            defaults.put(o.name(), o.defaultValue());
        }
        Map<String, String> v = CommandLine.parse(args, defaults, Set.of());
        return build(v);
    }

    private static ForecastConfig build(Map<String, String> v) {
        List<String> features = list(v, "features");
        String target = str(v, "target");
        if (!features.contains(target)) {
            throw new IllegalArgumentException(
                    "--target must be one of --features " + features + ", found '" + target + "'");
        }
        long checkpoint = duration(v, "checkpoint-interval");
        if (checkpoint < 10) {
            throw new IllegalArgumentException(
                    "--checkpoint-interval must be at least 10ms, found '" + v.get("checkpoint-interval") + "'");
        }
        long ttl = duration(v, "state-ttl");
        if (ttl <= 0) {
            throw new IllegalArgumentException("--state-ttl must be > 0, found '" + v.get("state-ttl") + "'");
        }
        return new ForecastConfig(
                str(v, "bootstrap-servers"),
                str(v, "observations-topic"),
                str(v, "models-topic"),
                str(v, "forecasts-topic"),
                str(v, "dead-letter-topic"),
                str(v, "group-id"),
                features,
                target,
                integer(v, "window-size", 1, 100_000),
                duration(v, "out-of-orderness"),
                ttl,
                choice(v, "delivery").equals("exactly-once"),
                checkpoint,
                choice(v, "state-backend"),
                optional(v, "checkpoint-dir"),
                optional(v, "model"),
                integer(v, "parallelism", 0, 100_000),
                modelKey(v),
                integer(v, "max-model-bytes", 1, Integer.MAX_VALUE));
    }

    /** --model-key, else the environment's {@link #MODEL_KEY_ENV}, else null. */
    private static String modelKey(Map<String, String> v) {
        String key = optional(v, "model-key");
        if (key == null) {
            String env = System.getenv(MODEL_KEY_ENV);
            key = env == null || env.isEmpty() ? null : env;
        }
        return key;
    }

    private static String str(Map<String, String> v, String name) {
        String s = v.get(name).trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " must not be empty");
        }
        return s;
    }

    private static String optional(Map<String, String> v, String name) {
        String s = v.get(name).trim();
        return s.isEmpty() ? null : s;
    }

    private static List<String> list(Map<String, String> v, String name) {
        List<String> out = new ArrayList<>();
        for (String s : str(v, name).split(",", -1)) {
            String t = s.trim();
            if (t.isEmpty() || out.contains(t)) {
                throw new IllegalArgumentException("--" + name + " must be distinct non-empty names separated by "
                        + "commas, found '" + v.get(name) + "'");
            }
            out.add(t);
        }
        return out;
    }

    private static int integer(Map<String, String> v, String name, int min, int max) {
        String s = v.get(name).trim();
        int n;
        try {
            n = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, found '" + s + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "], found " + n);
        }
        return n;
    }

    private static String choice(Map<String, String> v, String name) {
        String s = v.get(name).trim();
        Option o = ALL.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        if (!o.choices().contains(s)) {
            throw new IllegalArgumentException(
                    "--" + name + " must be one of " + String.join(", ", o.choices()) + ", found '" + s + "'");
        }
        return s;
    }

    private static long duration(Map<String, String> v, String name) {
        String s = v.get(name).trim();
        try {
            return Durations.parseMillis(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be a duration such as 500ms, 5s, 2m, 1h or 7d, " + "found '" + s + "'");
        }
    }

    /** The {@code --help} text: one block per option with its default and type. */
    public static String help() {
        StringBuilder b = new StringBuilder();
        for (Option o : ALL) {
            String type = o.kind() == Kind.CHOICE
                    ? String.join("|", o.choices())
                    : o.kind().label.toLowerCase(java.util.Locale.ROOT);
            b.append("  --")
                    .append(o.name())
                    .append(" <")
                    .append(type)
                    .append(">  (default: ")
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
