package dev.streamcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Central finite differences against the analytic gradient of every parameter (wx, wh, b of each layer, wy, by),
 * in double precision with Deeplearning4j's thresholds, through a TBPTT window (T = 6 steps, of which the last 4 are
 * scored, as with k1 = 4 < k2 = 6) that starts from a non-zero state, for a stacked (L = 2), multivariate (F = 3)
 * network of each cell type.
 */
class GradientCheckTest {
    private static final double EPS = 1e-6;
    private static final double MAX_REL_ERROR = 1e-3;
    private static final double MIN_ABS_ERROR = 1e-8;

    static ModelConfig config(CellType cell, int f, int h, int layers) {
        List<String> names = new ArrayList<>();
        List<Transform> transforms = new ArrayList<>();
        for (int i = 0; i < f; i++) {
            names.add("f" + i);
            transforms.add(Transform.NONE);
        }
        return new ModelConfig(cell, f, h, layers, names, 0, transforms, 1000);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void analyticGradientMatchesFiniteDifferencesForEveryParameter(CellType cell) {
        check(config(cell, 3, 4, 2));
    }

    /** A seasonal model (F = 2, season 3): the first layer reads F + 1 = 3 inputs, the last the seasonal lag. */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void seasonalModelGradientMatchesFiniteDifferences(CellType cell) {
        check(new ModelConfig(
                cell, 2, 4, 2, List.of("f0", "f1"), 0, List.of(Transform.SEASONAL_DIFF, Transform.NONE), 1000, 3));
    }

    /** Checks the backward pass the trainer runs ({@code new Network(params)}, as {@link Trainer} builds it). */
    private static void check(ModelConfig cfg) {
        CellType cell = cfg.cell();
        Random rnd = new Random(7);
        Params params = new Params(cfg, DataType.DOUBLE);
        double[] theta = Init.initial(cfg, 11);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.3 * rnd.nextGaussian(); // move away from the initialisation's symmetries (biases 0)
        }
        params.set(theta);
        int steps = 6;
        int batch = 2;
        double[] x = gaussian(rnd, steps * batch * cfg.networkInputSize());
        double[] y = gaussian(rnd, steps * batch);
        double[] mask = new double[steps * batch];
        Arrays.fill(mask, 2 * batch, mask.length, 1.0);
        Network.State s0 = Network.State.zeros(cfg, batch);
        for (int l = 0; l < 2; l++) {
            s0.h()[l] = gaussian(rnd, batch * 4);
            s0.c()[l] = gaussian(rnd, batch * 4);
        }
        Network net = new Network(params);
        Params grad = new Params(cfg, DataType.DOUBLE);
        net.backward(net.forward(x, steps, batch, s0), y, mask, grad);
        double[] analytic = grad.get();

        for (int k = 0; k < theta.length; k++) {
            double keep = theta[k];
            theta[k] = keep + EPS;
            params.set(theta);
            double plus = Network.loss(net.forward(x, steps, batch, s0).yhat(), y, mask);
            theta[k] = keep - EPS;
            params.set(theta);
            double minus = Network.loss(net.forward(x, steps, batch, s0).yhat(), y, mask);
            theta[k] = keep;
            double numeric = (plus - minus) / (2 * EPS);
            double abs = Math.abs(analytic[k] - numeric);
            double rel = abs / Math.max(Math.abs(analytic[k]), Math.abs(numeric));
            if (abs > MIN_ABS_ERROR) {
                assertThat(rel)
                        .as("%s %s: analytic %s, numeric %s", cell, name(params, k), analytic[k], numeric)
                        .isLessThanOrEqualTo(MAX_REL_ERROR);
            }
        }
    }

    /** "layer 1 wh[2][5]" for a flat index. */
    static String name(Params p, int k) {
        int gh = p.config.gateWidth();
        int m = p.offsets.length - 1;
        while (p.offsets[m] > k) {
            m--;
        }
        int i = k - p.offsets[m];
        int layers = p.config.layers();
        if (m == 3 * layers + 1) {
            return "by";
        }
        if (m == 3 * layers) {
            return "wy[" + i + "]";
        }
        String[] names = {"wx", "wh", "b"};
        String index = m % 3 == 2 ? "[" + i + "]" : "[" + i / gh + "][" + i % gh + "]";
        return "layer " + m / 3 + " " + names[m % 3] + index;
    }

    static double[] gaussian(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }
}
