package dev.streamcast.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelCodecTest {

    // offsets in a file whose cell name has 4 bytes ("LSTM"); see docs/model-format.md
    private static final int FORMAT_AT = 8;
    private static final int CELL_LENGTH_AT = 12;
    private static final int HIDDEN_AT = 24;
    private static final int LAYERS_AT = 28;

    static Model model(CellType cell) {
        ModelConfig config = new ModelConfig(
                cell,
                3,
                4,
                2,
                List.of("load", "temp", "price"),
                2,
                List.of(Transform.NONE, Transform.DIFF, Transform.LOG_DIFF),
                777);
        Random rnd = new Random(cell.ordinal());
        float[] flat = new float[Weights.parameterCount(config)];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (float) rnd.nextGaussian();
        }
        TrainConfig train = new TrainConfig(20, 40, 64, 0.001, 2.5, 1e-3, 99, 7, 0.2, -123456789L);
        Provenance p = new Provenance(
                1_763_000_000_123L,
                -5L,
                1_763_000_000_000L,
                3,
                9_876_543_210L,
                33,
                train,
                0.0123,
                Double.NaN,
                "unit test \u2013 ünïcode source");
        return new Model(config, Weights.fromFlat(config, flat), 42L, p);
    }

    @Test
    void aSeasonalModelIsWrittenInFormat2AndReadBack() {
        ModelConfig config =
                new ModelConfig(CellType.LSTM, 1, 4, 1, List.of("gas"), 0, List.of(Transform.SEASONAL_DIFF), 1000, 4);
        float[] flat = new float[Weights.parameterCount(config)]; // the first layer reads F + 1 = 2 inputs
        Arrays.fill(flat, 0.25f);
        Model m = new Model(
                config, Weights.fromFlat(config, flat), 3L, model(CellType.LSTM).provenance());
        byte[] bytes = ModelCodec.encode(m);
        assertThat(readInt(bytes, FORMAT_AT)).isEqualTo(2);
        assertThat(ModelCodec.decode(bytes)).isEqualTo(m);
        assertThat(readInt(ModelCodec.encode(model(CellType.LSTM)), FORMAT_AT))
                .as("no season: format 1")
                .isEqualTo(1);
    }

    static Model calibrated(CellType cell) {
        double[] z = new double[500];
        Random rnd = new Random(5);
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(rnd.nextGaussian()) - 1.3; // skewed
        }
        return model(cell).withCalibration(Calibration.fromScaledResiduals(z));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void aModelWithACalibrationIsWrittenInFormat3AndReadBack(CellType cell) {
        Model m = calibrated(cell);
        byte[] bytes = ModelCodec.encode(m);
        assertThat(readInt(bytes, FORMAT_AT)).isEqualTo(3);
        Model back = ModelCodec.decode(bytes);
        assertThat(back).isEqualTo(m);
        assertThat(back.calibration().quantiles())
                .containsExactly(m.calibration().quantiles());
        assertThat(back.startingCalibration()).isSameAs(back.calibration());
        assertThat(ModelCodec.decode(ModelCodec.encode(model(cell))).startingCalibration())
                .as("none stored: the Gaussian start")
                .isSameAs(Calibration.GAUSSIAN);
    }

    @Test
    void everyTruncationAndFlippedByteOfAFormat3FileIsRejected() {
        byte[] good = ModelCodec.encode(calibrated(CellType.GRU));
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> ModelCodec.decode(cut))
                    .as("first %d bytes", n)
                    .hasMessageContaining("truncated");
        }
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> ModelCodec.decode(bad))
                    .as("byte %d flipped", i)
                    .isInstanceOf(ModelFormatException.class);
        }
    }

    @Test
    void aHybridRoundTripsAndABadSmoothingIsRejected() {
        Model m = calibrated(CellType.LSTM).withSmoothing(new Smoothing(0.2, 0.05, 0.3, true, 0.6));
        byte[] good = ModelCodec.encode(m);
        assertThat(good[FORMAT_AT]).isEqualTo((byte) ModelCodec.FORMAT_VERSION_SMOOTHING);
        assertThat(ModelCodec.decode(good).smoothing()).isEqualTo(m.smoothing());
        int alphaAt = good.length - 32 - 36; // α, β, γ, w (f64 each), flags (i32), then the checksum

        byte[] alpha = good.clone();
        ByteBuffer.wrap(alpha).order(ByteOrder.LITTLE_ENDIAN).putDouble(alphaAt, 2.0);
        resign(alpha);
        assertThatThrownBy(() -> ModelCodec.decode(alpha))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("invalid smoothing alpha must be in [0, 1], found 2.0");

        byte[] weight = good.clone();
        ByteBuffer.wrap(weight).order(ByteOrder.LITTLE_ENDIAN).putDouble(alphaAt + 24, Double.NaN);
        resign(weight);
        assertThatThrownBy(() -> ModelCodec.decode(weight)).hasMessageContaining("smoothing weight must be in [0, 1]");

        byte[] flags = good.clone();
        putInt(flags, alphaAt + 32, 3);
        resign(flags);
        assertThatThrownBy(() -> ModelCodec.decode(flags)).hasMessageContaining("unknown flags 3");

        for (int n = good.length - 32 - 36; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> ModelCodec.decode(cut))
                    .as("first %d bytes", n)
                    .hasMessageContaining("truncated");
        }
    }

    /** A hybrid without a season with the slow mean and one own set, for key "k1": format 5. */
    private static Model perKey() {
        Smoothing k1 = new Smoothing(0.9, 0, 0, false, 0.4, 0.6, 0.03, Map.of());
        return calibrated(CellType.LSTM)
                .withSmoothing(new Smoothing(0.3, 0.02, 0, false, 0.4, 0.95, 0.05, Map.of("k1", k1)));
    }

    @Test
    void aHybridWithTheSlowMeanAndPerKeySetsIsFormatFiveAndRoundTrips() {
        Model m = perKey();
        byte[] good = ModelCodec.encode(m);
        assertThat(good[FORMAT_AT]).isEqualTo((byte) 5);
        Smoothing back = ModelCodec.decode(good).smoothing();
        assertThat(back).isEqualTo(m.smoothing());
        assertThat(back.forKey("k1").alpha()).isEqualTo(0.9);
        assertThat(back.forKey("k1").fast()).isEqualTo(0.6);
        assertThat(back.forKey("k2")).isSameAs(back); // a key not trained on takes the global set
        assertThat(back.forKey(null)).isSameAs(back);
    }

    @Test
    void startingScalesAreFormatSixWithAndWithoutASmoothingAndRoundTrip() {
        Map<String, Double> scales = Map.of("k1", 2.5, "k2", 1e-3);
        for (Model m : List.of(calibrated(CellType.GRU).withStartScales(scales), perKey().withStartScales(scales))) {
            byte[] good = ModelCodec.encode(m);
            assertThat(good[FORMAT_AT]).isEqualTo((byte) 6);
            Model back = ModelCodec.decode(good);
            assertThat(back.startScales()).isEqualTo(scales);
            assertThat(back.smoothing()).isEqualTo(m.smoothing());
            assertThat(back.calibration()).isEqualTo(m.calibration());
            assertThat(back.startScale("k1")).isEqualTo(2.5);
            assertThat(back.startScale("k3")).isNaN(); // a key the model has no scale for
            assertThat(back.startScale(null)).isNaN();
            assertThat(ModelCodec.encode(back)).isEqualTo(good);
        }
        // without scales a model is written in the format it was written in before
        assertThat(ModelCodec.encode(perKey())[FORMAT_AT]).isEqualTo((byte) 5);
    }

    @Test
    void aBadStartingScaleIsRejectedBeforeAllocatingOrByItsValue() {
        byte[] good = ModelCodec.encode(calibrated(CellType.LSTM).withStartScales(Map.of("k1", 2.5)));
        int scaleAt = good.length - 32 - (4 + 2 + 8); // the one scale: length, "k1", the scale
        int countAt = scaleAt - 4;
        assertThat(readInt(good, countAt)).isEqualTo(1);
        assertThat(readInt(good, countAt - 4)).as("no smoothing").isEqualTo(0);

        byte[] count = good.clone();
        putInt(count, countAt, Integer.MAX_VALUE);
        resign(count);
        assertThatThrownBy(() -> ModelCodec.decode(count))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("starting scale count at offset " + countAt + " is " + Integer.MAX_VALUE);

        byte[] length = good.clone();
        putInt(length, scaleAt, 1 << 20);
        resign(length);
        assertThatThrownBy(() -> ModelCodec.decode(length))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("starting scale key 0 at offset " + scaleAt + " claims 1048576 bytes");

        byte[] present = good.clone();
        putInt(present, countAt - 4, 2);
        resign(present);
        assertThatThrownBy(() -> ModelCodec.decode(present))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("smoothing present at offset " + (countAt - 4) + " is 2, expected 0 or 1");

        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e39}) {
            byte[] value = good.clone();
            ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).putDouble(scaleAt + 6, bad);
            resign(value);
            assertThatThrownBy(() -> ModelCodec.decode(value))
                    .as("scale %s", bad)
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageStartingWith("invalid starting scale of key 'k1': must be finite, > 0");
        }

        byte[] twice = ModelCodec.encode(calibrated(CellType.LSTM).withStartScales(Map.of("k1", 2.5, "k2", 3.0)));
        int secondKey = twice.length - 32 - (4 + 2 + 8) + 4 + 1; // the '2' of "k2"
        twice[secondKey] = '1';
        resign(twice);
        assertThatThrownBy(() -> ModelCodec.decode(twice))
                .hasMessage("invalid starting scales: key 'k1' appears twice");

        for (int n = countAt - 8; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> ModelCodec.decode(cut))
                    .as("first %d bytes", n)
                    .hasMessageContaining("truncated");
        }
        assertThatThrownBy(() -> calibrated(CellType.LSTM).withStartScales(Map.of("k1", -2.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("starting scale of key 'k1'");
    }

    /** A hybrid with season 4 and one own set for "k1" holding fitted starting states: format 7. */
    private static Model started() {
        Smoothing k1 = new Smoothing(0.3, 0.1, 0.6, false, 0.2, 1, 0, Map.of())
                .withStart(new Smoothing.Start(-86_400_000L, new double[] {10, -0.5, 1, -2, 3, -2}));
        Model seasonal = GoldenModelFileGenerator.modelV3();
        return seasonal.withSmoothing(new Smoothing(0.2, 0.1, 0.5, false, 0.2, 1, 0, Map.of("k1", k1)));
    }

    @Test
    void fittedStartingStatesAreFormatSevenAndRoundTrip() {
        Model m = started();
        byte[] good = ModelCodec.encode(m);
        assertThat(good[FORMAT_AT]).isEqualTo((byte) 7);
        Model back = ModelCodec.decode(good);
        assertThat(back.smoothing()).isEqualTo(m.smoothing());
        assertThat(back.smoothing().forKey("k1").start().at()).isEqualTo(-86_400_000L);
        assertThat(back.smoothing().forKey("k1").start().states()).containsExactly(10, -0.5, 1, -2, 3, -2);
        assertThat(back.startScales()).isEmpty();
        assertThat(ModelCodec.encode(back)).isEqualTo(good);
        Model scaled = m.withStartScales(Map.of("k1", 2.5));
        assertThat(ModelCodec.decode(ModelCodec.encode(scaled)).startScales()).isEqualTo(Map.of("k1", 2.5));
        // without starting states a model is written in the format it was written in before
        Smoothing plain = new Smoothing(0.3, 0.1, 0.6, false, 0.2, 1, 0, Map.of());
        Model unstarted = m.withSmoothing(m.smoothing().withKeys(Map.of("k1", plain)));
        assertThat(ModelCodec.encode(unstarted)[FORMAT_AT]).isEqualTo((byte) 5);
        assertThat(ModelCodec.encode(unstarted.withStartScales(Map.of("k1", 2.5)))[FORMAT_AT])
                .isEqualTo((byte) 6);
    }

    @Test
    void badStartingStatesAreRejectedBeforeAllocatingOrByTheirMeaning() {
        byte[] good = ModelCodec.encode(started());
        int scalesAt = good.length - 32 - 4; // the starting scale count (0)
        int statesAt = scalesAt - 6 * 8; // ℓ₀, b₀, s₀ .. s₃
        int timeAt = statesAt - 8;
        int countAt = timeAt - 4;
        assertThat(readInt(good, countAt)).isEqualTo(6);

        byte[] count = good.clone(); // a count the bytes left cannot hold: refused before allocating
        putInt(count, countAt, Integer.MAX_VALUE);
        resign(count);
        assertThatThrownBy(() -> ModelCodec.decode(count))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(
                        "starting state count of key 0 at offset " + countAt + " is " + Integer.MAX_VALUE);

        for (int bad : new int[] {-1, 1, 3}) { // not 0 nor 4 to m_max + 2
            byte[] small = good.clone();
            putInt(small, countAt, bad);
            resign(small);
            assertThatThrownBy(() -> ModelCodec.decode(small))
                    .as("count %d", bad)
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("starting state count of key 0 at offset " + countAt);
        }

        byte[] other = good.clone(); // 5 states for season 4 (the bytes of the last one become trailing data)
        putInt(other, countAt, 5);
        resign(other);
        assertThatThrownBy(() -> ModelCodec.decode(other)).isInstanceOf(ModelFormatException.class);

        byte[] season = ModelCodec.encode(started()
                .withSmoothing(new Smoothing(
                        0.2,
                        0.1,
                        0.5,
                        false,
                        0.2,
                        1,
                        0,
                        Map.of(
                                "k1",
                                new Smoothing(0.3, 0.1, 0.6, false, 0.2, 1, 0, Map.of())
                                        .withStart(new Smoothing.Start(0, new double[] {1, 0, 1, -1}))))));
        assertThatThrownBy(() -> ModelCodec.decode(season))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("invalid smoothing of key 'k1': 4 starting states, the model's season 4 needs 6");

        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            byte[] value = good.clone();
            ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).putDouble(statesAt + 8, bad);
            resign(value);
            assertThatThrownBy(() -> ModelCodec.decode(value))
                    .as("state %s", bad)
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("smoothing starting state 1 must be finite");
        }

        for (int n = countAt - 8; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> ModelCodec.decode(cut))
                    .as("first %d bytes", n)
                    .hasMessageContaining("truncated");
        }
        assertThatThrownBy(() -> new Smoothing.Start(0, new double[] {1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("season of at least 2");
    }

    @Test
    void relativeBandsAndScalesFromFewErrorsAreFormatEightAndRoundTrip() {
        Model m = started().withStartScales(Map.of("k1", 0.04, "k2", 0.5), Map.of("k1", 5), true);
        byte[] good = ModelCodec.encode(m);
        assertThat(good[FORMAT_AT]).isEqualTo((byte) 8);
        Model back = ModelCodec.decode(good);
        assertThat(back.relativeBands()).isTrue();
        assertThat(back.startScales()).isEqualTo(Map.of("k1", 0.04, "k2", 0.5));
        assertThat(back.startErrors()).isEqualTo(Map.of("k1", 5));
        assertThat(back.smoothing()).isEqualTo(m.smoothing());
        assertThat(ModelCodec.encode(back)).isEqualTo(good);
        // either alone is format 8 too, with or without a smoothing; neither: the format it was written in before
        Model counted = calibrated(CellType.GRU).withStartScales(Map.of("k1", 2.5), Map.of("k1", 3), false);
        assertThat(ModelCodec.decode(ModelCodec.encode(counted))).isEqualTo(counted);
        assertThat(ModelCodec.encode(counted)[FORMAT_AT]).isEqualTo((byte) 8);
        Model relative = calibrated(CellType.GRU).withStartScales(Map.of(), Map.of(), true);
        assertThat(ModelCodec.decode(ModelCodec.encode(relative)).relativeBands())
                .isTrue();
        assertThat(ModelCodec.encode(started().withStartScales(Map.of("k1", 2.5)))[FORMAT_AT])
                .isEqualTo((byte) 7);
        // a count needs a scale for its key and at least one error
        assertThatThrownBy(() -> started().withStartScales(Map.of("k1", 2.5), Map.of("k2", 3), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'k2'");
        assertThatThrownBy(() -> started().withStartScales(Map.of("k1", 2.5), Map.of("k1", 0), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key 'k1'");
    }

    @Test
    void aBadErrorCountOrBandFlagIsRejectedBeforeAllocatingOrByItsValue() {
        Model m = calibrated(CellType.LSTM).withStartScales(Map.of("k1", 0.04), Map.of("k1", 5), true);
        byte[] good = ModelCodec.encode(m);
        int flagsAt = good.length - 32 - 4;
        int errorsAt = flagsAt - 4;
        int scaleAt = errorsAt - (4 + 2 + 8); // the one scale: length, "k1", the scale
        int countAt = scaleAt - 4;
        assertThat(readInt(good, flagsAt)).isEqualTo(1);
        assertThat(readInt(good, errorsAt)).isEqualTo(5);
        assertThat(readInt(good, countAt)).isEqualTo(1);

        byte[] count = good.clone(); // a count the bytes left cannot hold: refused before allocating
        putInt(count, countAt, Integer.MAX_VALUE);
        resign(count);
        assertThatThrownBy(() -> ModelCodec.decode(count))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("starting scale count at offset " + countAt + " is " + Integer.MAX_VALUE);

        byte[] errors = good.clone();
        putInt(errors, errorsAt, -1);
        resign(errors);
        assertThatThrownBy(() -> ModelCodec.decode(errors))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("invalid starting scale of key 'k1': the mean of -1 errors");

        byte[] zero = good.clone(); // 0: not recorded, at least the warm-up
        putInt(zero, errorsAt, 0);
        resign(zero);
        assertThat(ModelCodec.decode(zero).startErrors()).isEmpty();

        byte[] flags = good.clone();
        putInt(flags, flagsAt, 3);
        resign(flags);
        assertThatThrownBy(() -> ModelCodec.decode(flags))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("invalid band flags: unknown flags 3");

        for (int n = countAt; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> ModelCodec.decode(cut))
                    .as("first %d bytes", n)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void aBadPerKeySetIsRejectedBeforeAllocating() {
        byte[] good = ModelCodec.encode(perKey());
        int setAt = good.length - 32 - (4 + 2 + 5 * 8 + 4); // the one set: length, "k1", α β γ ψ κ, flags
        int countAt = setAt - 4;
        assertThat(readInt(good, countAt)).isEqualTo(1);

        byte[] count = good.clone(); // a count the bytes left cannot hold
        putInt(count, countAt, Integer.MAX_VALUE);
        resign(count);
        assertThatThrownBy(() -> ModelCodec.decode(count))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("smoothing key count at offset " + countAt + " is " + Integer.MAX_VALUE);

        byte[] length = good.clone(); // a key longer than the bytes left
        putInt(length, setAt, 1 << 20);
        resign(length);
        assertThatThrownBy(() -> ModelCodec.decode(length))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("smoothing key 0 at offset " + setAt + " claims 1048576 bytes");

        byte[] psi = good.clone();
        ByteBuffer.wrap(psi).order(ByteOrder.LITTLE_ENDIAN).putDouble(setAt + 6 + 24, 1.5);
        resign(psi);
        assertThatThrownBy(() -> ModelCodec.decode(psi))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("invalid smoothing psi (fast weight) must be in [0, 1], found 1.5");

        byte[] flags = good.clone();
        putInt(flags, setAt + 6 + 40, 2);
        resign(flags);
        assertThatThrownBy(() -> ModelCodec.decode(flags))
                .hasMessageContaining("smoothing of key 'k1': unknown flags 2");

        for (int n = countAt - 16; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> ModelCodec.decode(cut))
                    .as("first %d bytes", n)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void aCalibrationOutOfOrderOrWithAnAbsurdCountIsRejected() {
        byte[] good = ModelCodec.encode(calibrated(CellType.LSTM));
        int k = Calibration.GRID.length;
        int countAt = good.length - 32 - 16 * k - 4;
        assertThat(readInt(good, countAt)).isEqualTo(k);

        byte[] swapped = good.clone(); // the last quantile below the one before it
        ByteBuffer.wrap(swapped).order(ByteOrder.LITTLE_ENDIAN).putDouble(good.length - 32 - 8, -1e9);
        resign(swapped);
        assertThatThrownBy(() -> ModelCodec.decode(swapped))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("invalid calibration: calibration quantiles must be finite and non-decreasing");

        byte[] nan = good.clone();
        ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putDouble(countAt + 4 + 8, Double.NaN);
        resign(nan);
        assertThatThrownBy(() -> ModelCodec.decode(nan)).hasMessageContaining("finite");

        byte[] absurd = good.clone();
        putInt(absurd, countAt, Integer.MAX_VALUE);
        resign(absurd);
        assertThatThrownBy(() -> ModelCodec.decode(absurd))
                .hasMessageStartingWith(
                        "corrupt or truncated: calibration point count at offset " + countAt + " is 2147483647");

        byte[] many = good.clone();
        putInt(many, countAt, 1);
        resign(many);
        assertThatThrownBy(() -> ModelCodec.decode(many)).hasMessageContaining("expected 2 to 64");
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void roundTripKeepsEveryField(CellType cell) {
        Model m = model(cell);
        Model back = ModelCodec.decode(ModelCodec.encode(m));
        assertThat(back.config()).isEqualTo(m.config());
        assertThat(back.weights().toFlat()).containsExactly(m.weights().toFlat());
        assertThat(back.version()).isEqualTo(42L);
        assertThat(back.provenance()).isEqualTo(m.provenance());
        assertThat(back.provenance().train()).isEqualTo(m.provenance().train());
        assertThat(back.provenance().validationLoss()).isNaN();
        assertThat(back).isEqualTo(m);
    }

    @Test
    void writeAndReadThroughAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.scm");
        ModelCodec.write(model(CellType.GRU), file);
        ModelCodec.write(model(CellType.RNN), file); // replaces
        assertThat(ModelCodec.read(file)).isEqualTo(model(CellType.RNN));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ModelCodec.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(file + ": bad magic");
    }

    @Test
    void truncatedWeightsAreReportedWithBothSizes() {
        byte[] bytes = ModelCodec.encode(model(CellType.LSTM));
        int weightBytes = 4 * Weights.parameterCount(model(CellType.LSTM).config());
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 32 - 100);
        assertThatThrownBy(() -> ModelCodec.decode(cut))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(
                        "truncated: expected " + weightBytes + " bytes of weights, found " + (weightBytes - 100));
        byte[] noChecksum = Arrays.copyOf(bytes, bytes.length - 5);
        assertThatThrownBy(() -> ModelCodec.decode(noChecksum))
                .hasMessage("truncated: expected 32 bytes of SHA-256 checksum after the weights, found 27");
    }

    @Test
    void everyTruncationIsRejectedAsFormatError() {
        byte[] bytes = ModelCodec.encode(model(CellType.GRU));
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> ModelCodec.decode(cut))
                    .as("first %d bytes", n)
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void aFlippedByteFailsTheChecksum() {
        byte[] bytes = ModelCodec.encode(model(CellType.LSTM));
        bytes[bytes.length - 32 - 7] ^= 0x10; // inside the weights
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("checksum mismatch: the file stores SHA-256 ")
                .hasMessageEndingWith("; the file is corrupt");
    }

    @Test
    void everyFlippedByteIsRejectedAsFormatError() {
        byte[] good = ModelCodec.encode(model(CellType.RNN));
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> ModelCodec.decode(bad))
                    .as("byte %d flipped", i)
                    .isInstanceOf(ModelFormatException.class);
        }
    }

    @Test
    void wrongMagicIsNamed() {
        byte[] bytes = ModelCodec.encode(model(CellType.LSTM));
        bytes[0] = 'P';
        bytes[1] = 'K';
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("bad magic: expected 53 43 4d 4f 44 45 4c 00 (\"SCMODEL\\0\"), found "
                        + "50 4b 4d 4f 44 45 4c 00; not a streamcast model file");
    }

    @Test
    void unknownFormatVersionIsNamed() {
        byte[] bytes = ModelCodec.encode(model(CellType.LSTM));
        putInt(bytes, FORMAT_AT, 9);
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("unsupported format version 9 (this build reads 1 to 8)");
    }

    @Test
    void hiddenSizeThatDisagreesWithTheWeightCountIsWrongShape() {
        Model m = model(CellType.LSTM);
        byte[] bytes = ModelCodec.encode(m);
        assertThat(readInt(bytes, HIDDEN_AT)).isEqualTo(4);
        putInt(bytes, HIDDEN_AT, 5);
        resign(bytes);
        int expected = Weights.parameterCount(m.config().withHiddenSize(5));
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("wrong shape: LSTM with F = 3, H = 5, L = 2 needs " + expected + " weights, file has "
                        + Weights.parameterCount(m.config()));
    }

    @Test
    void invalidConfigurationInAChecksumValidFileIsRejectedWithTheConfigsMessage() {
        byte[] layers = ModelCodec.encode(model(CellType.LSTM));
        putInt(layers, LAYERS_AT, 9);
        resign(layers);
        assertThatThrownBy(() -> ModelCodec.decode(layers))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("invalid configuration: layers must be in [1, 8], found 9");

        byte[] cell = ModelCodec.encode(model(CellType.LSTM));
        cell[CELL_LENGTH_AT + 4 + 3] = 'X';
        resign(cell);
        assertThatThrownBy(() -> ModelCodec.decode(cell))
                .hasMessage("invalid configuration: cell must be one of lstm, gru, rnn, peephole, found 'LSTX'");
    }

    @Test
    void gateOrderOtherThanThisBuildsIsRejected() {
        byte[] bytes = ModelCodec.encode(model(CellType.LSTM));
        int at = indexOf(bytes, "i,f,g,o".getBytes(StandardCharsets.US_ASCII));
        System.arraycopy("i,g,f,o".getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 7);
        resign(bytes);
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .hasMessage("unsupported gate order 'i,g,f,o' for LSTM (this build uses 'i,f,g,o')");
    }

    @Test
    void absurdStringLengthIsRejectedBeforeAllocating() {
        byte[] bytes = ModelCodec.encode(model(CellType.LSTM));
        putInt(bytes, CELL_LENGTH_AT, Integer.MAX_VALUE);
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("corrupt or truncated: cell at offset 12 claims 2147483647 bytes, but only "
                        + (bytes.length - 16) + " remain");
    }

    @Test
    void absurdFeatureCountIsRejectedBeforeAllocating() {
        byte[] bytes = ModelCodec.encode(model(CellType.LSTM));
        putInt(bytes, HIDDEN_AT - 4, 1 << 30);
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("corrupt or truncated: inputSize 1073741824 needs at least 8589934592 bytes");
    }

    @Test
    void invalidModelVersionAndProvenanceAreRejectedWithTheirMessages() {
        byte[] version = ModelCodec.encode(model(CellType.LSTM));
        int versionAt = indexOf(version, "i,f,g,o".getBytes(StandardCharsets.US_ASCII)) + 7;
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putLong(versionAt, 0L);
        resign(version);
        assertThatThrownBy(() -> ModelCodec.decode(version))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("model version 0 is outside [1, 2^53)");

        byte[] k1 = ModelCodec.encode(model(CellType.LSTM));
        int k1At = versionAt + 8 + 8 + 8 + 8 + 4 + 8 + 4; // after version, three times, series, points, epochs
        assertThat(readInt(k1, k1At)).isEqualTo(20);
        putInt(k1, k1At, 41);
        resign(k1);
        assertThatThrownBy(() -> ModelCodec.decode(k1))
                .hasMessage("invalid provenance: k1 must be in [1, 40], found 41");
    }

    /** Writes {@code version} into an LSTM model file and recomputes its checksum, as a forger would. */
    private static byte[] withVersion(long v) {
        byte[] bytes = ModelCodec.encode(model(CellType.LSTM));
        int versionAt = indexOf(bytes, "i,f,g,o".getBytes(StandardCharsets.US_ASCII)) + 7;
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(versionAt, v);
        resign(bytes);
        return bytes;
    }

    @Test
    void aForgedVersionOutsideOneTo2Pow53IsRefusedEvenWithAValidChecksum() {
        for (long v : new long[] {Long.MAX_VALUE, 1L << 53, Long.MIN_VALUE, -1L, 0L}) {
            assertThatThrownBy(() -> ModelCodec.decode(withVersion(v)))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessage("model version " + v + " is outside [1, 2^53)");
        }
        assertThat(ModelCodec.decode(withVersion(Model.MAX_VERSION)).version()).isEqualTo((1L << 53) - 1);
        assertThat(ModelCodec.decode(withVersion(1L)).version()).isEqualTo(1L);
    }

    @Test
    void aNonFiniteWeightIsRefusedWithItsIndexEvenWithAValidChecksum() {
        Model m = model(CellType.LSTM);
        int n = Weights.parameterCount(m.config());
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            byte[] bytes = ModelCodec.encode(m);
            int weightsAt = bytes.length - ModelCodec.CHECKSUM_BYTES - 4 * n; // format 1: weights end the body
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(weightsAt + 4 * 7, bad);
            resign(bytes);
            assertThatThrownBy(() -> ModelCodec.decode(bytes))
                    .isInstanceOf(ModelFormatException.class)
                    .hasMessage("non-finite weight: " + bad + " at index 7 of " + n + " weights");
        }
    }

    @Test
    void aModelWithANonFiniteWeightCannotBeWritten() {
        Model m = model(CellType.GRU);
        float[] flat = m.weights().toFlat();
        flat[3] = Float.NaN;
        Model bad = new Model(m.config(), Weights.fromFlat(m.config(), flat), 1, m.provenance());
        assertThatThrownBy(() -> ModelCodec.encode(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite weight: NaN at index 3");
    }

    @Test
    void nonFiniteTrainingSettingsAndInfiniteLossesAreRefusedByName() {
        byte[] base = ModelCodec.encode(model(CellType.LSTM));
        int versionAt = indexOf(base, "i,f,g,o".getBytes(StandardCharsets.US_ASCII)) + 7;
        int lrAt = versionAt + 8 + 8 + 8 + 8 + 4 + 8 + 4 + 4 + 4 + 4;
        int trainLossAt = lrAt + 8 + 8 + 8 + 4 + 4 + 8 + 8;
        assertThat(ByteBuffer.wrap(base).order(ByteOrder.LITTLE_ENDIAN).getDouble(lrAt))
                .isEqualTo(0.001);
        assertThat(ByteBuffer.wrap(base).order(ByteOrder.LITTLE_ENDIAN).getDouble(trainLossAt))
                .isEqualTo(0.0123);

        byte[] lr = base.clone();
        ByteBuffer.wrap(lr).order(ByteOrder.LITTLE_ENDIAN).putDouble(lrAt, Double.NaN);
        resign(lr);
        assertThatThrownBy(() -> ModelCodec.decode(lr))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("invalid provenance: learningRate must be in (0, 1], found NaN");

        byte[] loss = base.clone();
        ByteBuffer.wrap(loss).order(ByteOrder.LITTLE_ENDIAN).putDouble(trainLossAt, Double.POSITIVE_INFINITY);
        resign(loss);
        assertThatThrownBy(() -> ModelCodec.decode(loss))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith(
                        "invalid provenance: losses must be finite or NaN (unknown), found " + "trainLoss Infinity");
    }

    @Test
    void theNextVersionNeverLeavesOneTo2Pow53() {
        assertThat(Model.nextVersion(0)).isEqualTo(1);
        assertThat(Model.nextVersion(41)).isEqualTo(42);
        assertThat(Model.nextVersion(Model.MAX_VERSION - 1)).isEqualTo(Model.MAX_VERSION);
        for (long v : new long[] {Model.MAX_VERSION, Long.MAX_VALUE, -1}) {
            assertThatThrownBy(() -> Model.nextVersion(v))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("cannot number a new model after version " + v);
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] bytes = ModelCodec.encode(model(CellType.GRU));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
        assertThatThrownBy(() -> ModelCodec.decode(longer))
                .hasMessage("trailing data: expected 32 bytes of SHA-256 checksum after the weights, found 35");
    }

    private static void putInt(byte[] bytes, int at, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
    }

    private static int readInt(byte[] bytes, int at) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
    }

    /** Recomputes the trailing SHA-256 after the bytes before it were edited. */
    private static void resign(byte[] bytes) {
        int body = bytes.length - ModelCodec.CHECKSUM_BYTES;
        System.arraycopy(ModelCodec.sha256(bytes, body), 0, bytes, body, ModelCodec.CHECKSUM_BYTES);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
