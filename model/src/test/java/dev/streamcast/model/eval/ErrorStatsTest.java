package dev.streamcast.model.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErrorStatsTest {

    @Test
    void metricsMatchHandWorkedValues() {
        // actual 10, 12, 9; forecast 11, 12, 12 -> errors -1, 0, -3
        ErrorStats s = new ErrorStats();
        s.add(10, 11);
        s.add(12, 12);
        s.add(9, 12);
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.mae()).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(s.rmse()).isCloseTo(Math.sqrt(10.0 / 3), within(1e-12));
        // 200*1/21, 0, 200*3/21
        assertThat(s.smape()).isCloseTo((200.0 / 21 + 600.0 / 21) / 3, within(1e-12));
        assertThat(s.mase(2.0)).isCloseTo(2.0 / 3, within(1e-12));
    }

    @Test
    void naiveScaleIsMeanAbsoluteFirstDifference() {
        double[] y = {1, 3, 2, 6, 100};
        assertThat(ErrorStats.naiveScale(y, 0, 4)).isCloseTo(7.0 / 3, within(1e-12));
        assertThat(ErrorStats.naiveScale(y, 0, 1)).isNaN();
    }

    @Test
    void emptyStatsAreNaNAndZeroScaleGivesNaNMase() {
        ErrorStats s = new ErrorStats();
        assertThat(s.mae()).isNaN();
        s.add(1, 1);
        assertThat(s.mase(0)).isNaN();
        assertThat(s.smape()).isZero();
    }
}
