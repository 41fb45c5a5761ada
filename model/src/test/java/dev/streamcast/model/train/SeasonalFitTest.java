package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.Smoothing;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeasonalFitTest {

    private static SmoothingFit.Key key(double[] y) {
        double scale = 0;
        for (int t = 1; t < y.length; t++) {
            scale += Math.abs(y[t] - y[t - 1]);
        }
        return new SmoothingFit.Key(y, y.length, new double[0], scale / (y.length - 1));
    }

    /** A quarterly series growing 3% a quarter with a season proportional to its level: ln v is the right form. */
    private static double[] multiplicative(int n) {
        Random r = new Random(5);
        double[] season = {1.1, 0.9, 1.2, 0.8};
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 10 * Math.exp(0.03 * t) * season[t % 4] * Math.exp(0.02 * r.nextGaussian());
        }
        return y;
    }

    /** A monthly series with a fixed level and an additive season: no trend, on v. */
    private static double[] flat(int n) {
        Random r = new Random(7);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 50 + 8 * Math.sin(2 * Math.PI * t / 12) + 2 * r.nextGaussian();
        }
        return y;
    }

    /**
     * The least-squares starting state is the minimum of the step's own sum of squared one-step errors: the same sum
     * when the step ({@code HoltWinters.begin}, then forecast and observe) runs from it, and no smaller sum when any
     * one state moves by ±0.01 (the seasonal terms in pairs, keeping Σ s = 0, ets's normalisation).
     */
    @Test
    void theStartingStatesAreTheLeastSquaresMinimumOfTheStepsOwnErrors() {
        double[] y = multiplicative(48);
        for (int t = 0; t < y.length; t++) {
            y[t] = Math.log(y[t]);
        }
        int m = 4;
        StartStates fitter = new StartStates(m, true);
        double[] x0 = new double[m + 2];
        double sse = fitter.fit(y, 0.3, 0.05, 0.2, x0);
        assertThat(sse).isFinite();
        assertThat(x0[2] + x0[3] + x0[4] + x0[5]).isCloseTo(0, within(1e-9));

        Smoothing p =
                new Smoothing(0.3, 0.05, 0.2, false, 0, 1, 0, java.util.Map.of()).withStart(new Smoothing.Start(0, x0));
        double[] state = new double[dev.streamcast.model.step.HoltWinters.stateSize(m)];
        dev.streamcast.model.step.HoltWinters.begin(state, m, p);
        double stepSse = 0;
        for (double v : y) {
            double e = v - dev.streamcast.model.step.HoltWinters.forecast(state, m, p, 1);
            stepSse += e * e;
            dev.streamcast.model.step.HoltWinters.observe(state, m, p, v);
        }
        assertThat(stepSse).isCloseTo(sse, within(1e-9 * sse));

        for (int i = 0; i < 3; i++) { // ℓ₀, b₀, and s₀ against s₁
            for (double d : new double[] {-0.01, 0.01}) {
                double[] moved = x0.clone();
                moved[i] += d;
                if (i == 2) {
                    moved[3] -= d;
                }
                assertThat(fitter.sse(y, 0.3, 0.05, 0.2, moved))
                        .as("state %d %+f", i, d)
                        .isGreaterThan(sse);
            }
        }
    }

    /** One training run fits the starting states once: the same rows again give the same fit, without refitting. */
    @Test
    void theMemoFitsTheSameRowsOnceAndOtherRowsAgain() {
        double[] y = flat(60);
        SeasonalFit.Memo memo = new SeasonalFit.Memo();
        Smoothing first = memo.fit(List.of(new SmoothingFit.Key("k", y, 54, new double[6], 1.0, 1000L)), 12, true);
        // another transform choice: another tail and network, the same rows
        Smoothing again =
                memo.fit(List.of(new SmoothingFit.Key("k", y.clone(), 50, new double[10], 2.0, 1000L)), 12, true);
        assertThat(again).isSameAs(first);
        assertThat(first.forKey("k").start()).isNotNull();
        double[] other = y.clone();
        other[59] += 1;
        assertThat(memo.fit(List.of(new SmoothingFit.Key("k", other, 54, new double[6], 1.0, 1000L)), 12, true))
                .isNotSameAs(first);
        assertThat(memo.fit(List.of(new SmoothingFit.Key("k", y, 54, new double[6], 1.0, 2000L)), 12, true)
                        .forKey("k")
                        .start()
                        .at())
                .isEqualTo(2000L);
    }

    @Test
    void fittedStartingStatesLowerTheLikelihoodAgainstTheFirstSeasonsStartAndTheStepStartsFromThem() {
        double[] y = flat(120);
        SmoothingFit.Key k = new SmoothingFit.Key("k", y, y.length, new double[0], 1.0, 1000L);
        Smoothing heuristic = SeasonalFit.fit(List.of(k), 12, true, false);
        Smoothing started = SeasonalFit.fit(List.of(k), 12, true, true);
        Smoothing own = started.forKey("k");
        assertThat(own.start()).isNotNull();
        assertThat(own.start().at()).isEqualTo(1000L);
        // -2 ln L over the same rows (all of them: the fitted start forecasts the first season too)
        double[] sse = new double[2];
        Smoothing[] sets = {heuristic, own};
        for (int i = 0; i < 2; i++) {
            double[] state = new double[dev.streamcast.model.step.HoltWinters.stateSize(12)];
            dev.streamcast.model.step.HoltWinters.begin(state, 12, sets[i]);
            for (int t = 0; t < y.length; t++) {
                double f = dev.streamcast.model.step.HoltWinters.forecast(state, 12, sets[i], 1);
                if (t >= 12) { // rows both forecast
                    sse[i] += (y[t] - f) * (y[t] - f);
                }
                dev.streamcast.model.step.HoltWinters.observe(state, 12, sets[i], y[t]);
            }
        }
        assertThat(sse[1]).isLessThan(sse[0]);
        assertThat(heuristic.forKey("k").start()).isNull();
    }

    @Test
    void aGrowingSeasonProportionalToTheLevelIsFittedOnLnVWithATrend() {
        Smoothing p = SeasonalFit.fit(List.of(key(multiplicative(80))), 4, true);
        assertThat(p.log()).isTrue();
        assertThat(p.beta()).isPositive();
    }

    @Test
    void aFlatSeasonalSeriesIsFittedWithoutATrendAndALevelThatBarelyMoves() {
        Smoothing p = SeasonalFit.fit(List.of(key(flat(200))), 12, true);
        assertThat(p.beta()).isZero();
        assertThat(p.alpha()).isLessThan(0.2);
    }

    @Test
    void theWeightsStayInEtsUsualRegionAndLogNeedsPositiveValues() {
        double[] y = flat(200);
        for (int t = 0; t < y.length; t++) {
            y[t] -= 50; // values <= 0
        }
        Smoothing p = SeasonalFit.fit(List.of(key(y)), 12, false);
        assertThat(p.log()).isFalse();
        assertThat(p.beta()).isBetween(0.0, p.alpha());
        assertThat(p.gamma()).isBetween(0.0, 1 - p.alpha());
    }

    @Test
    void tooFewErrorsToCountTheParametersGiveNoSmoothingSoTheNetworkServesAlone() {
        // 8 quarterly values: 8 one-step errors (the fitted starting states forecast the first season too), and the
        // smallest form counts 2 weights + 4 states + σ = 7
        assertThat(SeasonalFit.fit(List.of(key(multiplicative(8))), 4, true)).isNull();
        assertThat(SeasonalFit.fit(List.of(key(multiplicative(40))), 4, true)).isNotNull();
    }

    @Test
    void nelderMeadFindsTheMinimumOfRosenbrocksFunction() {
        NelderMead.Result r = NelderMead.minimise(
                x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2),
                new double[] {-1.2, 1},
                1e-8,
                1e-12,
                5000);
        assertThat(r.x()[0]).isCloseTo(1, within(1e-4));
        assertThat(r.x()[1]).isCloseTo(1, within(1e-4));
    }
}
