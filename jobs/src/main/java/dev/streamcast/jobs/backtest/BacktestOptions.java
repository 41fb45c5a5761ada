package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.CommandLine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backtest command's options: one table of names, defaults and descriptions, used for parsing, {@code --help}
 * and the README. Parsing ({@code --name value}) refuses an unknown option or a missing value with a message that
 * names it; values are checked by {@link BacktestSettings#from}.
 */
public final class BacktestOptions {
    private BacktestOptions() {}

    /** One option: name (without "--"), default ("" = none) and description. */
    public record Option(String name, String defaultValue, String description) {}

    /** Every option in help order. */
    public static final List<Option> ALL = List.of(
            new Option("input", "", "long-format CSV file key,timestamp,<value columns> (this or --bootstrap-servers)"),
            new Option("bootstrap-servers", "", "read the observations topic of this Kafka cluster instead of --input"),
            new Option(
                    "observations-topic",
                    "observations",
                    "topic read with --bootstrap-servers (the forecast job's " + "JSON, parsed by its own parser)"),
            new Option("from", "", "use observations at or after this ISO-8601 time (Kafka or CSV)"),
            new Option("to", "", "use observations before this ISO-8601 time (Kafka or CSV)"),
            new Option("last", "0", "then use only the last N observations of each key; 0 = all"),
            new Option("out", "", "output directory for summary.json, forecasts.csv, report.html (required)"),
            new Option("target", "", "value column to forecast (default: the first value column)"),
            new Option("features", "", "comma-separated value columns fed to the model (default: all value columns)"),
            new Option(
                    "season",
                    "0",
                    "seasonal period m of the seasonal-naive baseline and of the model (its "
                            + "seasonal-lag input and seasonal-diff); 0 = detect on the training part (per key for the "
                            + "baseline, the most common for the model); 1 = none; at most 10000"),
            new Option("train-fraction", "0.8", "leading fraction of each key's history used for training, in (0, 1)"),
            new Option("model", "", "use this model file instead of training one (signed: see --model-key)"),
            new Option(
                    "model-key",
                    "",
                    "HMAC-SHA256 key the --model file must be signed with (the train command's), and that "
                            + "signs out/model.bin; default: env STREAMCAST_MODEL_KEY; never empty"),
            new Option("allow-unsigned-models", "", "accept an unsigned --model file"),
            new Option("retrain-every", "0", "retrain on all data seen so far every N observations; 0 = never"),
            new Option("cell", "lstm", "recurrent cell: lstm, peephole (LSTM with peephole connections), gru or rnn"),
            new Option("hidden", "32", "hidden units per layer, in [1, 1024]"),
            new Option("layers", "1", "stacked layers, in [1, 8]"),
            new Option(
                    "transform",
                    "auto",
                    "transform: none, diff, log-diff (prices), seasonal-diff, or auto = with a season the best of "
                            + "seasonal-diff, diff and (positive data) log-diff on the validation tail, else diff"),
            new Option("epochs", "40", "maximum training epochs (early stopping on the last 10% of the training part)"),
            new Option("k1", "24", "TBPTT forward stride, in [1, k2]"),
            new Option("k2", "48", "TBPTT backward length, in [1, 10000]"),
            new Option("batch", "64", "sequences per minibatch"),
            new Option("learning-rate", "0.005", "Adam step size"),
            new Option("seed", "42", "seed of initialisation and shuffling"),
            new Option("window", "64", "W, inputs kept per key to re-prime state after a model swap, in [1, 100000]"),
            new Option("max-rows-per-key", "0", "use only the first N rows of each key; 0 = all"),
            new Option("parallelism", "1", "parallelism of the replay job, in [1, 1024]"),
            new Option(
                    "interval-levels",
                    "0.8,0.95",
                    "levels of the prediction intervals, comma-separated, each in (0, 1); empty = none"),
            new Option(
                    "horizon",
                    "1",
                    "H, in [1, 64]: forecast H-step paths and score each horizon (summary.json \"horizons\")"),
            new Option("help", "", "print this table and exit"));

    /**
     * Parses {@code --name value} pairs into a map holding every option (defaults filled in).
     *
     * @throws IllegalArgumentException naming an unknown option, a missing value or a non-option argument
     */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Option o : ALL) {
            defaults.put(o.name(), o.defaultValue());
        }
        return CommandLine.parse(args, defaults, Set.of("help", "allow-unsigned-models"), Set.of("model-key"));
    }

    /** The help text: usage and {@link #table()}. */
    public static String help() {
        return "usage: backtest (--input FILE.csv | --bootstrap-servers HOST:PORT [--from T] [--to T]) --out DIR "
                + "[options]" + System.lineSeparator()
                + System.lineSeparator() + table();
    }

    /** One line per option with its default. */
    public static String table() {
        StringBuilder b = new StringBuilder();
        for (Option o : ALL) {
            String def = o.defaultValue().isEmpty() ? "" : " (default " + o.defaultValue() + ")";
            b.append(String.format("  --%-18s %s%s%n", o.name(), o.description(), def));
        }
        return b.toString();
    }
}
