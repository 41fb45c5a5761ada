package dev.streamcast.model.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencesTest {

    @Test
    void labelsAreTheNextTargetInTheStreamingScalersUnits() {
        ModelConfig config = SeriesScalerTest.three(3);
        double[][] raw = {{5, 1, 100}, {6, 3, 110}, {8, 2, 99}, {7, 4, 104}, {9, 0, 101}, {9, 1, 103}};
        Sequences seq = Sequences.of(config, raw);
        // the first row only primes the differences, the last has no label
        assertThat(seq.size()).isEqualTo(4);
        assertThat(seq.firstRow()).isEqualTo(1);
        SeriesScaler streaming = new SeriesScaler(config);
        float[] x = new float[3];
        streaming.push(raw[0], x);
        for (int i = 0; i < seq.size(); i++) {
            int r = seq.firstRow() + i;
            assertThat(streaming.push(raw[r], x)).isTrue();
            assertThat(seq.x()[i]).containsExactly(x);
            assertThat(seq.y()[i]).isEqualTo(streaming.scaledTarget(raw[r + 1][2]));
            assertThat(seq.currentRaw()[i]).isEqualTo(raw[r][2]);
            assertThat(seq.nextRaw()[i]).isEqualTo(raw[r + 1][2]);
            assertThat(seq.invert(config, i, seq.y()[i])).isCloseTo(raw[r + 1][2], within(1e-4));
            assertThat(seq.invert(config, i, 0.3f)).isEqualTo(streaming.invert(0.3f));
        }
        streaming.push(raw[raw.length - 1], x);
        assertThat(seq.end()).isEqualTo(streaming.state());
    }

    /** Season 3, seasonal-diff: 2m - 1 = 5 rows of warm-up, F + 1 = 2 inputs, labels and inverse as streamed. */
    @Test
    void aSeasonalModelsExamplesStartAfterItsWarmUpAndMatchTheStream() {
        ModelConfig config =
                new ModelConfig(CellType.LSTM, 1, 4, 1, List.of("v"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 3);
        double[][] raw = new double[20][1];
        for (int t = 0; t < raw.length; t++) {
            raw[t][0] = 10 + t * 0.5 + 3 * Math.sin(2 * Math.PI * t / 3) + (t % 5) * 0.1;
        }
        Sequences seq = Sequences.of(config, raw);
        assertThat(seq.firstRow()).isEqualTo(5);
        assertThat(seq.size()).isEqualTo(20 - 1 - 5);
        SeriesScaler streaming = new SeriesScaler(config);
        float[] x = new float[2];
        for (int r = 0; r < 5; r++) {
            assertThat(streaming.push(raw[r], x)).as("warm-up row %d", r).isFalse();
        }
        for (int i = 0; i < seq.size(); i++) {
            int r = seq.firstRow() + i;
            assertThat(streaming.push(raw[r], x)).isTrue();
            assertThat(seq.x()[i]).containsExactly(x);
            assertThat(seq.base()[i]).isEqualTo(raw[r + 1 - 3][0]);
            assertThat(seq.y()[i]).isEqualTo(streaming.scaledTarget(raw[r + 1][0]));
            assertThat(seq.invert(config, i, seq.y()[i])).isCloseTo(raw[r + 1][0], within(1e-4));
            assertThat(seq.invert(config, i, 0.3f)).isEqualTo(streaming.invert(0.3f));
        }
    }

    @Test
    void withoutDifferencesEveryRowButTheLastIsAnExample() {
        ModelConfig config = SeriesScalerTest.one(Transform.NONE, 10);
        Sequences seq = Sequences.of(config, new double[][] {{1}, {2}, {4}});
        assertThat(seq.size()).isEqualTo(2);
        assertThat(seq.firstRow()).isZero();
        // after 1, 2: mean 1.5, std 0.5, so the label of 4 is 5
        assertThat(seq.y()[1]).isCloseTo(5f, within(1e-6f));
        assertThat(Sequences.of(config, new double[][] {{1}}).size()).isZero();
        assertThat(Sequences.of(config, new double[0][]).size()).isZero();
    }

    @Test
    void anUnusableRowIsNamed() {
        ModelConfig config = SeriesScalerTest.one(Transform.LOG_DIFF, 10);
        assertThatThrownBy(() -> Sequences.of(config, new double[][] {{1}, {2}, {0}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 2: feature 'v' must be > 0 for log-diff, found 0.0");
    }
}
