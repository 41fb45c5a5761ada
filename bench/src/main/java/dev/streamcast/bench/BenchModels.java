package dev.streamcast.bench;

import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Weights;
import java.util.Random;

/** Seeded models for the drivers: the weights' values do not change what a step costs. */
final class BenchModels {
    private BenchModels() {}

    /** Weights uniform in ±scale, seeded. */
    static Weights randomWeights(ModelConfig cfg, long seed, float scale) {
        Random rnd = new Random(seed);
        float[] flat = new float[Weights.parameterCount(cfg)];
        for (int k = 0; k < flat.length; k++) {
            flat[k] = (2f * rnd.nextFloat() - 1f) * scale;
        }
        return Weights.fromFlat(cfg, flat);
    }

    static Model model(ModelConfig cfg, long version, long seed, float scale, String source) {
        return new Model(cfg, randomWeights(cfg, seed, scale), version, Provenance.untrained(source));
    }
}
