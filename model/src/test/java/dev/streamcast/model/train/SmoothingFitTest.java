package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.Smoothing;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmoothingFitTest {

    /** Level 50, trend 0.1, a season of 12 of amplitude 5, noise 0.3: Holt-Winters' own kind of series. */
    private static double[] seasonal(int n) {
        Random r = new Random(3);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = 50 + 0.1 * t + 5 * Math.sin(2 * Math.PI * t / 12) + 0.3 * r.nextGaussian();
        }
        return y;
    }

    private static SmoothingFit.Key key(double[] y, int tail, double[] network) {
        double scale = 0;
        for (int t = 1; t < y.length; t++) {
            scale += Math.abs(y[t] - y[t - 1]);
        }
        return new SmoothingFit.Key(y, tail, network, scale / (y.length - 1));
    }

    @Test
    void aUselessNetworkGetsWeightZeroAndAPerfectOneWeightOne() {
        double[] y = seasonal(600);
        int tail = 480; // 120 validation points: the weight is fitted
        double[] flat = new double[y.length - tail];
        Arrays.fill(flat, 50);
        Smoothing useless = SmoothingFit.fit(List.of(key(y, tail, flat)), 12);
        assertThat(useless.weight()).isEqualTo(0);
        assertThat(useless.gamma()).isPositive();

        double[] perfect = Arrays.copyOfRange(y, tail, y.length);
        assertThat(SmoothingFit.fit(List.of(key(y, tail, perfect)), 12).weight())
                .isEqualTo(1);
    }

    @Test
    void onAShortTailTheFittedWeightIsShrunkTowardHoltWintersAlone() {
        double[] y = seasonal(120);
        int tail = 108; // 12 validation points: the perfect network's fitted w = 1 counts as 12 points against 100
        double[] perfect = Arrays.copyOfRange(y, tail, y.length);
        assertThat(SmoothingFit.fit(List.of(key(y, tail, perfect)), 12).weight())
                .isCloseTo(12.0 / 112, within(1e-15));

        double[] flat = new double[y.length - tail];
        Arrays.fill(flat, 50); // useless: fitted w = 0, and so served
        assertThat(SmoothingFit.fit(List.of(key(y, tail, flat)), 12).weight()).isEqualTo(0);
    }

    @Test
    void theShrunkWeightIsThePosteriorMeanWithAPriorOfOneHundredPointsOnHoltWinters() {
        // w = n · w_fit / (n + 100): nottem's 17 tail points fitting 0.7 give 0.10 (docs/accuracy.md, rule I)
        assertThat(SmoothingFit.shrunk(0.7, 17)).isCloseTo(11.9 / 117, within(1e-15));
        assertThat(SmoothingFit.shrunk(1, 19)).isCloseTo(19.0 / 119, within(1e-15));
        assertThat(SmoothingFit.shrunk(1, 0)).isEqualTo(0);
        assertThat(SmoothingFit.shrunk(0, 99)).isEqualTo(0);
        assertThat(SmoothingFit.shrunk(1, 99)).isLessThan(0.5); // never more than the old plain average
    }

    @Test
    void logIsOnlyTriedOnPositiveValuesAndNothingIsFittedWithoutRows() {
        double[] y = seasonal(300);
        for (int t = 0; t < y.length; t++) {
            y[t] -= 60; // some values <= 0
        }
        double[] net = Arrays.copyOfRange(y, 250, 300);
        assertThat(SmoothingFit.fit(List.of(key(y, 250, net)), 12).log()).isFalse();
        assertThat(SmoothingFit.fit(List.of(key(Arrays.copyOf(y, 10), 5, new double[5])), 12))
                .isNull();
    }

    /** An AR(1) around 20 (φ 0.5, noise sd): stationary, as daily wind speed. */
    private static double[] ar1(int n, double sd, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        double x = 0;
        for (int t = 0; t < n; t++) {
            x = 0.5 * x + sd * r.nextGaussian();
            y[t] = 20 + x;
        }
        return y;
    }

    /** A random walk (steps of sd 1) plus noise of sd {@code noise}: a local level, SES's own kind of series. */
    private static double[] localLevel(int n, double noise, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        double level = 100;
        for (int t = 0; t < n; t++) {
            level += r.nextGaussian();
            y[t] = level + noise * r.nextGaussian();
        }
        return y;
    }

    private static SmoothingFit.Key named(String name, double[] y, int tail) {
        SmoothingFit.Key k = key(y, tail, Arrays.copyOfRange(y, tail - 1, y.length - 1)); // the network: naive
        return new SmoothingFit.Key(name, k.y(), k.tail(), k.network(), k.scale());
    }

    @Test
    void withoutASeasonAStationarySeriesIsPulledTowardItsSlowMean() {
        Smoothing s = SmoothingFit.fit(List.of(named("a", ar1(2000, 1, 5), 1800)), 1);
        assertThat(s.fast()).isLessThan(1); // ψ < 1: mean reversion, as an AR(1) needs
        assertThat(s.beta()).isZero();
        assertThat(s.weight()).isLessThan(1); // the naive "network" is beaten by the smoothing
        assertThat(s.keys()).isEmpty(); // a single key's own set is the global one
    }

    @Test
    void withoutASeasonKeysThatDifferGetTheirOwnSetsAndAnUnknownKeyTheGlobalOne() {
        // "quiet": a local level seen through little noise (α near 1); "noisy": the same under noise of sd 8 (α small)
        Smoothing s = SmoothingFit.fit(
                List.of(named("quiet", localLevel(1500, 0.1, 7), 1350), named("noisy", localLevel(1500, 8, 8), 1350)),
                1);
        Smoothing quiet = s.forKey("quiet");
        Smoothing noisy = s.forKey("noisy");
        assertThat(quiet.alpha()).isGreaterThan(0.8);
        assertThat(noisy.alpha()).isLessThan(0.4);
        assertThat(s.forKey("new")).isSameAs(s);
        assertThat(quiet.weight()).isEqualTo(s.weight());
        assertThat(noisy.weight()).isEqualTo(s.weight());
    }
}
