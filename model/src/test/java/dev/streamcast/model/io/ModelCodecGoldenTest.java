package dev.streamcast.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.TrainConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.interval.Calibration;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed format-1, format-2 and format-3 files (each written once by {@link GoldenModelFileGenerator}) must keep
 * loading with exactly these values. The expectations are pasted here, not taken from the generator, so a change to
 * either is caught.
 */
class ModelCodecGoldenTest {

    private static byte[] golden() throws IOException {
        return golden("model-v1.bin");
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = ModelCodecGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden/" + name + " on the test classpath").isNotNull();
            return in.readAllBytes();
        }
    }

    /**
     * Format 8: format 7's layout with each starting scale's error count (0: at least the warm-up), then the bands'
     * flags (bit 0: relative).
     */
    @Test
    void formatEightGoldenFileStillLoadsAndReencodesByteForByte() throws IOException {
        byte[] golden = golden("model-v8.bin");
        assertThat(golden[8]).as("format version").isEqualTo((byte) 8);
        Model m = ModelCodec.decode(golden);
        assertThat(m.version()).isEqualTo(8L);
        assertThat(m.smoothing().forKey("north").start().states()).containsExactly(5, 0.01, 0.1, -0.2, 0.3, -0.2);
        assertThat(m.relativeBands()).isTrue();
        assertThat(m.startScales()).isEqualTo(Map.of("north", 0.04, "south", 0.025));
        assertThat(m.startErrors()).isEqualTo(Map.of("north", 6));
        assertThat(m.startErrors("north")).isEqualTo(6);
        assertThat(m.startErrors("south")).isEqualTo(Integer.MAX_VALUE); // at least the warm-up
        assertThat(ModelCodec.encode(m)).isEqualTo(golden);
    }

    @Test
    void filesBeforeFormatEightHaveAbsoluteBandsAndScalesFromAtLeastTheWarmUp() throws IOException {
        for (int v = 1; v <= 7; v++) {
            byte[] golden = golden("model-v" + v + ".bin");
            Model m = ModelCodec.decode(golden);
            assertThat(m.relativeBands()).as("v%d", v).isFalse();
            assertThat(m.startErrors()).as("v%d", v).isEmpty();
            assertThat(ModelCodec.encode(m)).as("v%d", v).isEqualTo(golden);
        }
    }

    /** Format 7: format 6's layout with each per-key set's fitted starting states (none, or the time and m + 2). */
    @Test
    void formatSevenGoldenFileStillLoadsAndReencodesByteForByte() throws IOException {
        byte[] golden = golden("model-v7.bin");
        assertThat(golden[8]).as("format version").isEqualTo((byte) 7);
        Model m = ModelCodec.decode(golden);
        assertThat(m.config().season()).isEqualTo(4);
        assertThat(m.version()).isEqualTo(7L);
        assertThat(m.calibration().quantiles()[0]).isEqualTo(-1.75);
        Smoothing north = new Smoothing(0.3, 0, 0.6, true, 0.1, 1, 0, Map.of())
                .withStart(new Smoothing.Start(1_700_000_000_000L, new double[] {5, 0.01, 0.1, -0.2, 0.3, -0.2}));
        Smoothing south = new Smoothing(0.2, 0.1, 0.5, true, 0.1, 1, 0, Map.of());
        assertThat(m.smoothing())
                .isEqualTo(new Smoothing(0.1, 0.2, 0.9, true, 0.1, 1, 0, Map.of("north", north, "south", south)));
        assertThat(m.smoothing().forKey("north").start().at()).isEqualTo(1_700_000_000_000L);
        assertThat(m.smoothing().forKey("north").start().states()).containsExactly(5, 0.01, 0.1, -0.2, 0.3, -0.2);
        assertThat(m.smoothing().forKey("south").start()).isNull();
        assertThat(m.smoothing().forKey("west").start()).isNull(); // a key not trained on: the global set
        assertThat(m.startScales()).isEqualTo(Map.of("north", 2.5));
        assertThat(ModelCodec.encode(m)).isEqualTo(golden);
    }

    @Test
    void filesBeforeFormatSevenHaveNoStartingStatesAndStillEncodeInTheirOwnFormat() throws IOException {
        for (int v = 1; v <= 6; v++) {
            byte[] golden = golden("model-v" + v + ".bin");
            Model m = ModelCodec.decode(golden);
            assertThat(m.smoothing() == null || !m.smoothing().started())
                    .as("v%d", v)
                    .isTrue();
            assertThat(ModelCodec.encode(m)).as("v%d", v).isEqualTo(golden);
        }
    }

    /** Format 6: format 3's layout, whether a smoothing follows, format 5's smoothing, then the starting scales. */
    @Test
    void formatSixGoldenFileStillLoadsAndReencodesByteForByte() throws IOException {
        byte[] golden = golden("model-v6.bin");
        assertThat(golden[8]).as("format version").isEqualTo((byte) 6);
        Model m = ModelCodec.decode(golden);
        assertThat(m.config().season()).isEqualTo(1);
        assertThat(m.version()).isEqualTo(6L);
        assertThat(m.calibration().quantiles()[0]).isEqualTo(-1.75);
        Smoothing dax = new Smoothing(0.9, 0, 0, false, 0.4, 0.6, 0.03, Map.of());
        Smoothing smi = new Smoothing(0.5, 0.1, 0, false, 0.4, 1, 0, Map.of());
        assertThat(m.smoothing())
                .isEqualTo(new Smoothing(0.3, 0.02, 0, false, 0.4, 0.95, 0.05, Map.of("DAX", dax, "SMI", smi)));
        assertThat(m.startScales()).isEqualTo(Map.of("DAX", 12.5, "SMI", 0.75));
        assertThat(m.startScale("CAC")).isNaN();
        assertThat(ModelCodec.encode(m)).isEqualTo(golden);
    }

    @Test
    void filesBeforeFormatSixHaveNoStartingScalesAndStillEncodeInTheirOwnFormat() throws IOException {
        for (int v = 1; v <= 5; v++) {
            byte[] golden = golden("model-v" + v + ".bin");
            Model m = ModelCodec.decode(golden);
            assertThat(m.startScales()).as("v%d", v).isEmpty();
            assertThat(ModelCodec.encode(m)).as("v%d", v).isEqualTo(golden);
        }
    }

    /** Format 5: format 4's layout, then the slow mean's ψ and κ and the per-key sets. */
    @Test
    void formatFiveGoldenFileStillLoadsAndReencodesByteForByte() throws IOException {
        byte[] golden = golden("model-v5.bin");
        assertThat(golden[8]).as("format version").isEqualTo((byte) 5);
        Model m = ModelCodec.decode(golden);
        assertThat(m.config().season()).isEqualTo(1);
        assertThat(m.version()).isEqualTo(5L);
        assertThat(m.calibration().quantiles()[0]).isEqualTo(-1.75);
        Smoothing dax = new Smoothing(0.9, 0, 0, false, 0.4, 0.6, 0.03, Map.of());
        Smoothing smi = new Smoothing(0.5, 0.1, 0, false, 0.4, 1, 0, Map.of());
        assertThat(m.smoothing())
                .isEqualTo(new Smoothing(0.3, 0.02, 0, false, 0.4, 0.95, 0.05, Map.of("DAX", dax, "SMI", smi)));
        assertThat(m.smoothing().forKey("CAC")).isSameAs(m.smoothing());
        assertThat(ModelCodec.encode(m)).isEqualTo(golden);
    }

    /** Format 4: format 3's layout and the smoothing of a hybrid after the calibration. */
    @Test
    void formatFourGoldenFileStillLoadsAndReencodesByteForByte() throws IOException {
        byte[] golden = golden("model-v4.bin");
        assertThat(golden[8]).as("format version").isEqualTo((byte) 4);
        Model m = ModelCodec.decode(golden);
        assertThat(m.config())
                .isEqualTo(new ModelConfig(
                        CellType.LSTM, 1, 2, 1, List.of("gas"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 4));
        assertThat(m.version()).isEqualTo(4L);
        assertThat(m.weights().by()).isEqualTo(0.27755666f);
        assertThat(m.calibration().quantiles()[0]).isEqualTo(-1.75);
        assertThat(m.smoothing()).isEqualTo(new Smoothing(0.1, 0.2, 0.9, true, 0.5));
        assertThat(ModelCodec.encode(m)).isEqualTo(golden);
    }

    @Test
    void formatFourStillLoadsAsHoltWintersAloneWithoutPerKeySets() throws IOException {
        Smoothing sm = ModelCodec.decode(golden("model-v4.bin")).smoothing();
        assertThat(sm.fast()).isEqualTo(1);
        assertThat(sm.slow()).isEqualTo(0);
        assertThat(sm.keys()).isEmpty();
    }

    @Test
    void filesBeforeFormatFourHaveNoSmoothingAndStillEncodeInTheirOwnFormat() throws IOException {
        for (String name : List.of("model-v1.bin", "model-v2.bin", "model-v3.bin")) {
            byte[] golden = golden(name);
            Model m = ModelCodec.decode(golden);
            assertThat(m.smoothing()).as(name).isNull();
            assertThat(ModelCodec.encode(m)).as(name).isEqualTo(golden);
        }
    }

    /** Format 3: format 2's layout and a starting calibration of the bands after the weights. */
    @Test
    void formatThreeGoldenFileStillLoadsAndReencodesByteForByte() throws IOException {
        byte[] golden = golden("model-v3.bin");
        assertThat(golden[8]).as("format version").isEqualTo((byte) 3);
        Model m = ModelCodec.decode(golden);
        assertThat(m.config())
                .isEqualTo(new ModelConfig(
                        CellType.LSTM, 1, 2, 1, List.of("gas"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 4));
        assertThat(m.version()).isEqualTo(3L);
        assertThat(m.weights().toFlat()).hasSize(43);
        assertThat(m.weights().by()).isEqualTo(0.27755666f);
        Calibration c = m.calibration();
        assertThat(c.probabilities())
                .containsExactly(
                        0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995);
        assertThat(c.quantiles()[0]).isEqualTo(-1.75);
        assertThat(c.quantiles()[7]).isCloseTo(0.49, within(1e-15));
        assertThat(c.quantiles()[14]).isCloseTo(3.71, within(1e-15));
        assertThat(c.quantile(0.9)).isCloseTo(1.75, within(1e-15)); // grid point 10: 3·0.25 + 0.01·100
        assertThat(ModelCodec.encode(m)).isEqualTo(golden);
    }

    @Test
    void filesBeforeFormatThreeHaveNoCalibrationAndStartFromTheGaussianOne() throws IOException {
        for (String name : List.of("model-v1.bin", "model-v2.bin")) {
            Model m = ModelCodec.decode(golden(name));
            assertThat(m.calibration()).as(name).isNull();
            assertThat(m.startingCalibration()).as(name).isSameAs(Calibration.GAUSSIAN);
        }
    }

    /** Format 2: the season after the scaler window; the first layer reads F + 1 = 2 inputs. */
    @Test
    void formatTwoGoldenFileStillLoadsAndReencodesByteForByte() throws IOException {
        byte[] golden = golden("model-v2.bin");
        assertThat(golden[8]).as("format version").isEqualTo((byte) 2);
        Model m = ModelCodec.decode(golden);
        assertThat(m.config())
                .isEqualTo(new ModelConfig(
                        CellType.LSTM, 1, 2, 1, List.of("gas"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 4));
        assertThat(m.version()).isEqualTo(2L);
        assertThat(m.provenance().train()).isEqualTo(new TrainConfig(24, 48, 64, 0.005, 1.0, 0.0, 40, 5, 0.1, 42L));
        assertThat(m.provenance().source()).isEqualTo("golden v2 test file (GoldenModelFileGenerator)");
        float[] w = m.weights().toFlat();
        assertThat(w).hasSize(43);
        assertThat(w[0]).isEqualTo(0.27015114f); // wx[0][0]
        assertThat(w[15]).isEqualTo(-0.47882974f); // wx[1][7]: the seasonal-lag input's row
        assertThat(w[39]).isEqualTo(-0.33346903f); // b[7]
        assertThat(m.weights().wy()).containsExactly(-0.49366963f, -0.19999266f);
        assertThat(m.weights().by()).isEqualTo(0.27755666f);
        assertThat(ModelCodec.encode(m)).isEqualTo(golden);
    }

    @Test
    void formatOneGoldenFileStillLoads() throws IOException {
        Model m = ModelCodec.decode(golden());

        assertThat(m.config())
                .isEqualTo(new ModelConfig(
                        CellType.LSTM,
                        2,
                        3,
                        2,
                        List.of("price", "volume"),
                        0,
                        List.of(Transform.LOG_DIFF, Transform.NONE),
                        500));
        assertThat(m.version()).isEqualTo(7L);
        Provenance p = m.provenance();
        assertThat(p.createdAtMillis()).isEqualTo(1_795_000_000_000L);
        assertThat(p.dataStartMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(p.dataEndMillis()).isEqualTo(1_790_000_000_000L);
        assertThat(p.series()).isEqualTo(12);
        assertThat(p.points()).isEqualTo(345_678L);
        assertThat(p.epochs()).isEqualTo(17);
        assertThat(p.train()).isEqualTo(new TrainConfig(25, 50, 16, 0.003, 1.0, 1e-4, 40, 5, 0.1, 42L));
        assertThat(p.trainLoss()).isEqualTo(0.125);
        assertThat(p.validationLoss()).isEqualTo(0.25);
        assertThat(p.source()).isEqualTo("golden v1 test file (GoldenModelFileGenerator)");

        float[] w = m.weights().toFlat();
        assertThat(w).hasSize(160);
        assertThat(w[0]).isEqualTo(0.4207354784011841f); // layer 0 wx[0][0]
        assertThat(w[1]).isEqualTo(0.4546487033367157f);
        assertThat(w[71]).isEqualTo(0.1269116848707199f); // layer 0 b[11]
        assertThat(w[72]).isEqualTo(-0.3383859694004059f); // layer 1 wx[0][0]
        assertThat(w[155]).isEqualTo(-0.4408923089504242f); // layer 1 b[11]
        assertThat(m.weights().wy())
                .containsExactly(-0.039774272590875626f, 0.39791205525398254f, 0.46975985169410706f);
        assertThat(m.weights().by()).isEqualTo(0.1097126305103302f);
    }

    @Test
    void thisBuildStillWritesFormatOneByteForByte() throws IOException {
        byte[] golden = golden();
        assertThat(ModelCodec.encode(ModelCodec.decode(golden))).isEqualTo(golden);
    }
}
