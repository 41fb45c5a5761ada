package dev.streamcast.model.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.sun.management.ThreadMXBean;
import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeriesScalerTest {

    private static final double EPS = 1e-6;

    static ModelConfig one(Transform t, int window) {
        return new ModelConfig(
                CellType.LSTM, 1, 4, 1, List.of("v"), 0, List.of(t), window, t == Transform.SEASONAL_DIFF ? 4 : 1);
    }

    static ModelConfig three(int window) {
        return new ModelConfig(
                CellType.GRU,
                3,
                4,
                1,
                List.of("level", "change", "price"),
                2,
                List.of(Transform.NONE, Transform.DIFF, Transform.LOG_DIFF),
                window);
    }

    private static float push(SeriesScaler s, double v) {
        float[] x = new float[1];
        assertThat(s.push(new double[] {v}, x)).isTrue();
        return x[0];
    }

    @Test
    void noneScalesWithExactMeanAndPopulationStd() {
        SeriesScaler s = new SeriesScaler(one(Transform.NONE, 1000));
        assertThat(push(s, 1)).isEqualTo(0f); // n = 1: x = u - mean = 0, std = 1
        assertThat(push(s, 2)).isCloseTo(1f, within(1e-6f)); // mean 1.5, std 0.5
        // 1, 2, 4: mean 7/3, population variance 14/9
        assertThat(push(s, 4)).isCloseTo((float) (5 / Math.sqrt(14)), within(1e-6f));
        assertThat(s.mean(0)).isCloseTo(7.0 / 3, within(EPS));
        assertThat(s.std(0)).isCloseTo(Math.sqrt(14.0 / 9), within(EPS));
        assertThat(s.scaledTarget(5)).isCloseTo((float) (8 / Math.sqrt(14)), within(1e-6f));
        assertThat(s.invert(0f)).isCloseTo(7.0 / 3, within(EPS));
    }

    @Test
    void diffSkipsFirstObservationAndScalesDifferences() {
        SeriesScaler s = new SeriesScaler(one(Transform.DIFF, 1000));
        assertThat(s.push(new double[] {10}, new float[1])).isFalse();
        assertThat(s.state().count).isZero();
        assertThat(push(s, 12)).isEqualTo(0f); // u = 2
        assertThat(push(s, 11)).isCloseTo(-1f, within(1e-6f)); // u = -1: mean 0.5, std 1.5
        // u = 2, -1, 4: mean 5/3, population variance 114/27
        assertThat(push(s, 15)).isCloseTo((float) ((7.0 / 3) / Math.sqrt(114.0 / 27)), within(1e-6f));
        assertThat(s.invert(0f)).isCloseTo(15 + 5.0 / 3, within(EPS));
        assertThat(s.scaledTarget(15 + 5.0 / 3)).isCloseTo(0f, within(1e-6f));
    }

    @Test
    void logDiffScalesLogReturns() {
        SeriesScaler s = new SeriesScaler(one(Transform.LOG_DIFF, 1000));
        assertThat(s.push(new double[] {100}, new float[1])).isFalse();
        assertThat(push(s, 110)).isEqualTo(0f);
        assertThat(push(s, 99)).isCloseTo(-1f, within(1e-6f)); // two values: x = ±1
        double mean = (Math.log(1.1) + Math.log(0.9)) / 2;
        assertThat(s.mean(0)).isCloseTo(mean, within(1e-12));
        assertThat(s.std(0)).isCloseTo((Math.log(1.1) - Math.log(0.9)) / 2, within(1e-12));
        assertThat(s.invert(0f)).isCloseTo(99 * Math.exp(mean), within(1e-9));
    }

    @Test
    void seasonalDifferenceAndSeasonalLagByHand() {
        // m = 2: u_t = v_t - v_{t-2}; the lag input is u_{t+1-m} = u_{t-1}; inputs from row warmup = 2 + 1 = 3
        ModelConfig c =
                new ModelConfig(CellType.LSTM, 1, 4, 1, List.of("v"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 2);
        assertThat(c.warmup()).isEqualTo(3);
        assertThat(c.networkInputSize()).isEqualTo(2);
        SeriesScaler s = new SeriesScaler(c);
        float[] x = new float[2];
        assertThat(s.push(new double[] {10}, x)).isFalse();
        assertThat(s.invert(0f)).isEqualTo(10); // warm-up: the last value
        assertThat(s.push(new double[] {20}, x)).isFalse();
        assertThat(s.push(new double[] {13}, x)).isFalse(); // u = 13 - 10 = 3: mean 3, var 0; no lag yet
        assertThat(s.mean(0)).isEqualTo(3);
        assertThat(s.push(new double[] {24}, x)).isTrue(); // u = 24 - 20 = 4: n = 2, mean 3.5, var 0.25, std 0.5
        assertThat(s.mean(0)).isEqualTo(3.5);
        assertThat(s.std(0)).isEqualTo(0.5);
        assertThat(x[0]).isEqualTo(1f); // (4 - 3.5) / 0.5
        assertThat(x[1]).isEqualTo(-1f); // the lag u_{t-1} = 3: (3 - 3.5) / 0.5
        assertThat(s.base()).isEqualTo(13); // the next value is forecast relative to v_{t+1-m} = 13
        assertThat(s.invert(0f)).isEqualTo(16.5); // 13 + 3.5
        assertThat(s.scaledTarget(15)).isEqualTo(-3f); // (15 - 13 - 3.5) / 0.5
        assertThat(s.push(new double[] {15}, x)).isTrue(); // u = 15 - 13 = 2; lag u_{t-1} = 4
        assertThat(s.base()).isEqualTo(24);
        double mean = 3.5 + (2 - 3.5) / 3;
        assertThat(x[1]).isCloseTo((float) ((4 - mean) / s.std(0)), within(1e-6f));
    }

    @Test
    void invertUndoesScaledTargetForEveryTransform() {
        for (Transform t : Transform.values()) {
            SeriesScaler s = new SeriesScaler(one(t, 20));
            Random rnd = new Random(7);
            double v = 100;
            float[] x = new float[s.config().networkInputSize()];
            s.push(new double[] {v}, x);
            for (int i = 0; i < 200; i++) {
                double next = v * Math.exp(0.05 * rnd.nextGaussian());
                assertThat(s.invert(s.scaledTarget(next)))
                        .as("%s step %d", t, i)
                        .isCloseTo(next, within(1e-5 * next));
                s.push(new double[] {next}, x);
                v = next;
            }
        }
    }

    @Test
    void statisticsAreExactAveragesUpToTheWindow() {
        int window = 50;
        SeriesScaler s = new SeriesScaler(one(Transform.NONE, window));
        Random rnd = new Random(1);
        double[] u = new double[window];
        for (int n = 1; n <= window; n++) {
            u[n - 1] = 5 + 3 * rnd.nextGaussian();
            push(s, u[n - 1]);
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += u[i] / n;
            }
            double var = 0;
            for (int i = 0; i < n; i++) {
                var += (u[i] - mean) * (u[i] - mean) / n;
            }
            assertThat(s.state().mean[0]).isCloseTo(mean, within(1e-9));
            assertThat(s.state().var[0]).isCloseTo(var, within(1e-9));
        }
    }

    @Test
    void statisticsAreExponentiallyWeightedAfterTheWindow() {
        int window = 10;
        int total = 60;
        SeriesScaler s = new SeriesScaler(one(Transform.NONE, window));
        Random rnd = new Random(2);
        double[] u = new double[total];
        for (int i = 0; i < total; i++) {
            u[i] = rnd.nextGaussian() + (i > 30 ? 4 : 0);
            push(s, u[i]);
        }
        // weights: the first window points share (1-α)^(total-window) equally, later point i has α(1-α)^(total-1-i)
        double a = 1.0 / window;
        double[] w = new double[total];
        for (int i = 0; i < total; i++) {
            w[i] = i < window ? Math.pow(1 - a, total - window) / window : a * Math.pow(1 - a, total - 1 - i);
        }
        double mean = 0;
        double sum = 0;
        for (int i = 0; i < total; i++) {
            mean += w[i] * u[i];
            sum += w[i];
        }
        double var = 0;
        for (int i = 0; i < total; i++) {
            var += w[i] * (u[i] - mean) * (u[i] - mean);
        }
        assertThat(sum).isCloseTo(1, within(1e-12));
        assertThat(s.state().mean[0]).isCloseTo(mean, within(1e-9));
        assertThat(s.state().var[0]).isCloseTo(var, within(1e-9));
    }

    @Test
    void aFeatureWithNoSpreadYetIsScaledWithOneNotTheFloor() {
        SeriesScaler s = new SeriesScaler(one(Transform.NONE, 100));
        for (int i = 0; i < 5; i++) {
            assertThat(push(s, 3)).isEqualTo(0f);
        }
        assertThat(s.std(0)).isEqualTo(1.0);
        assertThat(s.scaledTarget(3)).isEqualTo(0f);
        assertThat(s.scaledTarget(5)).isEqualTo(2f); // the first change: (5 - 3) / 1, not 2e6
        push(s, 3 + 1e-9); // once the values differ, the spread is theirs, floored
        assertThat(s.std(0)).isCloseTo(3 * SeriesScaler.STD_FLOOR_REL, within(1e-12));
    }

    /** Counts 0, 0, 0, ... then changes: every input and label stays bounded, whatever comes before the change. */
    @ParameterizedTest
    @ValueSource(strings = {"start", "middle", "end", "constant"})
    void constantStretchesKeepInputsAndLabelsBounded(String where) {
        int n = 3000;
        double[][] raw = new double[n][1];
        Random r = new Random(3);
        for (int t = 0; t < n; t++) {
            double count = Math.round(5 + 3 * Math.sin(t * 0.9) + r.nextGaussian());
            boolean flat = switch (where) {
                case "start" -> t < 50;
                case "middle" -> t >= 500 && t < 2500; // 2000 steps: the spread decays by e^-20 with W = 100
                case "end" -> t >= 2000;
                default -> true;
            };
            raw[t][0] = flat ? 0 : count;
        }
        for (Transform tr : new Transform[] {Transform.DIFF, Transform.NONE}) {
            Sequences seq = Sequences.of(one(tr, 100), raw);
            double bound = Math.sqrt(100);
            for (int i = 0; i < seq.size(); i++) {
                assertThat(Math.abs(seq.x()[i][0]))
                        .as(where + " " + tr + " x[" + i + "]")
                        .isLessThanOrEqualTo((float) bound);
                assertThat(Math.abs(seq.y()[i]))
                        .as(where + " " + tr + " y[" + i + "]")
                        .isLessThanOrEqualTo((float) SeriesScaler.LABEL_BOUND);
                if (Math.abs(seq.y()[i]) < SeriesScaler.LABEL_BOUND) { // an uncut label maps back to the next value
                    double f = seq.invert(one(tr, 100), i, seq.y()[i]);
                    assertThat(f)
                            .as(where + " " + tr + " inverted label " + i)
                            .isCloseTo(seq.nextRaw()[i], within(1e-3));
                }
            }
        }
    }

    @Test
    void afterAFlatStartTheFirstChangeIsALabelInTheDataUnits() {
        double[][] raw = {{0}, {0}, {0}, {4}, {1}};
        Sequences seq = Sequences.of(one(Transform.DIFF, 100), raw);
        // examples at rows 1, 2, 3: labels 0 (0 after 0), 4 (a change of 4, spread 1), then a normal scaled value
        assertThat(seq.y()[0]).isEqualTo(0f);
        assertThat(seq.y()[1]).isEqualTo(4f);
        assertThat(Math.abs(seq.y()[2])).isLessThan(3f);
    }

    @Test
    void checkNamesTheUnusableValue() {
        SeriesScaler s = new SeriesScaler(three(100));
        assertThat(s.check(new double[] {1, 2, 3})).isNull();
        assertThat(s.check(new double[] {1, 2})).isEqualTo("expected F = 3 values, found 2");
        assertThat(s.check(new double[] {1, Double.NaN, 3})).isEqualTo("feature 'change' is not finite: NaN");
        assertThat(s.check(new double[] {Double.POSITIVE_INFINITY, 2, 3}))
                .isEqualTo("feature 'level' is not finite: Infinity");
        assertThat(s.check(new double[] {1, 2, 0})).isEqualTo("feature 'price' must be > 0 for log-diff, found 0.0");
        assertThat(s.check(new double[] {1, 2, -5})).contains("'price' must be > 0");
        s.push(new double[] {1, -1e308, 3}, new float[3]);
        assertThat(s.check(new double[] {1, 1e308, 3})).contains("'change': DIFF of 1.0E308 after -1.0E308");
    }

    @Test
    void pushRefusesAnUnusableObservationAndKeepsTheState() {
        SeriesScaler s = new SeriesScaler(three(100));
        float[] x = new float[3];
        s.push(new double[] {1, 2, 3}, x);
        s.push(new double[] {2, 3, 4}, x);
        ScalerState before = copy(s.state());
        assertThatThrownBy(() -> s.push(new double[] {1, 2, -1}, x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unusable observation: feature 'price' must be > 0 for log-diff, found -1.0");
        assertThat(s.state()).isEqualTo(before);
    }

    @Test
    void multivariateInputAppliesEachFeaturesTransform() {
        SeriesScaler s = new SeriesScaler(three(100));
        float[] x = new float[3];
        assertThat(s.push(new double[] {5, 1, 100}, x)).isFalse();
        assertThat(s.push(new double[] {6, 3, 110}, x)).isTrue();
        assertThat(s.push(new double[] {8, 2, 99}, x)).isTrue();
        // level (NONE) 6, 8 -> mean 7; change (DIFF) 2, -1 -> mean 0.5; price (LOG_DIFF) ln 1.1, ln 0.9
        assertThat(s.mean(0)).isCloseTo(7, within(EPS));
        assertThat(s.mean(1)).isCloseTo(0.5, within(EPS));
        assertThat(s.mean(2)).isCloseTo((Math.log(1.1) + Math.log(0.9)) / 2, within(1e-12));
        assertThat(x).containsExactly(new float[] {1f, -1f, -1f}, within(1e-6f));
        assertThat(s.invert(0f)).isCloseTo(99 * Math.exp(s.mean(2)), within(1e-9));
    }

    @Test
    void copiedStateContinuesIdentically() {
        SeriesScaler a = new SeriesScaler(three(4));
        float[] xa = new float[3];
        float[] xb = new float[3];
        Random rnd = new Random(3);
        for (int i = 0; i < 9; i++) {
            a.push(new double[] {rnd.nextGaussian(), rnd.nextGaussian(), 50 + rnd.nextDouble()}, xa);
        }
        ScalerState copied = copy(a.state());
        assertThat(copied).isEqualTo(a.state());
        SeriesScaler b = new SeriesScaler(three(4), copied);
        for (int i = 0; i < 5; i++) {
            double[] raw = {rnd.nextGaussian(), rnd.nextGaussian(), 50 + rnd.nextDouble()};
            a.push(raw, xa);
            b.push(raw, xb);
            assertThat(xb).containsExactly(xa);
        }
        ScalerState copy = copy(a.state());
        assertThat(copy).isEqualTo(a.state());
        copy.reset();
        assertThat(copy).isEqualTo(new ScalerState(3));
    }

    @Test
    void useBindsAnotherSeriesStateWithoutCopying() {
        SeriesScaler s = new SeriesScaler(one(Transform.DIFF, 10));
        ScalerState other = new ScalerState(1);
        s.use(other);
        s.push(new double[] {4}, new float[1]);
        assertThat(other.hasPrevious).isTrue();
        assertThat(other.last[0]).isEqualTo(4);
        assertThatThrownBy(() -> s.use(new ScalerState(2)))
                .hasMessage("scaler state must have F = 1 features and season m = 1, found F = 2, m = 1");
    }

    @Test
    void pushAllocatesNothing() {
        assertPushAllocatesNothing(three(100));
    }

    /** The same with a season (seasonal-diff target, the rings and the lag input). */
    @Test
    void seasonalPushAllocatesNothing() {
        assertPushAllocatesNothing(new ModelConfig(
                CellType.GRU,
                3,
                4,
                1,
                List.of("level", "change", "price"),
                2,
                List.of(Transform.NONE, Transform.DIFF, Transform.SEASONAL_DIFF),
                100,
                24));
    }

    private static void assertPushAllocatesNothing(ModelConfig config) {
        var mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        SeriesScaler s = new SeriesScaler(config);
        double[] raw = {1, 2, 3};
        float[] x = new float[config.networkInputSize()];
        for (int i = 0; i < 200_000; i++) {
            raw[1] = i % 7;
            raw[2] = 3 + (i % 5);
            s.push(raw, x);
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            raw[1] = i % 7;
            raw[2] = 3 + (i % 5);
            s.push(raw, x);
        }
        long after = mx.getThreadAllocatedBytes(tid);
        assertThat(after - before).as("bytes allocated by 100k pushes").isLessThan(1000);
    }

    /** A deep copy, field by field (what Flink's POJO serializer does with a state between snapshot and restore). */
    private static ScalerState copy(ScalerState s) {
        ScalerState c = new ScalerState();
        c.count = s.count;
        c.hasPrevious = s.hasPrevious;
        c.last = s.last.clone();
        c.mean = s.mean.clone();
        c.var = s.var.clone();
        c.hist = s.hist.clone();
        c.lags = s.lags.clone();
        c.seen = s.seen;
        c.lagCount = s.lagCount;
        return c;
    }
}
