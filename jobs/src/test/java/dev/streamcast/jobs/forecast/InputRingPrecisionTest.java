package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the input ring's binary16 entries (SeriesState.inputs) cost a key at a model swap, on real series: the
 * forecasts after a re-prime over the rounded ring against those after a re-prime over the exact inputs, for a swap
 * at every 4th observation of the series, at the swap and 1, 5 and 20 observations after it (the model then steps on
 * exact inputs). The models are the ones {@code backtest --input data/<name>.csv --seed 42} trained at its defaults
 * on 85a229f (co2: log-diff with season 12, a hybrid whose network has weight 0.053; sunspot_month: diff), the
 * window the job's default, W = 64. What is compared is the network's forecast (for the hybrid, before it is
 * combined with Holt-Winters, which the ring does not feed: the combined forecast moves by the weight times as much).
 * The bound asserted is the one docs/state.md states; the test prints the largest differences it found.
 */
class InputRingPrecisionTest {
    static final Path DATA = Path.of("..", "data");
    static final Path MODELS = Path.of("src", "test", "resources", "swap");
    static final int W = 64;
    static final int[] AFTER = {0, 1, 5, 20};

    /**
     * The bound docs/state.md states, in units of the series' mean absolute one-step change (the naive forecast's
     * MAE, the unit MASE divides by): 0.2%. Relative to the forecast itself it is no bound where a series' forecasts
     * pass near 0 (sunspot_month's minima), so that is printed, not asserted.
     */
    static final double MAX_IN_NAIVE_MAE = 2e-3;

    @Test
    void aReprimeFromTheRoundedRingForecastsWithinTheStatedBoundOfAnExactOne() throws IOException {
        for (String name : List.of("co2", "sunspot_month")) {
            double[] v = series(DATA.resolve(name + ".csv"));
            Model m = ModelPayloads.open(
                    Files.readAllBytes(MODELS.resolve(name + "-model.bin")),
                    null,
                    ModelPayloads.DEFAULT_MAX_BYTES,
                    true);
            double naiveMae = 0;
            for (int t = 1; t < v.length; t++) {
                naiveMae += Math.abs(v[t] - v[t - 1]) / (v.length - 1);
            }
            double worstRelative = 0;
            double worstInMae = 0;
            double[] worstAt = new double[AFTER.length];
            int swaps = 0;
            for (int t = W + 1; t + AFTER[AFTER.length - 1] < v.length; t += 4) {
                swaps++;
                for (int a = 0; a < AFTER.length; a++) {
                    int k = AFTER[a];
                    double[] seen = TestSupport.slice(v, 0, t + k + 1);
                    double exact = TestSupport.freshRun(m, seen, W + k);
                    double rounded = TestSupport.reprimed(m, seen, W + k, k + 1);
                    double d = Math.abs(rounded - exact);
                    worstRelative = Math.max(worstRelative, d / Math.abs(exact));
                    worstInMae = Math.max(worstInMae, d / naiveMae);
                    worstAt[a] = Math.max(worstAt[a], d / naiveMae);
                }
            }
            System.out.printf(
                    "%s: %d swaps, largest |rounded - exact| %.3g of the forecast, %.3g of the naive MAE %.4g"
                            + " (at the swap, +1, +5, +20: %.3g %.3g %.3g %.3g)%n",
                    name, swaps, worstRelative, worstInMae, naiveMae, worstAt[0], worstAt[1], worstAt[2], worstAt[3]);
            assertThat(swaps).isGreaterThan(50);
            assertThat(worstInMae).as(name).isLessThan(MAX_IN_NAIVE_MAE);
        }
    }

    /** The values of the file's first key, in file order. */
    static double[] series(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String key = lines.get(1).substring(0, lines.get(1).indexOf(','));
        return lines.stream()
                .skip(1)
                .filter(l -> l.startsWith(key + ","))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1)))
                .toArray();
    }
}
