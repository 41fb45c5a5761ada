package dev.streamcast.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The per-key scoring: each forecast is scored against the next record's actual, next to naive on the same points. */
class KeyBoardTest {

    @Test
    void scoresEachForecastAgainstTheNextActualAndNaiveOnTheSamePoints() {
        KeyBoard b = new KeyBoard("k", 20L);
        b.add(10L, 1.0, 2.5, 1); // history: forecasts 2.5 for ts 20
        b.add(20L, 2.0, 2.0, 1); // live: model |2 - 2.5| = 0.5, naive |2 - 1| = 1
        b.add(30L, 4.0, 5.0, 2); // live: model |4 - 2| = 2,   naive |4 - 2| = 2
        assertThat(b.model.count()).isEqualTo(2);
        assertThat(b.model.mae()).isCloseTo(1.25, within(1e-12));
        assertThat(b.naive.mae()).isCloseTo(1.5, within(1e-12));
        assertThat(b.forecasts).isEqualTo(3);
        assertThat(b.modelVersion).isEqualTo(2);
        assertThat(b.forecast).isEqualTo(5.0);
    }

    @Test
    void historyPointsCountInTheRollingErrorButAreNotScored() {
        KeyBoard b = new KeyBoard("k", 100L);
        b.add(10L, 1.0, 3.0, 1);
        b.add(20L, 2.0, 2.0, 1); // model |2 - 3| = 1, naive 1
        assertThat(b.model.count()).isZero();
        assertThat(b.rollingModelMae()).isEqualTo(1.0);
        assertThat(b.rollingNaiveMae()).isEqualTo(1.0);
    }

    @Test
    void aRedeliveredRecordIsIgnored() {
        KeyBoard b = new KeyBoard("k", 0L);
        b.add(10L, 1.0, 2.0, 1);
        b.add(20L, 2.0, 2.0, 1);
        b.add(20L, 2.0, 2.0, 1);
        assertThat(b.forecasts).isEqualTo(2);
        assertThat(b.model.count()).isEqualTo(1);
    }

    @Test
    void theRollingErrorCoversTheLastWindowOnly() {
        KeyBoard b = new KeyBoard("k", 0L);
        b.add(0L, 0.0, 100.0, 1);
        for (int t = 1; t <= KeyBoard.WINDOW + 1; t++) {
            b.add(t, 0.0, 0.0, 1); // the first scored point has error 100, every later one 0
        }
        assertThat(b.rollingModelMae()).isZero();
        assertThat(b.model.mae()).isCloseTo(100.0 / (KeyBoard.WINDOW + 1), within(1e-9));
    }
}
