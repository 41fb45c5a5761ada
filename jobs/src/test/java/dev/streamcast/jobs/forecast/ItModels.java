package dev.streamcast.jobs.forecast;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Fixtures;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.io.ModelCodec;
import java.util.List;

/**
 * Model files for the integration test: a small univariate LSTM with random weights (seeded by the version) and a
 * chosen head bias. The forecast in scaled units is wy·h + by with |wy·h| ≤ H · 0.2 = 1.6, so a bias of +5 puts
 * every forecast several standard deviations above the series' running mean and -5 below it.
 */
final class ItModels {
    private ItModels() {}

    static final ModelConfig CONFIG = ModelConfig.univariate(CellType.LSTM, 8, 1, Transform.NONE);

    static Model model(long version, float bias) {
        Weights random = Fixtures.randomWeights(CONFIG, version, 0.2f);
        Weights w = new Weights(CONFIG, List.of(random.layer(0)), random.wy(), bias);
        return new Model(CONFIG, w, version, Provenance.untrained("ForecastJobKafkaTest"));
    }

    static byte[] encoded(long version, float bias) {
        return ModelCodec.encode(model(version, bias));
    }
}
