package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.Observation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where --retrain-every puts its model swaps. */
class RetrainBoundariesTest {

    /** Two keys per timestamp: ts 0,0,1,1,2,2,... */
    private static List<Observation> twoKeys(int timestamps) {
        List<Observation> obs = new ArrayList<>();
        for (int t = 0; t < timestamps; t++) {
            for (String k : new String[] {"a", "b"}) {
                obs.add(new Observation(k, t, new double[] {t}, new byte[0], "", 0, obs.size() + 2));
            }
        }
        return obs;
    }

    @Test
    void nObservationsAfterThePreviousBoundaryMovedPastTiesInTimestamp() {
        // every 3: index 3 (ts 1, a tie with index 2) moves to 4; 4 + 3 = 7 (tie) moves to 8; 11 moves past the end
        assertThat(RetrainingBacktestJob.boundaries(twoKeys(6), 3, Long.MIN_VALUE))
                .containsExactly(4, 8);
    }

    @Test
    void onlyAfterTheFirstModelsTrainingData() {
        assertThat(RetrainingBacktestJob.boundaries(twoKeys(6), 2, 2)).containsExactly(6, 8, 10);
        assertThat(RetrainingBacktestJob.boundaries(twoKeys(6), 2, 5)).isEmpty();
    }
}
