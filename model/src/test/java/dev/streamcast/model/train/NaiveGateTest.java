package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.Smoothing;
import dev.streamcast.model.step.HoltWinters;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NaiveGateTest {

    /**
     * By hand: d = (-1, -2, 0, -1, -3, 1, -2, -1), T = 8, d̄ = -1.125, L = ⌊8^(1/3)⌋ = 2; deviations (0.125, -0.875,
     * 1.125, 0.125, -1.875, 2.125, -0.875, 0.125); γ(0) = 10.875, γ(1) = -7.140625, γ(2) = 0.09375;
     * S = 10.875 + 2 (2/3 · -7.140625 + 1/3 · 0.09375) = 1.4166667; DM = -1.125 / sqrt(1.4166667 / 64) = -7.5615.
     */
    @Test
    void theStatisticMatchesAHandComputedExample() {
        double[] d = {-1, -2, 0, -1, -3, 1, -2, -1};
        assertThat(NaiveGate.statistic(List.of(d))).isCloseTo(-7.561512, within(1e-5));
        // pooled: two keys of the same differentials, demeaned around the same mean: S doubles, N doubles, so DM
        // grows by √2
        assertThat(NaiveGate.statistic(List.of(d, d))).isCloseTo(-7.561512 * Math.sqrt(2), within(1e-5));
        // no variance: the sign of the mean decides; none at all is 0 (not significant)
        assertThat(NaiveGate.statistic(List.of(new double[] {0, 0, 0}))).isZero();
        assertThat(NaiveGate.statistic(List.of(new double[] {-1, -1}))).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    private static SmoothingFit.Key key(String name, double[] y, int tail, double[] network) {
        double scale = 0;
        for (int t = 1; t < y.length; t++) {
            scale += Math.abs(y[t] - y[t - 1]);
        }
        return new SmoothingFit.Key(name, y, tail, network, scale / (y.length - 1));
    }

    /** A random walk of float values (prices): naive is the best forecast there is. */
    private static double[] randomWalk(int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        float v = 1.3f;
        for (int t = 0; t < n; t++) {
            v += (float) (0.004 * r.nextGaussian());
            y[t] = v;
        }
        return y;
    }

    @Test
    void onARandomWalkTheGateServesNaiveAndTheForecastIsTheLastValueBitForBit() {
        double[] y = randomWalk(3000, 11);
        int tail = 2700;
        Random r = new Random(12);
        double[] net = new double[y.length - tail]; // a network that is naive plus a little noise
        for (int t = tail; t < y.length; t++) {
            net[t - tail] = y[t - 1] + 0.002 * r.nextGaussian();
        }
        NaiveGate.Gated g = SmoothingFit.gated(List.of(key("usdchf", y, tail, net)), 1);
        assertThat(g.decision().outcome()).isEqualTo(NaiveGate.Outcome.NAIVE);
        assertThat(g.decision().statistic()).isGreaterThan(NaiveGate.CRITICAL);
        assertThat(g.decision().points()).isEqualTo(300);
        Smoothing p = g.smoothing();
        assertThat(p).isEqualTo(NaiveGate.NAIVE);
        assertThat(p.networkOnly()).isFalse(); // it goes into the model file
        assertThat(p.extended()).isFalse(); // as a plain parameter set: no format change

        // the streaming step's recursion: observe, then combine with any network forecast (NaN included)
        double[] state = new double[HoltWinters.stateSize(1)];
        HoltWinters.reset(state, p);
        double[] networks = {0.7, -3e9, Double.NaN, 1.2999999, Double.POSITIVE_INFINITY};
        for (int t = 0; t < y.length; t++) {
            HoltWinters.observe(state, 1, p, y[t]);
            double served = HoltWinters.combine(networks[t % networks.length], HoltWinters.forecast(state, 1, p, 1), p);
            assertThat(Double.doubleToRawLongBits(served)).isEqualTo(Double.doubleToRawLongBits(y[t]));
            assertThat(Float.floatToRawIntBits((float) served)).isEqualTo(Float.floatToRawIntBits((float) y[t]));
            assertThat(HoltWinters.forecast(state, 1, p, 5)).isEqualTo(y[t]); // every horizon
        }
    }

    /** An AR(1) around 20 (φ 0.5): mean reversion beats naive by a margin the gate sees. */
    private static double[] ar1(int n, long seed) {
        Random r = new Random(seed);
        double[] y = new double[n];
        double x = 0;
        for (int t = 0; t < n; t++) {
            x = 0.5 * x + r.nextGaussian();
            y[t] = 20 + x;
        }
        return y;
    }

    @Test
    void onAnAr1AndATrendedSeriesTheHybridIsKept() {
        double[] y = ar1(2000, 5);
        int tail = 1800;
        double[] naiveNet = Arrays.copyOfRange(y, tail - 1, y.length - 1);
        NaiveGate.Gated g = SmoothingFit.gated(List.of(key("wind", y, tail, naiveNet)), 1);
        assertThat(g.decision().outcome()).isEqualTo(NaiveGate.Outcome.PASSED);
        assertThat(g.decision().statistic()).isLessThan(NaiveGate.CRITICAL);
        assertThat(g.smoothing().fast()).isLessThan(1); // the two-speed smoothing, not naive
        assertThat(g.smoothing().weight()).isLessThan(1);

        // a trend with noise and a network that sees the trend: Holt and the network beat naive
        Random r = new Random(9);
        double[] trended = new double[1000];
        for (int t = 0; t < trended.length; t++) {
            trended[t] = 10 + 0.5 * t + r.nextGaussian();
        }
        double[] net = new double[200];
        for (int t = 800; t < 1000; t++) {
            net[t - 800] = 10 + 0.5 * t + 0.3 * r.nextGaussian();
        }
        NaiveGate.Gated h = SmoothingFit.gated(List.of(key("trend", trended, 800, net)), 1);
        assertThat(h.decision().outcome()).isEqualTo(NaiveGate.Outcome.PASSED);
        assertThat(h.smoothing()).isNotEqualTo(NaiveGate.NAIVE);
    }

    @Test
    void shortTailsAreNotTestedAndKeepTheirHybrid() {
        double[] y = randomWalk(120, 3);
        double[] net = Arrays.copyOfRange(y, 107, 119); // 12 validation points
        NaiveGate.Gated g = SmoothingFit.gated(List.of(key("short", y, 108, net)), 1);
        assertThat(g.decision().outcome()).isEqualTo(NaiveGate.Outcome.SHORT);
        assertThat(g.decision().statistic()).isNaN();
        assertThat(g.smoothing().weight()).isEqualTo(SmoothingFit.EQUAL);
    }
}
