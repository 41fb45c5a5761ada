package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.model.prep.ScalerState;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
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
    void anUnknownLayoutFailsTheRead() {
        byte[] b = bytesOf(new SeriesState());
        b[0] = 2;
        assertThatThrownBy(() -> read(b)).isInstanceOf(IOException.class).hasMessageContaining("layout 2");
    }

    @Test
    void aCorruptLengthFailsBeforeAnythingIsAllocated() {
        byte[] b = bytesOf(new SeriesState());
        // after the layout byte: the length of rnn
        b[1] = 0x7f;
        b[2] = (byte) 0xff;
        b[3] = (byte) 0xff;
        b[4] = (byte) 0xff;
        assertThatThrownBy(() -> read(b))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("rnn has length 2147483647");
        b[1] = (byte) 0x80;
        assertThatThrownBy(() -> read(b)).isInstanceOf(IOException.class).hasMessageContaining("is corrupt");
    }

    @Test
    void lengthsThatAddUpToTooManyElementsFail() throws IOException {
        SeriesState s = new SeriesState();
        s.rnn = new float[1];
        s.inputs = new float[1];
        byte[] two = bytesOf(s);
        // inputs' length follows rnn (1 float), both longs and the scaler flag: set it to the whole budget
        int at = 1 + 4 + 4 + 8 + 8 + 1 + 8;
        DataOutputSerializer len = new DataOutputSerializer(4);
        len.writeInt(SeriesStateSerializer.MAX_ELEMENTS);
        System.arraycopy(len.getCopyOfBuffer(), 0, two, at, 4);
        assertThatThrownBy(() -> read(two))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("inputs has length " + SeriesStateSerializer.MAX_ELEMENTS);
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
        s.rnn = floats(r, n);
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
        s.inputs = floats(r, 2 * n);
        s.inputHead = r.nextInt(n);
        s.inputCount = r.nextInt(n);
        s.raws = doubles(r, n);
        s.rawHead = r.nextInt(n);
        s.rawCount = r.nextInt(n);
        s.lastForecast = r.nextGaussian();
        s.lastTs = r.nextLong();
        s.interval = r.nextDouble() * 1000;
        s.seq = r.nextLong();
        s.bands = floats(r, 8);
        s.paths = doubles(r, n);
        s.horizonBands = floats(r, 16);
        s.smoothing = doubles(r, 7);
        s.bands[1] = Float.NaN;
        s.paths[0] = Double.NaN;
        return s;
    }

    private static float[] floats(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
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
