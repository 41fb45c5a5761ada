package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.interval.Calibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TrainerTest {
    private static final ModelConfig LSTM = ModelConfig.univariate(CellType.LSTM, 8, 2, Transform.NONE);
    private static final TrainConfig SMALL = new TrainConfig(10, 20, 4, 1e-2, 1.0, 1e-4, 3, 5, 0.2, 3L);

    static List<TrainSeries> noisySine(int count, int length, long seed) {
        Random rnd = new Random(seed);
        List<TrainSeries> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double phase = rnd.nextDouble() * 24;
            float[] v = new float[length + 1];
            for (int t = 0; t <= length; t++) {
                v[t] = (float) (Math.sin(2 * Math.PI * (t + phase) / 24) + 0.1 * rnd.nextGaussian());
            }
            float[][] x = new float[length][];
            float[] y = new float[length];
            for (int t = 0; t < length; t++) {
                x[t] = new float[] {v[t]};
                y[t] = v[t + 1];
            }
            out.add(new TrainSeries(x, y));
        }
        return out;
    }

    @Test
    void sameSeedAndDataGiveBitIdenticalWeights() {
        List<TrainSeries> data = noisySine(3, 200, 1);
        Weights a =
                new Trainer(LSTM, SMALL, DataType.FLOAT).fit(data, null, null).weights();
        Weights b =
                new Trainer(LSTM, SMALL, DataType.FLOAT).fit(data, null, null).weights();
        Weights c = new Trainer(LSTM, SMALL.withSeed(4), DataType.FLOAT)
                .fit(data, null, null)
                .weights();
        assertArrayEquals(a.toFlat(), b.toFlat());
        assertThat(c.toFlat()).isNotEqualTo(a.toFlat());
    }

    @Test
    void warmStartBeginsFromTheGivenWeights() {
        List<TrainSeries> data = noisySine(2, 200, 2);
        Weights warm = new Trainer(LSTM, SMALL.withSeed(99), DataType.DOUBLE)
                .fit(data, null, null)
                .weights();
        TrainConfig tiny = new TrainConfig(10, 20, 4, 1e-12, 0.0, 0.0, 1, 1, 0.2, 3L);
        TrainResult r = new Trainer(LSTM, tiny, DataType.DOUBLE).fit(data, warm, null);
        assertArrayEquals(warm.toFlat(), r.weights().toFlat(), 1e-9f);
        assertThat(r.epochs()).isEqualTo(1);
    }

    @Test
    void absurdLearningRateOrInfiniteDataSetDivergedWithoutThrowing() {
        List<TrainSeries> data = noisySine(2, 200, 3);
        data.get(0).y()[150] = Float.POSITIVE_INFINITY;
        TrainResult inf = new Trainer(LSTM, SMALL, DataType.FLOAT).fit(data, null, null);
        assertThat(inf.diverged()).isTrue();

        List<TrainSeries> huge = noisySine(2, 200, 3);
        for (TrainSeries s : huge) {
            for (int t = 0; t < s.length(); t++) {
                s.y()[t] *= 1e5f;
            }
        }
        TrainConfig wild = new TrainConfig(10, 20, 4, 1.0, 0.0, 0.0, 20, 20, 0.2, 3L);
        TrainResult r = new Trainer(ModelConfig.univariate(CellType.RNN, 8, 1, Transform.NONE), wild, DataType.FLOAT)
                .fit(huge, null, null);
        assertThat(r.diverged()).isTrue();
        assertThat(r.epochs()).isLessThan(20);
    }

    @Test
    void trainingLowersTheValidationLossAndReportsEveryEpoch() {
        List<Integer> seen = new ArrayList<>();
        TrainResult r = new Trainer(LSTM, SMALL.withMaxEpochs(6), DataType.FLOAT)
                .fit(noisySine(4, 300, 5), null, (e, tl, vl, el) -> seen.add(e));
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(r.diverged()).isFalse();
        assertThat(r.bestLoss()).isLessThan(r.validationLoss()[0]);
    }

    @Test
    void theStartingCalibrationIsMadeFromTheValidationResidualsOfTheKeptWeights() {
        List<TrainSeries> data = noisySine(4, 300, 5);
        TrainResult r = new Trainer(LSTM, SMALL.withMaxEpochs(6), DataType.FLOAT).fit(data, null, null);
        Params p = new Params(LSTM, DataType.FLOAT);
        p.set(r.weights());
        int[] trainLengths = {240, 240, 240, 240};
        int segment = Segments.length(SMALL.k1(), SMALL.k2(), 240);
        double[][] residuals =
                Evaluator.validationResiduals(new Network(p), data, trainLengths, segment, SMALL.batchSize());
        assertThat(Arrays.stream(residuals).mapToInt(a -> a.length)).containsOnly(60);
        double mse = Arrays.stream(residuals)
                .flatMapToDouble(Arrays::stream)
                .map(e -> e * e)
                .average()
                .orElseThrow();
        assertThat(mse).as("the residuals are the validation loss's errors").isCloseTo(r.bestLoss(), within(1e-6));
        assertThat(r.calibration()).isEqualTo(Calibration.fromSeriesResiduals(residuals));
        assertThat(r.calibration()).isNotEqualTo(Calibration.GAUSSIAN);
        assertThat(r.calibration().quantile(0.1)).isNegative();
        assertThat(r.calibration().quantile(0.9)).isPositive();
    }

    @Test
    void seriesOfUnequalLengthTrainTogetherAndTooShortOnesAreLeftOut() {
        List<TrainSeries> data = new ArrayList<>(noisySine(1, 500, 6));
        data.addAll(noisySine(1, 260, 7));
        data.addAll(noisySine(1, 9, 8)); // training part 8 < k1 = 10: left out
        TrainResult r = new Trainer(LSTM, SMALL, DataType.FLOAT).fit(data, null, null);
        assertThat(r.diverged()).isFalse();
        assertThat(Arrays.stream(r.validationLoss()).allMatch(Double::isFinite)).isTrue();
    }

    @Test
    void badInputIsRefusedWithAMessageNamingIt() {
        List<TrainSeries> wrongF = List.of(new TrainSeries(new float[][] {{1f, 2f}}, new float[] {1f}));
        Assertions.assertThatThrownBy(() -> new Trainer(LSTM, SMALL, DataType.FLOAT).fit(wrongF, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("series 0 step 0: expected 1 network inputs, found 2");
        Assertions.assertThatThrownBy(
                        () -> new Trainer(LSTM, SMALL, DataType.FLOAT).fit(noisySine(1, 5, 1), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no training part has at least k1 = 10 steps");
        Assertions.assertThatThrownBy(() -> new Trainer(LSTM, SMALL, DataType.INT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataType must be FLOAT or DOUBLE, found INT");
        Assertions.assertThatThrownBy(() -> new TrainSeries(new float[2][1], new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found x: 2, y: 3");
    }
}
