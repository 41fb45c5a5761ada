package dev.streamcast.model.io;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.interval.Calibration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the golden model file {@code model/src/test/resources/golden/model-v1.bin} that
 * {@link ModelCodecGoldenTest} must keep loading. It was run once, when format version 1 was introduced; do not
 * regenerate it for a new format version (add a model-v2.bin beside it instead). From the repository root:
 * <pre>
 *   mvn -B -q -o -pl model test-compile
 *   java -cp model/target/classes:model/target/test-classes dev.streamcast.model.io.GoldenModelFileGenerator \
 *       model/src/test/resources/golden/model-v1.bin
 * </pre>
 * Format version 2 (a model with a season) was added the same way, once, with {@code v2} as a second argument and
 * {@code model-v2.bin} as the path; format version 3 (a starting calibration) with {@code v3} and
 * {@code model-v3.bin}; format version 4 (a hybrid: the smoothing after the calibration) with {@code v4} and
 * {@code model-v4.bin}; format version 5 (the slow mean and per-key sets of a hybrid without a season) with
 * {@code v5} and {@code model-v5.bin}; format version 6 (per-key starting scales of the bands) with {@code v6} and
 * {@code model-v6.bin}; format version 7 (fitted starting states of the per-key Holt-Winters sets) with {@code v7}
 * and {@code model-v7.bin}; format version 8 (relative bands, starting scales with their error counts) with
 * {@code v8} and {@code model-v8.bin}.
 */
public final class GoldenModelFileGenerator {
    private GoldenModelFileGenerator() {}

    /** LSTM, F = 2 (price: log-diff, the target; volume: none), H = 3, L = 2; weight i = 0.5 sin(i + 1). */
    static Model model() {
        ModelConfig config = new ModelConfig(
                CellType.LSTM,
                2,
                3,
                2,
                List.of("price", "volume"),
                0,
                List.of(Transform.LOG_DIFF, Transform.NONE),
                500);
        float[] flat = new float[Weights.parameterCount(config)];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) (0.5 * Math.sin(i + 1));
        }
        TrainConfig train = new TrainConfig(25, 50, 16, 0.003, 1.0, 1e-4, 40, 5, 0.1, 42L);
        Provenance provenance = new Provenance(
                1_795_000_000_000L,
                1_700_000_000_000L,
                1_790_000_000_000L,
                12,
                345_678L,
                17,
                train,
                0.125,
                0.25,
                "golden v1 test file (GoldenModelFileGenerator)");
        return new Model(config, Weights.fromFlat(config, flat), 7L, provenance);
    }

    /** LSTM, F = 1 (gas: seasonal-diff), season 4 (so 2 network inputs), H = 2, L = 1; weight i = 0.5 cos(i + 1). */
    static Model modelV2() {
        ModelConfig config =
                new ModelConfig(CellType.LSTM, 1, 2, 1, List.of("gas"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 4);
        float[] flat = new float[Weights.parameterCount(config)];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) (0.5 * Math.cos(i + 1));
        }
        TrainConfig train = new TrainConfig(24, 48, 64, 0.005, 1.0, 0.0, 40, 5, 0.1, 42L);
        Provenance provenance = new Provenance(
                1_795_000_000_000L,
                1_700_000_000_000L,
                1_790_000_000_000L,
                1,
                86L,
                6,
                train,
                0.5,
                0.75,
                "golden v2 test file (GoldenModelFileGenerator)");
        return new Model(config, Weights.fromFlat(config, flat), 2L, provenance);
    }

    /** {@link #modelV2()} as version 3 with a calibration: quantile i = (i - 7)·0.25 + 0.01·i² at the grid. */
    static Model modelV3() {
        double[] q = new double[Calibration.GRID.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (i - 7) * 0.25 + 0.01 * i * i;
        }
        return modelV2().withVersion(3L).withCalibration(new Calibration(Calibration.GRID, q));
    }

    /** {@link #modelV3()} as version 4 with a smoothing: α 0.1, β 0.2, γ 0.9 on ln v, network weight 0.5. */
    static Model modelV4() {
        return modelV3().withVersion(4L).withSmoothing(new Smoothing(0.1, 0.2, 0.9, true, 0.5));
    }

    /**
     * {@link #model()} (no season) as version 5 with {@link #modelV3()}'s calibration and a smoothing with the slow
     * mean: global α 0.3 β 0.02 ψ 0.95 κ 0.05, network weight 0.4; own sets for "DAX" (α 0.9, ψ 0.6, κ 0.03) and
     * "SMI" (α 0.5, β 0.1, ψ 1).
     */
    static Model modelV5() {
        Map<String, Smoothing> keys = Map.of(
                "DAX", new Smoothing(0.9, 0, 0, false, 0.4, 0.6, 0.03, Map.of()),
                "SMI", new Smoothing(0.5, 0.1, 0, false, 0.4, 1, 0, Map.of()));
        return model().withVersion(5L)
                .withCalibration(modelV3().calibration())
                .withSmoothing(new Smoothing(0.3, 0.02, 0, false, 0.4, 0.95, 0.05, keys));
    }

    /** {@link #modelV5()} as version 6 with starting scales 12.5 for "DAX" and 0.75 for "SMI". */
    static Model modelV6() {
        return modelV5().withVersion(6L).withStartScales(Map.of("DAX", 12.5, "SMI", 0.75));
    }

    /**
     * {@link #modelV4()} (season 4) as version 7: global α 0.1 β 0.2 γ 0.9 on ln v, network weight 0.1; own sets for
     * "north" (α 0.3 β 0 γ 0.6, starting at 1,700,000,000,000 ms from ℓ₀ 5, b₀ 0.01, s 0.1 -0.2 0.3 -0.2) and
     * "south" (α 0.2 β 0.1 γ 0.5, no starting states); starting scale 2.5 for "north".
     */
    static Model modelV7() {
        Smoothing north = new Smoothing(0.3, 0, 0.6, true, 0.1, 1, 0, Map.of())
                .withStart(new Smoothing.Start(1_700_000_000_000L, new double[] {5, 0.01, 0.1, -0.2, 0.3, -0.2}));
        Smoothing south = new Smoothing(0.2, 0.1, 0.5, true, 0.1, 1, 0, Map.of());
        return modelV4()
                .withVersion(7L)
                .withSmoothing(new Smoothing(0.1, 0.2, 0.9, true, 0.1, 1, 0, Map.of("north", north, "south", south)))
                .withStartScales(Map.of("north", 2.5));
    }

    /**
     * {@link #modelV7()} as version 8 with relative bands: starting scales 0.04 for "north" (the mean of 6 errors)
     * and 0.025 for "south" (at least the warm-up's).
     */
    static Model modelV8() {
        return modelV7()
                .withVersion(8L)
                .withStartScales(Map.of("north", 0.04, "south", 0.025), Map.of("north", 6), true);
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "model/src/test/resources/golden/model-v1.bin");
        String which = args.length > 1 ? args[1] : "v1";
        ModelCodec.write(
                which.equals("v8")
                        ? modelV8()
                        : which.equals("v7")
                                ? modelV7()
                                : which.equals("v6")
                                        ? modelV6()
                                        : which.equals("v5")
                                                ? modelV5()
                                                : which.equals("v4")
                                                        ? modelV4()
                                                        : which.equals("v3")
                                                                ? modelV3()
                                                                : which.equals("v2") ? modelV2() : model(),
                out);
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
