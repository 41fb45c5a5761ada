package dev.streamcast.jobs.backtest;

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
 */
public record BacktestSettings(
        Path input,
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
        if (input.isEmpty()) {
            throw new IllegalArgumentException("option --input is required (a long-format CSV file)");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("option --out is required (an output directory)");
        }
        List<String> features = o.get("features").isBlank() ? List.of()
                : Arrays.stream(o.get("features").split(",")).map(String::strip).toList();
        double fraction = dbl(o, "train-fraction");
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("option --train-fraction must be in (0, 1), found " + fraction);
        }
        CellType cell;
        Transform transform;
        try {
            cell = CellType.parse(o.get("cell"));
            transform = Transform.parse(o.get("transform"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option --" + e.getMessage());
        }
        BacktestSettings s = new BacktestSettings(Path.of(input), Path.of(out), o.get("target").strip(), features,
                atLeast(o, "season", 0), fraction, o.get("model").isEmpty() ? null : Path.of(o.get("model")),
                atLeast(o, "retrain-every", 0), cell, atLeast(o, "hidden", 1), atLeast(o, "layers", 1), transform,
                atLeast(o, "epochs", 1), atLeast(o, "k1", 1), atLeast(o, "k2", 1), atLeast(o, "batch", 1),
                dbl(o, "learning-rate"), lng(o, "seed"), atLeast(o, "window", 1),
                atLeast(o, "max-rows-per-key", 0), atLeast(o, "parallelism", 1));
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
