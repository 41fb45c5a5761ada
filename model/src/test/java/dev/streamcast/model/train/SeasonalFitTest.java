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
        // 12 quarterly values: 8 one-step errors, and the smallest form counts 2 weights + 4 states + σ = 7
        assertThat(SeasonalFit.fit(List.of(key(multiplicative(12))), 4, true)).isNull();
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
