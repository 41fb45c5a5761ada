package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.CommandLine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code train} command's options: ONE table of name, default and description, from which parsing, {@code --help}
 * and the README's table are made. {@link #parse} turns {@code --name value} pairs (and bare flags) into a map of every
 * option's text value, defaults filled in; {@link TrainSettings#from} checks and converts them. An unknown option is
 * refused with a message naming it.
 */
public final class TrainOptions {
    private TrainOptions() {}

    /** One option; {@code flag} options take no value (present = true). An empty default means "none". */
    public record Option(String name, String defaultValue, boolean flag, String description) {
        public String defaultLabel() {
            return flag ? "off" : defaultValue.isEmpty() ? "(none)" : defaultValue;
        }
    }

    private static Option opt(String name, String def, String description) {
        return new Option(name, def, false, description);
    }

    private static Option flag(String name, String description) {
        return new Option(name, "false", true, description);
    }

    /** Every option, grouped: data, model, training, champion and gate, output, operation. */
    public static final List<Option> ALL = List.of(
            opt(
                    "input",
                    "",
                    "Long-format CSV file key,timestamp,value[,more features]; without it history is "
                            + "read from --observations-topic"),
            opt("target", "", "The forecast feature (a CSV value column or one of --features); default: the first"),
            opt("features", "value", "Feature names of Kafka records in model order, comma-separated"),
            opt("bootstrap-servers", "localhost:9092", "Kafka bootstrap servers (observations and models topics)"),
            opt("observations-topic", "observations", "Topic of observation records (JSON, as the forecast job)"),
            opt("from", "", "Use observations at or after this ISO-8601 time (Kafka or CSV)"),
            opt("to", "", "Use observations before this ISO-8601 time (Kafka or CSV)"),
            opt("last", "0", "Use only the last N observations of each key; 0 = all"),
            opt("cell", "lstm", "Recurrent cell: lstm, peephole (LSTM with peephole connections), gru or rnn"),
            opt("hidden", "32", "H, units per layer, in [1, 1024]"),
            opt("layers", "1", "L, stacked layers, in [1, 8]"),
            opt(
                    "transform",
                    "auto",
                    "none, diff, log-diff or seasonal-diff; one for every feature or a comma list, "
                            + "one per feature; auto = the champion's, else with a season the best of seasonal-diff, diff"
                            + " and (positive data) log-diff on the validation tail, diff without"),
            opt(
                    "season",
                    "auto",
                    "m, the seasonal period in steps (m >= 2 adds the seasonal-lag input and allows "
                            + "seasonal-diff; 1 = none); auto = the champion's, else the period detected on most keys"),
            opt("scaler-window", "1000", "Horizon of the running per-series mean/variance, in [2, 10^7]"),
            opt("k1", "24", "TBPTT forward stride between updates, in [1, k2]"),
            opt("k2", "48", "TBPTT unroll length, in [1, 10000]"),
            opt("batch", "32", "Parallel sequences per minibatch"),
            opt("lr", "0.003", "Adam learning rate, in (0, 1]"),
            opt("clip", "1.0", "Clip the global gradient norm to this; 0 = off"),
            opt("l2", "0", "L2 penalty on weight matrices"),
            opt("epochs", "40", "Maximum epochs"),
            opt("patience", "5", "Stop after this many epochs without a better validation loss"),
            opt(
                    "validation-fraction",
                    "0.1",
                    "Most recent fraction of each key's training part used for early " + "stopping, in [0, 0.9]"),
            opt("seed", "42", "Seeds initialisation and shuffling: same seed and data, identical model"),
            opt(
                    "holdout-fraction",
                    "0.1",
                    "Most recent fraction of each key never seen by training; the gate "
                            + "scores candidate and champion on it, in (0, 0.9]"),
            opt(
                    "champion",
                    "",
                    "Current model file; without it and with --publish, the newest model on " + "--models-topic"),
            flag("warm-start", "Start from the champion's weights when its shape matches"),
            flag("force", "Publish even if the candidate does not beat the champion"),
            flag("publish", "Publish an accepted candidate to --models-topic"),
            opt("models-topic", "models", "Compacted topic of model files"),
            opt("out", "", "Also write an accepted candidate to this file"),
            opt("report", "", "Directory for report.json and loss.png"),
            opt("every", "", "Retrain on this period forever (e.g. 30m, 6h, 1d); Ctrl-C stops cleanly"),
            opt(
                    "model-key",
                    "",
                    "HMAC-SHA256 key to sign published models and check the champion; default: "
                            + "env STREAMCAST_MODEL_KEY; never empty. Without one the model is written unsigned, "
                            + "with a warning: the forecast job refuses it unless --allow-unsigned-models"),
            opt("max-model-bytes", "67108864", "Refuse to publish a model payload larger than this (bytes)"),
            flag("help", "Print this help"));

    /**
     * Parses {@code --name value}, {@code --name=value} and bare flags; options not given take their defaults.
     *
     * @throws IllegalArgumentException naming an unknown option, a missing value or a stray argument
     */
    public static Map<String, String> parse(String... args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        for (Option o : ALL) {
            defaults.put(o.name(), o.defaultValue());
            if (o.flag()) {
                flags.add(o.name());
            }
        }
        Map<String, String> v = CommandLine.parse(args, defaults, flags, Set.of("model-key"));
        return v;
    }

    /** The {@code --help} text: usage, then one block per option with its default. */
    public static String help() {
        StringBuilder b = new StringBuilder("usage: streamcast train [options]\n"
                + "Trains a candidate model on history, scores it against the champion on each key's most recent\n"
                + "unseen slice, and publishes it only if it is better (or with --force).\n\n");
        for (Option o : ALL) {
            b.append("  --")
                    .append(o.name())
                    .append(o.flag() ? "" : " <value>")
                    .append("  (default: ")
                    .append(o.defaultLabel())
                    .append(")\n      ")
                    .append(o.description())
                    .append('\n');
        }
        return b.toString();
    }

    /** The README's options table (Option | Default | Description), one line per row. */
    public static List<String> markdownTable() {
        List<String> rows = new ArrayList<>(List.of("| Option | Default | Description |", "|---|---|---|"));
        for (Option o : ALL) {
            String def = o.flag() ? "off" : o.defaultValue().isEmpty() ? "(none)" : "`" + o.defaultValue() + "`";
            rows.add("| `--" + o.name() + "` | " + def + " | " + o.description() + " |");
        }
        return rows;
    }
}
