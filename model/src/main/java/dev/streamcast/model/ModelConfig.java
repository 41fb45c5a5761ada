package dev.streamcast.model;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a forecaster: cell, layers, sizes, features and their transforms. Immutable and validated on
 * construction; a bad value is refused with a message that names it and the value found.
 *
 * <p>F = {@code inputSize} features per observation, one of them ({@code targetIndex}) the target; L = {@code layers}
 * stacked cells of H = {@code hiddenSize} units; a linear head maps the top layer's h to the next value of the target
 * (in scaled, transformed units).
 *
 * @param cell the recurrent cell of every layer
 * @param inputSize F, features per observation, in [1, 64]
 * @param hiddenSize H, units per layer, in [1, 1024]
 * @param layers L, stacked layers, in [1, 8]
 * @param featureNames the F feature names, unique and non-blank
 * @param targetIndex which feature is forecast, in [0, F)
 * @param transforms the F per-feature transforms applied before scaling
 * @param scalerWindow horizon of the running mean/variance kept per series: the statistics weigh each new value by
 *     max(1/n, 1/scalerWindow), so they are exact averages for the first scalerWindow points and exponentially
 *     weighted after that; in [2, 10^7]
 * @param season m, the seasonal period in steps, in [1, 10^4]; 1 = none. With m >= 2 the network gets one more
 *     input after the F features, the seasonal lag: the target's transformed value one season before the step being
 *     forecast, u_{t+1-m} (DeepAR's lagged inputs; with SEASONAL_DIFF, the seasonal AR term of a SARIMA model), and
 *     a feature may use {@link Transform#SEASONAL_DIFF}
 */
public record ModelConfig(
        CellType cell,
        int inputSize,
        int hiddenSize,
        int layers,
        List<String> featureNames,
        int targetIndex,
        List<Transform> transforms,
        int scalerWindow,
        int season) {

    public static final int DEFAULT_HIDDEN_SIZE = 32;
    public static final int DEFAULT_LAYERS = 1;
    public static final int DEFAULT_SCALER_WINDOW = 1000;
    public static final int MAX_SEASON = 10_000;

    public ModelConfig {
        Objects.requireNonNull(cell, "cell must be set");
        check(inputSize, 1, 64, "inputSize");
        check(hiddenSize, 1, 1024, "hiddenSize");
        check(layers, 1, 8, "layers");
        Objects.requireNonNull(featureNames, "featureNames must be set");
        Objects.requireNonNull(transforms, "transforms must be set");
        featureNames = List.copyOf(featureNames);
        transforms = List.copyOf(transforms);
        if (featureNames.size() != inputSize) {
            throw new IllegalArgumentException("featureNames must name inputSize = " + inputSize + " features, found "
                    + featureNames.size() + " " + featureNames);
        }
        if (new HashSet<>(featureNames).size() != featureNames.size()) {
            throw new IllegalArgumentException("featureNames must be unique, found " + featureNames);
        }
        for (String n : featureNames) {
            if (n.isBlank()) {
                throw new IllegalArgumentException("featureNames must not be blank, found " + featureNames);
            }
        }
        check(targetIndex, 0, inputSize - 1, "targetIndex");
        if (transforms.size() != inputSize) {
            throw new IllegalArgumentException("transforms must give one transform per feature (inputSize = "
                    + inputSize + "), found " + transforms.size() + " " + transforms);
        }
        check(scalerWindow, 2, 10_000_000, "scalerWindow");
        check(season, 1, MAX_SEASON, "season");
        if (season < 2 && transforms.contains(Transform.SEASONAL_DIFF)) {
            throw new IllegalArgumentException("transform SEASONAL_DIFF needs a season of at least 2, found " + season);
        }
    }

    /** A configuration without a season (m = 1). */
    public ModelConfig(
            CellType cell,
            int inputSize,
            int hiddenSize,
            int layers,
            List<String> featureNames,
            int targetIndex,
            List<Transform> transforms,
            int scalerWindow) {
        this(cell, inputSize, hiddenSize, layers, featureNames, targetIndex, transforms, scalerWindow, 1);
    }

    private static void check(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], found " + value);
        }
    }

    /** A univariate model: one feature called "value", which is the target. */
    public static ModelConfig univariate(CellType cell, int hiddenSize, int layers, Transform transform) {
        return new ModelConfig(
                cell, 1, hiddenSize, layers, List.of("value"), 0, List.of(transform), DEFAULT_SCALER_WINDOW);
    }

    /** G*H: the width of each layer's gate pre-activations. */
    public int gateWidth() {
        return cell.gates() * hiddenSize;
    }

    /** Whether the network gets the seasonal-lag input (season m >= 2). */
    public boolean seasonalLag() {
        return season > 1;
    }

    /** The network's input width: F, plus the seasonal lag when m >= 2. */
    public int networkInputSize() {
        return inputSize + (seasonalLag() ? 1 : 0);
    }

    /** Input width of layer l: the network's input width for the first layer, H above it. */
    public int layerInputSize(int layer) {
        return layer == 0 ? networkInputSize() : hiddenSize;
    }

    /**
     * Raw observations a series needs before its first model input: the longest transform history h (the first
     * transformed values come at row h), and with a seasonal lag m - 1 more (u_{t+1-m} must exist).
     */
    public int warmup() {
        int rows = 0;
        for (Transform t : transforms) {
            rows = Math.max(rows, t.history(season));
        }
        return rows + (seasonalLag() ? season - 1 : 0);
    }

    /** Floats of per-series recurrent state: h (and c for LSTM) of every layer. */
    public int stateSize() {
        return layers * hiddenSize * (cell.hasCellState() ? 2 : 1);
    }

    /** The target feature's name. */
    public String targetName() {
        return featureNames.get(targetIndex);
    }

    /** The same configuration with other transforms (one per feature). */
    public ModelConfig withTransforms(List<Transform> t) {
        return new ModelConfig(cell, inputSize, hiddenSize, layers, featureNames, targetIndex, t, scalerWindow, season);
    }

    /** The same configuration with another hidden size. */
    public ModelConfig withHiddenSize(int h) {
        return new ModelConfig(cell, inputSize, h, layers, featureNames, targetIndex, transforms, scalerWindow, season);
    }
}
