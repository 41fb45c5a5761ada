package dev.streamcast.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import org.junit.jupiter.api.Test;

class ScorerTest {

    @Test
    void aZeroModelOnDifferencesForecastsTheMeanStepAndIsScoredOnTheTailOnly() {
        // y_t = 2t: every difference is 2, so a model that outputs 0 (the scaled mean) forecasts last + 2, exactly.
        ModelConfig cfg = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.DIFF);
        Model m = new Model(cfg, Weights.zeros(cfg), 1, Provenance.untrained("test"));
        double[][] raw = new double[20][1];
        for (int t = 0; t < raw.length; t++) {
            raw[t][0] = 2 * t;
        }
        Scorer.Score s = Scorer.score(m, raw, 15);
        assertThat(s.model().count()).isEqualTo(5);
        assertThat(s.naive().count()).isEqualTo(5);
        assertThat(s.model().mae()).isCloseTo(0, within(1e-9));
        assertThat(s.naive().mae()).isCloseTo(2, within(1e-12));
        assertThat(s.naiveScale()).isCloseTo(2, within(1e-12));
        assertThat(s.naiveMase()).isCloseTo(1, within(1e-12));
    }
}
