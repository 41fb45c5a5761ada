package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.model.prep.Binary16;
import dev.streamcast.model.prep.ScalerState;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * {@link SeriesStateSerializer}: Flink's own serializer checks ({@link SerializerTestBase}: copy, duplicate, snapshot
 * round trip, serialize and deserialize alone and in sequence, with and without reuse), every field of
 * {@link SeriesState} through a round trip (so a field added later without a layout fails here), corrupt bytes, and
 * the compatibility it declares with the POJO serializer that wrote the state of earlier releases.
 */
class SeriesStateSerializerTest extends SerializerTestBase<SeriesState> {

    SeriesStateSerializerTest() {
        super(new DeeplyEqualsChecker()
                .withCustomCheck(
                        (a, b) -> a instanceof SeriesState && b instanceof SeriesState,
                        (a, b, checker) -> sameFields(a, b)));
    }

    @Override
    protected TypeSerializer<SeriesState> createSerializer() {
        return new SeriesStateSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<SeriesState> getTypeClass() {
        return SeriesState.class;
    }

    @Override
    protected SeriesState[] getTestData() {
        SeriesState fresh = SeriesState.create(64, 1);
        SeriesState early = SeriesState.create(8, 2);
        early.appendRaw(new double[] {1.5, -2});
        early.lastTs = 1_700_000_000_000L;
        early.seq = 1;
        SeriesState seasonal = filled(new Random(7), 4);
        seasonal.scaler = new ScalerState(1, 4);
        seasonal.scaler.lags[2] = 0.25;
        seasonal.paths = null;
        SeriesState noScalerRings = filled(new Random(11), 3);
        noScalerRings.scaler.hist = null;
        noScalerRings.scaler.lags = null;
        return new SeriesState[] {new SeriesState(), fresh, early, seasonal, noScalerRings, filled(new Random(3), 128)};
    }

    @Test
    void everyFieldOfTheStateSurvivesARoundTrip() throws IOException {
        SeriesState s = filled(new Random(42), 5);
        SeriesState back = roundTrip(s);
        SeriesState defaults = new SeriesState();
        defaults.scaler = new ScalerState();
        for (Field f : publicFields(SeriesState.class)) {
            assertThat(same(f, s, defaults))
                    .as(
                            "the test state sets SeriesState.%s (a new field? give it a place in the serializer's layout,"
                                    + " and a value in filled())",
                            f.getName())
                    .isFalse();
        }
        for (Field f : publicFields(ScalerState.class)) {
            assertThat(same(f, s.scaler, defaults.scaler))
                    .as("the test state sets ScalerState.%s", f.getName())
                    .isFalse();
        }
        for (Field f : publicFields(SeriesState.class)) {
            assertThat(same(f, s, back))
                    .as("SeriesState.%s after a round trip", f.getName())
                    .isTrue();
        }
        for (Field f : publicFields(ScalerState.class)) {
            assertThat(same(f, s.scaler, back.scaler))
                    .as("ScalerState.%s after a round trip", f.getName())
                    .isTrue();
        }
    }

    @Test
    void aStateOfTheDefaultsTakesFewerBytesThanWithThePojoSerializer() throws IOException {
        SeriesState s = filled(new Random(1), 64);
        s.rnn = new float[128];
        s.inputs = new float[64];
        s.raws = null;
        s.paths = null;
        s.horizonBands = null;
        s.smoothing = null;
        s.scaler = new ScalerState(1);
        DataOutputSerializer pojo = new DataOutputSerializer(4096);
        pojoSerializer().serialize(s, pojo);
        int ours = bytes(s).length;
        System.out.println("SeriesState with the defaults (H = 64, W = 64, L = 2): " + ours + " bytes, POJO serializer "
                + pojo.length());
        assertThat(ours).isLessThan(pojo.length());
    }

    @Test
    void theDefaultStateTakesFewerBytesThanInLayout1() throws IOException {
        SeriesState s = SeriesStates.steady(new Random(1));
        int ours = bytes(s).length;
        System.out.println("SeriesState with the defaults (H = 64, W = 64, L = 2): layout "
                + SeriesStateSerializer.LAYOUT + " " + ours + " bytes, layout 1 971");
        assertThat(ours).isLessThan(971);
    }

    @Test
    void recordsOfLayout1StillRead() throws IOException {
        // written by the layout-1 serializer (main at 6518e36): filled(42, 5), a new state, and a
        // W = 8, F = 2 state with one raw observation
        List<String> hex = Files.readAllLines(Path.of("src/test/resources/state/series-layout1.hex"));
        SeriesState early = SeriesState.create(8, 2);
        early.appendRaw(new double[] {1.5, -2});
        early.lastTs = 1_700_000_000_000L;
        early.seq = 1;
        SeriesState[] expected = {filled(new Random(42), 5), new SeriesState(), early};
        assertThat(hex).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            byte[] layout1 = HexFormat.of().parseHex(hex.get(i));
            assertThat(layout1[0]).isEqualTo((byte) 1);
            SeriesState back = read(layout1);
            assertThat(sameFields(back, expected[i]))
                    .as("record %d: %s", i, back)
                    .isTrue();
            byte[] now = bytes(back);
            assertThat(now[0]).isEqualTo((byte) SeriesStateSerializer.LAYOUT);
            assertThat(sameFields(read(now), expected[i]))
                    .as("record %d rewritten", i)
                    .isTrue();
            // the serializer's copy of a record (Flink's state migration path) writes the current layout
            DataOutputSerializer copied = new DataOutputSerializer(1024);
            new SeriesStateSerializer().copy(new DataInputDeserializer(layout1), copied);
            assertThat(copied.getCopyOfBuffer()).isEqualTo(now);
        }
    }

