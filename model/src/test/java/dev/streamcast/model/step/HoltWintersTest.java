package dev.streamcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.Smoothing;
import org.junit.jupiter.api.Test;

class HoltWintersTest {
    private static final double[] Y = {10, 12, 14, 11, 13, 15, 17, 14, 16, 18, 20, 17};

    /**
     * One-step forecasts of Y (made before each value is taken), from the reference recursion in Python
     * (FPP3 ch. 8.3, component form, first season's mean as the level, zero trend), pasted here.
     */
    private static final double[] SEASONAL = {
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        10.0,
        12.989999999999998,
        15.743299999999996,
        13.308310999999996,
        13.144569369999996,
        16.1570131479,
        18.954151397993,
        16.569884091118308
    };

    private static final double[] SEASONAL_LOG = {
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        10.000000000000002,
        13.085265904035655,
        16.096057534279506,
        13.0320407964291,
        12.757025056738016,
        16.465958092670938,
        20.00381996952211,
        16.15618725890885
    };

    private static final double[] HOLT = {
        Double.NaN,
        10.0,
        11.2,
        13.08,
        12.312,
        12.996799999999999,
        14.53952,
        16.556928,
        15.809939199999999,
        16.45545088,
        17.932661632000002,
        19.878000844800003
    };

    /**
     * Holt pulled toward a slow mean (α 0.5, β 0.1, ψ 0.6, κ 0.1), from the recursion of the class comment in Python
     * (f = μ + ψ(ℓ + b - μ); ℓ = α y + (1 - α) f; b = β(ℓ - ℓ') + (1 - β) b; μ = μ + κ(y - μ); ℓ = μ = y_1), pasted
     * here.
     */
    private static final double[] TWO_SPEED = {
        Double.NaN,
        10.0,
        10.74,
        11.7902,
        11.149946,
        11.68737358,
        12.6804857034,
        13.880785341182001,
        13.349220258633862,
        13.97530531576505,
        15.044859460800852,
        16.312585542055533
    };

    private static void assertForecasts(int m, Smoothing p, double[] expected) {
        double[] s = new double[HoltWinters.stateSize(m)];
        HoltWinters.reset(s, p);
        for (int t = 0; t < Y.length; t++) {
            double f = HoltWinters.forecast(s, m, p, 1);
            if (Double.isNaN(expected[t])) {
                assertThat(f).as("forecast %d", t).isNaN();
            } else {
                assertThat(f).as("forecast %d", t).isCloseTo(expected[t], within(1e-9));
            }
            HoltWinters.observe(s, m, p, Y[t]);
        }
    }

    @Test
    void additiveSeasonalMatchesTheReferenceRecursion() {
        assertForecasts(4, new Smoothing(0.3, 0.1, 0.2, false, 0.5), SEASONAL);
    }

    @Test
    void onLogsItIsTheSameRecursionOnLnV() {
        assertForecasts(4, new Smoothing(0.3, 0.1, 0.2, true, 0.5), SEASONAL_LOG);
    }

    @Test
    void withoutASeasonItIsHoltsLinearTrend() {
        assertForecasts(1, new Smoothing(0.5, 0.2, 0, false, 0.5), HOLT);
    }

    @Test
    void withoutASeasonTheForecastIsPulledTowardTheSlowMeanByPsi() {
        Smoothing p = new Smoothing(0.5, 0.1, 0, false, 0.5, 0.6, 0.1, java.util.Map.of());
        assertForecasts(1, p, TWO_SPEED);
        double[] s = new double[HoltWinters.stateSize(1)];
        HoltWinters.reset(s, p);
        for (double y : Y) {
            HoltWinters.observe(s, 1, p, y);
        }
        // h steps ahead the pull is ψ^h: μ + ψ^3 (ℓ + 3b - μ), from the same Python recursion
        assertThat(HoltWinters.forecast(s, 1, p, 3)).isCloseTo(14.854212089149337, within(1e-9));
    }

    @Test
    void withoutTrendOrSeasonItIsSimpleExponentialSmoothing() {
        Smoothing p = new Smoothing(0.3, 0, 0, false, 0.5);
        double[] s = new double[HoltWinters.stateSize(1)];
        HoltWinters.reset(s, p);
        double level = Double.NaN; // ℓ_t = α y_t + (1 - α) ℓ_{t-1}, ℓ_1 = y_1 (as eval.Ses, which step must not import)
        for (double y : Y) {
            HoltWinters.observe(s, 1, p, y);
            level = Double.isNaN(level) ? y : 0.3 * y + 0.7 * level;
            assertThat(HoltWinters.forecast(s, 1, p, 1)).isCloseTo(level, within(1e-12));
        }
    }

    @Test
    void anHStepForecastAddsHTrendsAndTheSeasonalTermOfItsStep() {
        Smoothing p = new Smoothing(0.3, 0.1, 0.2, false, 0.5);
        double[] s = new double[HoltWinters.stateSize(4)];
        HoltWinters.reset(s, p);
        for (double y : Y) {
            HoltWinters.observe(s, 4, p, y);
        }
        double l = s[HoltWinters.LEVEL];
        double b = s[HoltWinters.TREND];
        for (int h = 1; h <= 9; h++) {
            double season = s[HoltWinters.SEASON + (Y.length + h - 1) % 4];
            assertThat(HoltWinters.forecast(s, 4, p, h)).isCloseTo(l + h * b + season, within(1e-12));
        }
    }

    @Test
    void aValueWithoutALogarithmOrNotFiniteIsNotTaken() {
        Smoothing p = new Smoothing(0.3, 0.1, 0.2, true, 0.5);
        double[] s = new double[HoltWinters.stateSize(4)];
        HoltWinters.reset(s, p);
        for (double y : Y) {
            HoltWinters.observe(s, 4, p, y);
        }
        double[] before = s.clone();
        HoltWinters.observe(s, 4, p, 0);
        HoltWinters.observe(s, 4, p, -3);
        HoltWinters.observe(s, 4, p, Double.NaN);
        HoltWinters.observe(s, 4, p, Double.POSITIVE_INFINITY);
        assertThat(s).containsExactly(before);
    }

    @Test
    void aStateInOtherUnitsOrForAnotherSeasonDoesNotFit() {
        Smoothing lin = new Smoothing(0.3, 0.1, 0.2, false, 0.5);
        Smoothing log = new Smoothing(0.3, 0.1, 0.2, true, 0.5);
        double[] s = new double[HoltWinters.stateSize(4)];
        HoltWinters.reset(s, lin);
        assertThat(HoltWinters.fits(s, 4, lin)).isTrue();
        assertThat(HoltWinters.fits(s, 4, log)).isFalse();
        assertThat(HoltWinters.fits(s, 12, lin)).isFalse();
        assertThat(HoltWinters.fits(null, 4, lin)).isFalse();
    }

    @Test
    void theCombinationIsTheNetworksAloneUntilTheSmoothingHasAForecast() {
        Smoothing p = new Smoothing(0.3, 0.1, 0.2, false, 0.7);
        assertThat(HoltWinters.combine(10, 20, p)).isCloseTo(13, within(1e-12));
        assertThat(HoltWinters.combine(10, Double.NaN, p)).isEqualTo(10);
    }
}
