package dev.streamcast.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import java.util.List;
import java.util.Map;
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

    /**
     * A hybrid whose key has fitted starting states is scored from them only when the series' first row is the one
     * they were fitted at (by its time), as the forecast job starts it; any other series from the first season.
     */
    @Test
    void fittedStartingStatesApplyOnlyToTheSeriesStartingAtTheirRow() {
        int m = 4;
        ModelConfig cfg = new ModelConfig(CellType.LSTM, 1, 4, 1, List.of("v"), 0, List.of(Transform.DIFF), 1000, m);
        Smoothing own = new Smoothing(0.3, 0, 0.2, false, 0, 1, 0, Map.of()) // w = 0: Holt-Winters alone is scored
                .withStart(new Smoothing.Start(1000L, new double[] {20, 0, 3, -1, -3, 1}));
        Model hybrid = new Model(cfg, Weights.zeros(cfg), 1, Provenance.untrained("test"))
                .withSmoothing(new Smoothing(0.3, 0, 0.2, false, 0, 1, 0, Map.of("k", own)));
        double[][] raw = new double[40][1];
        for (int t = 0; t < raw.length; t++) {
            raw[t][0] = 10 + new double[] {3, -1, -3, 1}[t % m]; // the states' season, at level 10, not their 20
        }
        double fromStates = Scorer.score(hybrid, "k", raw, 1, 1000L).model().mae();
        double fromFirstSeason =
                Scorer.score(hybrid, "k", raw, 1, 2000L).model().mae();
        // from the states, the level 20 decays toward 10 at α = 0.3; from the first season every later row is exact
        assertThat(fromStates).isGreaterThan(fromFirstSeason + 0.1);
        assertThat(Scorer.score(hybrid, "k", raw, 1).model().mae()).isEqualTo(fromFirstSeason);
    }
}
