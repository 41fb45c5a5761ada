package dev.streamcast.model;

/**
 * Hyperparameters of truncated-BPTT training. Immutable and validated; a bad value is refused with a message that
 * names it. Lives beside {@link ModelConfig} (not in the ND4J-based trainer) because the model file records it as
 * provenance and the job's configuration parses it.
 *
 * <p>TBPTT(k1, k2) in the sense of Williams & Peng (1990): the forward pass advances k1 steps at a time and each
 * update backpropagates through the last k2 steps; the hidden state is carried across windows, the gradient is not.
 *
 * @param k1 forward stride between updates, in [1, k2]
 * @param k2 backward (unroll) length, in [1, 10000]
 * @param batchSize sequences per minibatch, in [1, 65536]
 * @param learningRate Adam step size, in (0, 1]
 * @param clipNorm clip the global gradient norm to this value; 0 turns clipping off
 * @param l2 L2 penalty on weight matrices (not biases), >= 0
 * @param maxEpochs upper bound on passes over the training data, in [1, 100000]
 * @param patience stop after this many epochs without a better validation loss, in [1, 100000]
 * @param validationFraction the most recent fraction of each series held out for early stopping, in [0, 0.9]
 * @param seed seeds initialisation and shuffling: the same seed on the same data gives identical weights
 */
public record TrainConfig(
        int k1,
        int k2,
        int batchSize,
        double learningRate,
        double clipNorm,
        double l2,
        int maxEpochs,
        int patience,
        double validationFraction,
        long seed) {

    public TrainConfig {
        checkInt(k2, 1, 10_000, "k2");
        checkInt(k1, 1, k2, "k1");
        checkInt(batchSize, 1, 65_536, "batchSize");
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], found " + learningRate);
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be >= 0 (0 = off), found " + clipNorm);
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l2 must be >= 0, found " + l2);
        }
        checkInt(maxEpochs, 1, 100_000, "maxEpochs");
        checkInt(patience, 1, 100_000, "patience");
        if (!(validationFraction >= 0 && validationFraction <= 0.9)) {
            throw new IllegalArgumentException("validationFraction must be in [0, 0.9], found " + validationFraction);
        }
    }

    private static void checkInt(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], found " + value);
        }
    }

    /** Defaults: k1 = k2 = 50, batch 32, Adam 3e-3, clip 1.0, no L2, 40 epochs, patience 5, 10% validation, seed 42. */
    public static TrainConfig defaults() {
        return new TrainConfig(50, 50, 32, 3e-3, 1.0, 0.0, 40, 5, 0.1, 42L);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(
                k1, k2, batchSize, learningRate, clipNorm, l2, maxEpochs, patience, validationFraction, s);
    }

    public TrainConfig withMaxEpochs(int e) {
        return new TrainConfig(k1, k2, batchSize, learningRate, clipNorm, l2, e, patience, validationFraction, seed);
    }

    public TrainConfig withTbptt(int newK1, int newK2) {
        return new TrainConfig(
                newK1, newK2, batchSize, learningRate, clipNorm, l2, maxEpochs, patience, validationFraction, seed);
    }
}
