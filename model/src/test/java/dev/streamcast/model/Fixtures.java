package dev.streamcast.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic test data shared by the modules' tests (model's test-jar). */
public final class Fixtures {
    private Fixtures() {}

    /**
     * Weights with every parameter drawn uniformly from [-scale, scale], in the canonical flat order of
     * {@link Weights#toFlat()}, from {@code new Random(seed)}: the same arguments give the same weights.
     */
    public static Weights randomWeights(ModelConfig cfg, long seed, float scale) {
        Random rnd = new Random(seed);
        float[] flat = new float[Weights.parameterCount(cfg)];
        for (int k = 0; k < flat.length; k++) {
            flat[k] = (2f * rnd.nextFloat() - 1f) * scale;
        }
        return Weights.fromFlat(cfg, flat);
    }

    /** F features named f0..f{F-1}, the target f0, no transforms, the default scaler window. */
    public static ModelConfig config(CellType cell, int inputSize, int hiddenSize, int layers) {
        List<String> names = new ArrayList<>();
        List<Transform> transforms = new ArrayList<>();
        for (int k = 0; k < inputSize; k++) {
            names.add("f" + k);
            transforms.add(Transform.NONE);
        }
        return new ModelConfig(
                cell, inputSize, hiddenSize, layers, names, 0, transforms, ModelConfig.DEFAULT_SCALER_WINDOW);
    }

    /** {@code steps} input vectors of F features, each uniform in [-1, 1], from {@code new Random(seed)}. */
    public static float[][] randomInputs(long seed, int steps, int inputSize) {
        Random rnd = new Random(seed);
        float[][] xs = new float[steps][inputSize];
        for (float[] x : xs) {
            for (int k = 0; k < inputSize; k++) {
                x[k] = 2f * rnd.nextFloat() - 1f;
            }
        }
        return xs;
    }

    /** A noisy seasonal series: sin(2πt/period) plus Gaussian noise of the given standard deviation. */
    public static float[] seasonal(long seed, int length, int period, double noise) {
        Random rnd = new Random(seed);
        float[] v = new float[length];
        for (int t = 0; t < length; t++) {
            v[t] = (float) (Math.sin(2 * Math.PI * t / period) + noise * rnd.nextGaussian());
        }
        return v;
    }
}
