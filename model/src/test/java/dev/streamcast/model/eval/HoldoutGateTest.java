package dev.streamcast.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HoldoutGateTest {

    private static final ModelConfig CFG = ModelConfig.univariate(CellType.LSTM, 4, 1, Transform.DIFF);

    /**
     * A network that outputs {@code bias} (scaled units) whatever it sees: on differences it forecasts the last value
     * plus the mean step plus bias standard deviations of a step, so a larger bias is a worse network.
     */
    private static Model network(float bias) {
        float[] flat = Weights.zeros(CFG).toFlat();
        flat[flat.length - 1] = bias; // by, the output's bias
        return new Model(CFG, Weights.fromFlat(CFG, flat), 1, Provenance.untrained("test"));
    }

    /** A random walk: naive is the best forecast there is, SES with a small α lags it badly. */
    private static List<HoldoutGate.Series> randomWalk() {
        Random r = new Random(4);
        double[][] v = new double[600][1];
        double level = 100;
        for (double[] row : v) {
            level += r.nextGaussian();
            row[0] = level;
        }
        return List.of(new HoldoutGate.Series("a", v, 450));
    }

    private static final Smoothing NAIVE = new Smoothing(1, 0, 0, false, 0); // served: the last value
    private static final Smoothing LAGGING = new Smoothing(0.02, 0, 0, false, 0); // served: SES α 0.02

    @Test
    void aCandidateWhoseHybridBeatsTheChampionIsAcceptedThoughItsNetworkAloneDoesNot() {
        Model bad = network(3f);
        Model poor = network(0.5f);
        // the networks alone: the candidate's (bias 3) loses to the champion's (bias 0.5)
        assertThat(HoldoutGate.score(randomWalk(), bad, poor).candidateWins()).isFalse();
        // served: the candidate's hybrid is naive, the champion's network alone is biased
        HoldoutScores served = HoldoutGate.score(randomWalk(), bad.withSmoothing(NAIVE), poor);
        assertThat(served.candidateWins()).isTrue();
        assertThat(served.candidate().mase()).isEqualTo(served.naive().mase()); // exactly naive's forecast
    }

    @Test
    void aCandidateWhoseNetworkAloneBeatsTheChampionIsRefusedWhenItsHybridDoesNot() {
        Model poor = network(0.5f);
        Model bad = network(3f);
        assertThat(HoldoutGate.score(randomWalk(), poor, bad).candidateWins()).isTrue();
        HoldoutScores served = HoldoutGate.score(randomWalk(), poor.withSmoothing(LAGGING), bad.withSmoothing(NAIVE));
        assertThat(served.candidateWins()).isFalse();
    }

    @Test
    void aKeysOwnSmoothingSetIsTheOneScored() {
        // global: SES α 0.02 (lagging); key "a"'s own set: naive. Key "a" is scored with its own: naive's error
        Smoothing global = LAGGING.withKeys(java.util.Map.of("a", NAIVE));
        HoldoutScores s = HoldoutGate.score(randomWalk(), network(3f).withSmoothing(global), null);
        assertThat(s.candidate().mase()).isEqualTo(s.naive().mase());
    }
}