    @Test
    void recordsOfLayout2StillReadWithTheirInputRingRounded() throws IOException {
        // written by the layout-2 serializer (a32938f): filled(42, 5) with its input ring of exact floats, and
        // steady(1)
        List<String> hex = Files.readAllLines(Path.of("src/test/resources/state/series-layout2.hex"));
        SeriesState[] expected = {filled(new Random(42), 5), SeriesStates.steady(new Random(1))};
        assertThat(hex).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            byte[] layout2 = HexFormat.of().parseHex(hex.get(i));
            assertThat(layout2[0]).isEqualTo((byte) 2);
            SeriesState back = read(layout2);
            assertThat(sameFields(back, expected[i]))
                    .as("record %d: %s", i, back)
                    .isTrue();
            assertThat(bytes(back)).hasSize(layout2.length - 2 * back.inputs.length);
        }
    }

    @Test
    void theInputRingIsWrittenAsBinary16AndAnExactRingIsRounded() throws IOException {
        SeriesState s = filled(new Random(12), 6);
        int before = bytes(s).length;
        s.inputs = new float[] {1 / 3f, -1e-6f, 1e6f, 0x1p-25f, -0f, 1 + 0x1p-11f, 65504f, 2.5f};
        SeriesState back = roundTrip(s);
        float[] expected = {Binary16.round(1 / 3f), Binary16.round(-1e-6f), 65504f, 0f, -0f, 1f, 65504f, 2.5f};
        assertThat(back.inputs).containsExactly(expected);
        assertThat(Float.floatToRawIntBits(back.inputs[4])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(bytes(s).length - before)
                .as("8 entries instead of 12, 2 bytes each")
                .isEqualTo(-4 * 2);
        // the job's ring (SeriesState.appendInput) holds binary16 values: they come back exactly
        SeriesState ring = SeriesState.create(4, 2);
        ring.appendInput(new float[] {0.1f, -7.77f}, 2);
        ring.appendInput(new float[] {3e-7f, 123456f}, 2);
        assertThat(ring.inputs)
                .containsExactly(
                        Binary16.round(0.1f), Binary16.round(-7.77f), Binary16.round(3e-7f), 65504f, 0f, 0f, 0f, 0f);
        assertThat(roundTrip(ring).inputs).containsExactly(ring.inputs);
    }

    @Test
    void extremeCountersHeadsAndTimestampsSurviveARoundTrip() throws IOException {
        long[] longs = {
            0, 1, 127, 128, 16_383, 16_384, 1_700_000_000_000L, -1, -62_135_596_800_000L, Long.MIN_VALUE, Long.MAX_VALUE
        };
        int[] ints = {0, 1, 127, 128, Integer.MAX_VALUE, -1, Integer.MIN_VALUE};
        for (long v : longs) {
            SeriesState s = filled(new Random(v), 3);
            s.modelVersion = v;
            s.consumed = v;
            s.scaler.count = v;
            s.scaler.seen = v;
            s.scaler.lagCount = v;
            s.scalerSpace = v;
            s.lastTs = v;
            s.seq = v;
            s.inputHead = ints[(int) Math.floorMod(v, (long) ints.length)];
            s.inputCount = ints[(int) Math.floorMod(v + 1, (long) ints.length)];
            s.rawHead = ints[(int) Math.floorMod(v + 2, (long) ints.length)];
            s.rawCount = ints[(int) Math.floorMod(v + 3, (long) ints.length)];
            assertThat(sameFields(roundTrip(s), s)).as("value %d", v).isTrue();
        }
        for (int v : ints) {
            SeriesState s = new SeriesState();
            s.inputHead = v;
            s.inputCount = v;
            s.rawHead = v;
            s.rawCount = v;
            assertThat(sameFields(roundTrip(s), s)).as("value %d", v).isTrue();
        }
    }

    @Test
    void floatsAndDoublesAreWrittenBitExact() throws IOException {
        SeriesState s = filled(new Random(9), 4);
        s.rnn = new float[] {Float.intBitsToFloat(0x7fc00001), -0f, Float.MIN_VALUE, Float.NEGATIVE_INFINITY};
        s.lastForecast = Double.longBitsToDouble(0x7ff8000000000123L);
        s.interval = -0.0;
        SeriesState back = roundTrip(s);
        for (int i = 0; i < s.rnn.length; i++) {
            assertThat(Float.floatToRawIntBits(back.rnn[i])).isEqualTo(Float.floatToRawIntBits(s.rnn[i]));
        }
        assertThat(Double.doubleToRawLongBits(back.lastForecast)).isEqualTo(0x7ff8000000000123L);
        assertThat(Double.doubleToRawLongBits(back.interval)).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void anUnknownLayoutFailsTheRead() {
        byte[] b = bytesOf(new SeriesState());
        b[0] = (byte) (SeriesStateSerializer.LAYOUT + 1);
        assertThatThrownBy(() -> read(b))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("layout " + (SeriesStateSerializer.LAYOUT + 1));
    }

    @Test
    void unknownPresenceBitsOrScalerFieldsWithoutAScalerFailTheRead() {
        byte[] b = bytesOf(new SeriesState());
        b[1] = (byte) 0x40; // bit 14
        assertThatThrownBy(() -> read(b)).isInstanceOf(IOException.class).hasMessageContaining("presence mask 4000");
        b[1] = 0;
        b[2] = 1 << 3; // scaler.last without the scaler
        assertThatThrownBy(() -> read(b)).isInstanceOf(IOException.class).hasMessageContaining("without a scaler");
    }

    @Test
    void aCorruptLengthFailsBeforeAnythingIsAllocated() {
        // layout, presence (rnn), then the length of rnn as a varint
        assertThatThrownBy(() -> read(record(0xff, 0xff, 0xff, 0xff, 0x07)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rnn has length 2147483647");
        assertThatThrownBy(() -> read(record(0xff, 0xff, 0xff, 0xff, 0x0f)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rnn has length -1: the state is corrupt");
        assertThatThrownBy(() -> read(record(0xff, 0xff, 0xff, 0xff, 0x1f)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the varint of rnn is longer than an int");
        assertThatThrownBy(() -> read(record(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the varint of rnn is longer than an int");
    }

    @Test
    void aVarintLongerThanItsLongFailsTheRead() {
        // rnn of no elements, then modelVersion: ten bytes whose last carries more than the long's top bit
        assertThatThrownBy(() -> read(record(0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the varint of modelVersion is longer than a long");
        assertThatThrownBy(() -> read(record(0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x81)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the varint of modelVersion is longer than a long");
    }

    @Test
    void lengthsThatAddUpToTooManyElementsFail() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeByte(SeriesStateSerializer.LAYOUT);
        out.writeShort(1 | 1 << 8); // rnn and inputs
        out.write(new byte[] {1, 0, 0, 0, 0, 0, 0}); // rnn: 1 float; modelVersion 0, consumed 0
        out.writeLong(0); // scalerSpace
        int n = SeriesStateSerializer.MAX_ELEMENTS; // inputs' length: the whole budget, of which rnn took 1
        out.write(new byte[] {
            (byte) (n & 0x7f | 0x80), (byte) (n >>> 7 & 0x7f | 0x80), (byte) (n >>> 14 & 0x7f | 0x80), (byte) (n >>> 21)
        });
        assertThatThrownBy(() -> read(out.getCopyOfBuffer()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("inputs has length " + SeriesStateSerializer.MAX_ELEMENTS);
    }

    @Test
    void layout1sCorruptLengthsStillFail() {
        byte[] b = HexFormat.of().parseHex("01" + "7fffffff");
        assertThatThrownBy(() -> read(b))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rnn has length 2147483647");
        byte[] c = HexFormat.of().parseHex("01" + "fffffffe");
        assertThatThrownBy(() -> read(c)).isInstanceOf(IOException.class).hasMessageContaining("rnn has length -2");
    }

    @Test
    void aTruncatedStateFailsTheRead() {
        byte[] b = bytesOf(filled(new Random(5), 8));
        assertThatThrownBy(() -> read(Arrays.copyOf(b, b.length - 3))).isInstanceOf(EOFException.class);
    }

    @Test
    void thePojoSerializersSnapshotIsCompatibleAfterMigration() throws IOException {
        TypeSerializerSnapshot<SeriesState> pojo = reread(pojoSerializer().snapshotConfiguration());
        TypeSerializerSchemaCompatibility<SeriesState> c =
                new SeriesStateSerializer().snapshotConfiguration().resolveSchemaCompatibility(pojo);
        assertThat(c.isCompatibleAfterMigration()).as(c.toString()).isTrue();
    }

    @Test
    void stateMigratedFromThePojoSerializerReadsTheSame() throws IOException {
        TypeSerializer<SeriesState> old =
                reread(pojoSerializer().snapshotConfiguration()).restoreSerializer();
        for (SeriesState s : getTestData()) {
            DataOutputSerializer out = new DataOutputSerializer(4096);
            old.serialize(s, out);
            SeriesState viaPojo = old.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(sameFields(roundTrip(viaPojo), s)).as(s.toString()).isTrue();
        }
    }

    @Test
    void aPojoSnapshotOfAnotherClassIsIncompatible() throws IOException {
        @SuppressWarnings({"unchecked", "rawtypes"})
        TypeSerializerSnapshot<SeriesState> other =
                (TypeSerializerSnapshot) reread(TypeInformation.of(ScalerState.class)
                        .createSerializer(new SerializerConfigImpl())
                        .snapshotConfiguration());
        assertThat(new SeriesStateSerializer()
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(other)
                        .isIncompatible())
                .isTrue();
    }

    @Test
    void itsOwnSnapshotIsCompatibleAsIsAndANewerLayoutIsRefused() throws IOException {
        TypeSerializerSnapshot<SeriesState> own = reread(new SeriesStateSerializer().snapshotConfiguration());
        assertThat(own).isInstanceOf(SeriesStateSerializer.Snapshot.class);
        assertThat(((SeriesStateSerializer.Snapshot) own).layout()).isEqualTo(SeriesStateSerializer.LAYOUT);
        assertThat(new SeriesStateSerializer()
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(own)
                        .isCompatibleAsIs())
                .isTrue();
        assertThatThrownBy(() -> new SeriesStateSerializer.Snapshot()
                        .readSnapshot(SeriesStateSerializer.LAYOUT + 1, new DataInputDeserializer(new byte[0]), null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("newer release");
    }

    // ---- helpers

    /** A state with every field set to something other than its default, arrays of n elements (scaler: F = 2). */
    static SeriesState filled(Random r, int n) {
        SeriesState s = new SeriesState();
        s.rnn = SeriesStates.floats(r, n);
        s.modelVersion = 1 + r.nextInt(1000);
        s.consumed = r.nextLong();
        s.scaler = new ScalerState(2, 3);
        s.scaler.count = r.nextLong();
        s.scaler.hasPrevious = true;
        s.scaler.last = doubles(r, 2);
        s.scaler.mean = doubles(r, 2);
        s.scaler.var = doubles(r, 2);
        s.scaler.hist = doubles(r, 6);
        s.scaler.lags = doubles(r, 3);
        s.scaler.seen = r.nextLong();
        s.scaler.lagCount = r.nextLong();
        s.scalerSpace = r.nextLong();
        s.inputs = SeriesStates.binary16(SeriesStates.floats(r, 2 * n)); // as the ring holds them
        s.inputHead = r.nextInt(n);
        s.inputCount = r.nextInt(n);
        s.raws = doubles(r, n);
        s.rawHead = r.nextInt(n);
        s.rawCount = r.nextInt(n);
        s.lastForecast = r.nextGaussian();
        s.lastTs = r.nextLong();
        s.interval = r.nextDouble() * 1000;
        s.seq = r.nextLong();
        s.bands = SeriesStates.floats(r, 8);
        s.paths = doubles(r, n);
        s.horizonBands = SeriesStates.floats(r, 16);
        s.smoothing = doubles(r, 7);
        s.bands[1] = Float.NaN;
        s.paths[0] = Double.NaN;
        return s;
    }

    private static double[] doubles(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    @SuppressWarnings("unchecked")
    private static TypeSerializer<SeriesState> pojoSerializer() {
        TypeSerializer<SeriesState> s =
                TypeInformation.of(SeriesState.class).createSerializer(new SerializerConfigImpl());
        assertThat(s.getClass().getSimpleName()).isEqualTo("PojoSerializer");
        return s;
    }

    /** The snapshot as Flink writes it into a checkpoint and reads it back (class name, version, content). */
    private static <T> TypeSerializerSnapshot<T> reread(TypeSerializerSnapshot<T> snapshot) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), SeriesStateSerializerTest.class.getClassLoader());
    }

    private static byte[] bytes(SeriesState s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        new SeriesStateSerializer().serialize(s, out);
        return out.getCopyOfBuffer();
    }

    private static byte[] bytesOf(SeriesState s) {
        try {
            return bytes(s);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A record of the current layout with rnn present and these bytes after the presence mask. */
    private static byte[] record(int... after) {
        byte[] b = new byte[3 + after.length];
        b[0] = (byte) SeriesStateSerializer.LAYOUT;
        b[2] = 1;
        for (int i = 0; i < after.length; i++) {
            b[3 + i] = (byte) after[i];
        }
        return b;
    }

    private static SeriesState read(byte[] b) throws IOException {
        return new SeriesStateSerializer().deserialize(new DataInputDeserializer(b));
    }

    private static SeriesState roundTrip(SeriesState s) throws IOException {
        return read(bytes(s));
    }

    private static Field[] publicFields(Class<?> c) {
        return Arrays.stream(c.getFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .toArray(Field[]::new);
    }

    /** Field by field, arrays by content, the scaler field by field; NaN equals NaN. */
    static boolean sameFields(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        for (Field f : publicFields(a.getClass())) {
            if (!same(f, a, b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(Field f, Object a, Object b) {
        try {
            Object x = f.get(a);
            Object y = f.get(b);
            if (x == null || y == null) {
                return x == y;
            }
            if (x.getClass().isArray()) {
                if (Array.getLength(x) != Array.getLength(y)) {
                    return false;
                }
                for (int i = 0; i < Array.getLength(x); i++) {
                    if (!Objects.equals(Array.get(x, i), Array.get(y, i))) {
                        return false;
                    }
                }
                return true;
            }
            if (x instanceof ScalerState) {
                return sameFields(x, y);
            }
            return Objects.equals(x, y);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
