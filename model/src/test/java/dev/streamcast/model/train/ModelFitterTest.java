package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.eval.Scorer;
import dev.streamcast.model.interval.Calibration;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelFitterTest {
    private static final TrainConfig SMALL = new TrainConfig(8, 16, 8, 1e-2, 1.0, 0.0, 3, 2, 0.1, 7L);

    /** A positive monthly series: trend, a season of 12 whose swing grows with the level, noise. */
    static List<ModelFitter.KeyRows> seasonal(int n) {
        Random r = new Random(1);
        double[][] rows = new double[n][1];
        for (int t = 0; t < n; t++) {
            double level = 100 + 0.5 * t;
            rows[t][0] = level * (1 + 0.2 * Math.sin(2 * Math.PI * t / 12)) + r.nextGaussian();
        }
        return List.of(new ModelFitter.KeyRows("k", null, rows, n));
    }

    /**
     * A detected season is kept only when some key keeps k1 training steps under its warm-up of 2m - 1 rows, as
     * {@code trainable} counts them: issue 16's 57 training rows keep season 12 (33 examples, 30 steps), 48 and 49
     * rows do not (22 and 23 steps), 50 do (24).
     */
    @Test
    void aDetectedSeasonNeedsAKeyThatStillHasK1TrainingSteps() {
        assertThat(ModelFitter.trainableUnder(12, new int[] {57}, 24, 0.1)).isTrue();
        assertThat(ModelFitter.trainableUnder(12, new int[] {48}, 24, 0.1)).isFalse();
        assertThat(ModelFitter.trainableUnder(12, new int[] {49}, 24, 0.1)).isFalse();
        assertThat(ModelFitter.trainableUnder(12, new int[] {50}, 24, 0.1)).isTrue();
        assertThat(ModelFitter.trainableUnder(12, new int[] {10, 49, 57}, 24, 0.1))
                .isTrue();
    }

    @Test
    void anAutomaticTransformWithASeasonHasThreeChoicesOnPositiveData() {
        ModelFitter.Shape s = ModelFitter.shape(12, List.of(), null, List.of("value"), 0, seasonal(120), 8, 0.1);
        assertThat(s.choices()).containsExactly(Transform.SEASONAL_DIFF, Transform.DIFF, Transform.LOG_DIFF);
        assertThat(s.transforms()).containsExactly(Transform.SEASONAL_DIFF);
        assertThat(ModelFitter.shape(12, List.of(Transform.DIFF), null, List.of("value"), 0, seasonal(120), 8, 0.1)
                        .choices())
                .isEmpty();
        assertThat(ModelFitter.shape(1, List.of(), null, List.of("value"), 0, seasonal(120), 8, 0.1)
                        .choices())
                .isEmpty();
    }

    @Test
    void keepsTheChoiceWithTheLowestValidationMase() {
        List<ModelFitter.KeyRows> keys = seasonal(160);
        ModelConfig c = new ModelConfig(
                CellType.LSTM, 1, 8, 1, List.of("value"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 12);
        ModelFitter fitter = new ModelFitter(SMALL, Clock.systemUTC());
        ModelFitter.Fit fit = fitter.fit(
                c, List.of(Transform.SEASONAL_DIFF, Transform.DIFF, Transform.LOG_DIFF), keys, null, 1, "t", null);

        assertThat(fit.choices()).hasSize(3);
        ModelFitter.Choice best = fit.choices().get(0);
        for (ModelFitter.Choice ch : fit.choices()) {
            assertThat(ch.validationMase()).isFinite().isPositive();
            best = ch.validationMase() < best.validationMase() ? ch : best;
        }
        assertThat(fit.model().config().transforms()).containsExactly(best.transform());
        // each choice's score is that choice's own fit, scored again the same way
        ModelFitter.Fit alone = fitter.fit(c.withTransforms(List.of(best.transform())), keys, null, 1, "t", null);
        assertThat(fitter.validationMase(alone.model(), keys, c.warmup())).isEqualTo(best.validationMase());
    }

    @Test
    void eachTrainedKeyGetsTheMeanErrorOfTheServedForecastOverItsValidationTailAsItsStartingScale() {
        Random r = new Random(3);
        double[][] additive = new double[160][1]; // errors that do not grow with the level: absolute bands
        for (int t = 0; t < additive.length; t++) {
            additive[t][0] = 100 + 0.5 * t + 20 * Math.sin(2 * Math.PI * t / 12) + r.nextGaussian();
        }
        List<ModelFitter.KeyRows> keys = new java.util.ArrayList<>();
        keys.add(new ModelFitter.KeyRows("k", null, additive, additive.length));
        double[][] noisy = new double[160][1];
        for (int t = 0; t < noisy.length; t++) {
            noisy[t][0] = 50 + 10 * Math.sin(2 * Math.PI * t / 12) + 5 * r.nextGaussian();
        }
        keys.add(new ModelFitter.KeyRows("noisy", null, noisy, 150)); // rows after 150 are never looked at
        double[][] shortRows = new double[40][1];
        for (int t = 0; t < shortRows.length; t++) {
            shortRows[t][0] = 10 + t % 12;
        }
        keys.add(new ModelFitter.KeyRows("short", null, shortRows, 40)); // too short to train on
        ModelConfig c = new ModelConfig(
                CellType.LSTM, 1, 8, 1, List.of("value"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 12);
        Model m = new ModelFitter(SMALL, Clock.systemUTC())
                .fit(c, keys, null, 1, "t", null)
                .model();

        assertThat(m.relativeBands()).isFalse();
        assertThat(m.startScales().keySet()).containsExactlyInAnyOrder("k", "noisy");
        assertThat(m.startErrors()).isEmpty();
        for (ModelFitter.KeyRows k : keys.subList(0, 2)) {
            int v = ModelFitter.validationRows(k.end(), c.warmup(), SMALL.validationFraction());
            assertThat(v).isGreaterThanOrEqualTo(ModelFitter.MIN_START_ERRORS);
            // the streaming job's own run of the model (float, the served combination) over the same rows
            Scorer.Score served = Scorer.score(m, k.key(), java.util.Arrays.copyOf(k.rows(), k.end()), k.end() - v);
            assertThat(served.model().count()).isEqualTo(v);
            assertThat(m.startScale(k.key()))
                    .as(k.key())
                    .isCloseTo(served.model().mae(), withinPercentage(0.1));
        }
        assertThat(m.startScale("noisy")).isGreaterThan(2 * m.startScale("k")); // each key its own size
    }

    /**
     * A random walk: the gate serves naive, and the model file's starting calibration is then that of naive's errors
     * over the validation tail (rows [end - v, end)), the served forecast's, not the network's.
     */
    @Test
    void aModelThatServesNaiveStartsItsBandsFromNaivesValidationErrors() {
        Random r = new Random(5);
        double[][] rows = new double[1200][1];
        double v = 100;
        for (double[] row : rows) {
            v += r.nextGaussian();
            row[0] = v;
        }
        List<ModelFitter.KeyRows> keys = List.of(new ModelFitter.KeyRows("walk", null, rows, rows.length));
        ModelConfig c = new ModelConfig(CellType.LSTM, 1, 8, 1, List.of("value"), 0, List.of(Transform.DIFF), 1000, 1);
        ModelFitter.Fit fit = new ModelFitter(SMALL, Clock.systemUTC()).fit(c, keys, null, 1, "t", null);
        assertThat(fit.gate().outcome()).isEqualTo(NaiveGate.Outcome.NAIVE);
        assertThat(fit.training().calibration()).isNotEqualTo(fit.model().calibration()); // the network's

        int tail = ModelFitter.validationRows(rows.length, c.warmup(), SMALL.validationFraction());
        double[] errors = new double[tail];
        for (int t = rows.length - tail; t < rows.length; t++) {
            errors[t - rows.length + tail] = rows[t][0] - rows[t - 1][0];
        }
        assertThat(tail).isGreaterThanOrEqualTo(Calibration.MIN_RESIDUALS);
        assertThat(fit.model().calibration()).isEqualTo(Calibration.fromSeriesResiduals(new double[][] {errors}));
    }

    @Test
    void aMultiplicativeSeriesGetsRelativeBandsAndARelativeStartingScaleFromItsShortTail() {
        // quarterly, growing 3% a quarter, a season and noise proportional to the level (as johnsonjohnson): the
        // smoothing is fitted on ln y, so the bands are relative; 80 rows leave a validation tail of 7 errors
        Random r = new Random(11);
        double[][] rows = new double[80][1];
        for (int t = 0; t < rows.length; t++) {
            rows[t][0] =
                    5 * Math.exp(0.03 * t) * (1 + 0.25 * Math.sin(Math.PI * t / 2)) * (1 + 0.04 * r.nextGaussian());
        }
        ModelFitter.KeyRows k = new ModelFitter.KeyRows("k", null, rows, rows.length);
        ModelConfig c =
                new ModelConfig(CellType.LSTM, 1, 8, 1, List.of("value"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 4);
        Model m = new ModelFitter(SMALL, Clock.systemUTC())
                .fit(c, List.of(k), null, 1, "t", null)
                .model();

        assertThat(m.smoothing().log()).isTrue();
        assertThat(m.relativeBands()).isTrue();
        int v = ModelFitter.validationRows(k.end(), c.warmup(), SMALL.validationFraction());
        assertThat(v).isLessThan(ModelFitter.MIN_START_ERRORS).isPositive();
        assertThat(m.startErrors("k")).isEqualTo(v);
        // the mean of |y - ŷ|/|ŷ| of the forecast as served over the tail, each from the streaming job's own run over
        // the rows up to it (one scored point: |e| is its MAE, |y| + |ŷ| = 200|e|/sMAPE)
        double sum = 0;
        for (int t = k.end() - v; t < k.end(); t++) {
            Scorer.Score one = Scorer.score(m, "k", java.util.Arrays.copyOf(rows, t + 1), t);
            double e = one.model().mae();
            sum += e / (200 * e / one.model().smape() - rows[t][0]);
        }
        assertThat(m.startScale("k")).isCloseTo(sum / v, withinPercentage(0.1));
        assertThat(m.startScale("k")).isBetween(0.01, 0.2); // a fraction of the level, not original units
    }

    @Test
    void anAdditiveSeriesKeepsAbsoluteBandsAndNoScaleFromATailShorterThanTheWarmUp() {
        double[][] rows = new double[80][1];
        Random r = new Random(11);
        for (int t = 0; t < rows.length; t++) {
            rows[t][0] = 50 + 0.1 * t + 5 * Math.sin(Math.PI * t / 2) + r.nextGaussian();
        }
        ModelConfig c =
                new ModelConfig(CellType.LSTM, 1, 8, 1, List.of("value"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 4);
        Model m = new ModelFitter(SMALL, Clock.systemUTC())
                .fit(c, List.of(new ModelFitter.KeyRows("k", null, rows, rows.length)), null, 1, "t", null)
                .model();

        assertThat(m.smoothing().log()).isFalse();
        assertThat(m.relativeBands()).isFalse();
        assertThat(m.startScales()).isEmpty(); // 7 tail errors: an absolute scale needs the warm-up's 10
        assertThat(m.startErrors()).isEmpty();
    }

    @Test
    void aWarmStartKeepsItsShape() {
        List<ModelFitter.KeyRows> keys = seasonal(160);
        ModelConfig c = new ModelConfig(
                CellType.LSTM, 1, 8, 1, List.of("value"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 12);
        ModelFitter fitter = new ModelFitter(SMALL, Clock.systemUTC());
        ModelFitter.Fit first = fitter.fit(c, keys, null, 1, "t", null);
        ModelFitter.Fit warm = fitter.fit(
                c,
                List.of(Transform.SEASONAL_DIFF, Transform.DIFF),
                keys,
                first.model().weights(),
                2,
                "t",
                null);
        assertThat(warm.choices()).isEmpty();
        assertThat(warm.model().config()).isEqualTo(c);
    }
}
