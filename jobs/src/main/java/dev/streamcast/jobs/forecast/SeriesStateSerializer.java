package dev.streamcast.jobs.forecast;

import dev.streamcast.model.prep.Binary16;
import dev.streamcast.model.prep.ScalerState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The byte form of a key's {@link SeriesState}: written by hand instead of by Flink's reflective POJO serializer, so
 * that RocksDB's get and put of the state (one each per observation) cost as little as the arrays themselves.
 *
 * <p>Layout 3, big-endian (Flink's {@code DataOutputView}): one presence mask instead of a -1 length per absent
 * array, nothing written for an absent array, unsigned LEB128 varints (7 bits a byte, low group first) for the
 * lengths, counters, heads, sequence number and versions, a zigzag varint for the timestamp, the input ring's entries
 * as binary16; other floats and doubles raw (their bits as they are), so a round trip is bit-exact:
 *
 * <pre>
 * byte     layout (3)
 * short    presence: bit 0 rnn, 1 scaler, 2 scaler.hasPrevious, 3-7 scaler.last, mean, var, hist, lags, 8 inputs,
 *          9 raws, 10 bands, 11 paths, 12 horizonBands, 13 smoothing (bits 14-15 zero)
 * [rnn]    varint n, n floats;  varint modelVersion;  varint consumed
 * [scaler] varint count; [last] [mean] [var] [hist] [lags] (varint n, n doubles); varint seen; varint lagCount
 * long     scalerSpace (a hash: as it is)
 * [inputs] varint n, n binary16 (2 bytes each);  varint inputHead;  varint inputCount
 * [raws]   varint n, n doubles; varint rawHead;    varint rawCount
 * double   lastForecast;  zigzag varint lastTs;  double interval;  varint seq
 * [bands] floats, [paths] doubles, [horizonBands] floats, [smoothing] doubles (each varint n, n elements)
 * </pre>
 *
 * <p>A varint holds any value of its type (a negative one in 5 or 10 bytes), so nothing is lost for values the job
 * never makes; the input ring holds binary16 values ({@code SeriesState.appendInput} rounds them), so nothing is lost
 * there either. Older layouts are read with the ring rounded to binary16, as the ring is now. Layout 2 is layout 3
 * with the ring's entries as floats. Layout 1 (every record before layout 2): an array is its length as an int (-1 =
 * null) and its elements; byte layout (1); float[] rnn; long modelVersion; long consumed; byte scaler present (0/1),
 * if 1: long count, bool hasPrevious, double[] last, mean, var, hist, lags, long seen, long lagCount; long
 * scalerSpace; float[] inputs; int inputHead; int inputCount; double[] raws; int rawHead; int rawCount; double
 * lastForecast; long lastTs; double interval; long seq; float[] bands; double[] paths; float[] horizonBands; double[]
 * smoothing.
 *
 * <p>Every record starts with its layout, so a later layout (a field added to {@link SeriesState}) is a new
 * {@code LAYOUT_n} constant, a branch in {@link #deserialize(DataInputView)} that reads the older records as they are,
 * and {@link #LAYOUT} raised: state written by earlier layouts stays readable record by record, without a migration
 * pass over the whole state at restore. State written by Flink's POJO serializer (every release up to 2b2cccb) is
 * migrated by Flink at restore: {@link Snapshot#resolveSchemaCompatibility} declares it compatible after migration,
 * so Flink reads it with the old serializer and writes it with this one (docs/state.md).
 *
 * <p>State bytes are not trusted blindly: an unknown layout, an unknown presence bit, a negative length, a varint
 * longer than its type or arrays of more than {@link #MAX_ELEMENTS} elements in one state fail the read with an
 * {@link IOException} that names the field, before anything is allocated for it.
 */
public final class SeriesStateSerializer extends TypeSerializer<SeriesState> {
    private static final long serialVersionUID = 1L;

    /** The first layout: fixed-size lengths (-1 = null), counters and heads. */
    static final int LAYOUT_1 = 1;

    /** Presence mask, varints for lengths, counters, heads, versions and the timestamp. */
    static final int LAYOUT_2 = 2;

    /** As layout 2, the input ring's entries as binary16 (2 bytes each: SeriesState.inputs holds them so). */
    static final int LAYOUT_3 = 3;

    /** The layout this serializer writes (and the highest it reads). */
    public static final int LAYOUT = LAYOUT_3;

    // presence bits of layout 2
    private static final int RNN = 1;
    private static final int SCALER = 1 << 1;
    private static final int HAS_PREVIOUS = 1 << 2;
    private static final int LAST = 1 << 3;
    private static final int MEAN = 1 << 4;
    private static final int VAR = 1 << 5;
    private static final int HIST = 1 << 6;
    private static final int LAGS = 1 << 7;
    private static final int INPUTS = 1 << 8;
    private static final int RAWS = 1 << 9;
    private static final int BANDS = 1 << 10;
    private static final int PATHS = 1 << 11;
    private static final int HORIZON_BANDS = 1 << 12;
    private static final int SMOOTHING = 1 << 13;
    private static final int KNOWN = (1 << 14) - 1;

    /**
     * Most array elements one state may hold in all (16 Mi: 64 MB of floats): far above any state the job makes (the
     * largest ring is window-size 100,000 × the input width), far below what a corrupt length could ask for.
     */
    public static final int MAX_ELEMENTS = 1 << 24;

    /** The one instance the job uses (stateless, so {@link #duplicate()} returns it). */
    public static final SeriesStateSerializer INSTANCE = new SeriesStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<SeriesState> duplicate() {
        return this;
    }

    @Override
    public SeriesState createInstance() {
        return new SeriesState();
    }

    @Override
    public SeriesState copy(SeriesState from) {
        return copy(from, new SeriesState());
    }

    @Override
    public SeriesState copy(SeriesState from, SeriesState reuse) {
        SeriesState to = reuse == null ? new SeriesState() : reuse;
        to.rnn = copyOf(from.rnn, to.rnn);
        to.modelVersion = from.modelVersion;
        to.consumed = from.consumed;
        if (from.scaler == null) {
            to.scaler = null;
        } else {
            ScalerState s = to.scaler == null ? new ScalerState() : to.scaler;
            s.count = from.scaler.count;
            s.hasPrevious = from.scaler.hasPrevious;
            s.last = copyOf(from.scaler.last, s.last);
            s.mean = copyOf(from.scaler.mean, s.mean);
            s.var = copyOf(from.scaler.var, s.var);
            s.hist = copyOf(from.scaler.hist, s.hist);
            s.lags = copyOf(from.scaler.lags, s.lags);
            s.seen = from.scaler.seen;
            s.lagCount = from.scaler.lagCount;
            to.scaler = s;
        }
        to.scalerSpace = from.scalerSpace;
        to.inputs = copyOf(from.inputs, to.inputs);
        to.inputHead = from.inputHead;
        to.inputCount = from.inputCount;
        to.raws = copyOf(from.raws, to.raws);
        to.rawHead = from.rawHead;
        to.rawCount = from.rawCount;
        to.lastForecast = from.lastForecast;
        to.lastTs = from.lastTs;
        to.interval = from.interval;
        to.seq = from.seq;
        to.bands = copyOf(from.bands, to.bands);
        to.paths = copyOf(from.paths, to.paths);
        to.horizonBands = copyOf(from.horizonBands, to.horizonBands);
        to.smoothing = copyOf(from.smoothing, to.smoothing);
        return to;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(SeriesState s, DataOutputView out) throws IOException {
        ScalerState sc = s.scaler;
        int mask = bit(s.rnn, RNN)
                | bit(s.inputs, INPUTS)
                | bit(s.raws, RAWS)
                | bit(s.bands, BANDS)
                | bit(s.paths, PATHS)
                | bit(s.horizonBands, HORIZON_BANDS)
                | bit(s.smoothing, SMOOTHING);
        if (sc != null) {
            mask |= SCALER
                    | (sc.hasPrevious ? HAS_PREVIOUS : 0)
                    | bit(sc.last, LAST)
                    | bit(sc.mean, MEAN)
                    | bit(sc.var, VAR)
                    | bit(sc.hist, HIST)
                    | bit(sc.lags, LAGS);
        }
        out.writeByte(LAYOUT);
        out.writeShort(mask);
        writeFloats(s.rnn, out);
        writeVarLong(s.modelVersion, out);
        writeVarLong(s.consumed, out);
        if (sc != null) {
            writeVarLong(sc.count, out);
            writeDoubles(sc.last, out);
            writeDoubles(sc.mean, out);
            writeDoubles(sc.var, out);
            writeDoubles(sc.hist, out);
            writeDoubles(sc.lags, out);
            writeVarLong(sc.seen, out);
            writeVarLong(sc.lagCount, out);
        }
        out.writeLong(s.scalerSpace);
        writeHalves(s.inputs, out);
        writeVarInt(s.inputHead, out);
        writeVarInt(s.inputCount, out);
        writeDoubles(s.raws, out);
        writeVarInt(s.rawHead, out);
        writeVarInt(s.rawCount, out);
        out.writeLong(Double.doubleToRawLongBits(s.lastForecast));
        writeVarLong((s.lastTs << 1) ^ (s.lastTs >> 63), out); // zigzag: before 1970 and "none" stay short
        out.writeLong(Double.doubleToRawLongBits(s.interval));
        writeVarLong(s.seq, out);
        writeFloats(s.bands, out);
        writeDoubles(s.paths, out);
        writeFloats(s.horizonBands, out);
        writeDoubles(s.smoothing, out);
    }

    @Override
    public SeriesState deserialize(DataInputView in) throws IOException {
        return deserialize(new SeriesState(), in);
    }

    /** Reads into {@code s}, reusing its arrays where they have the stored lengths. */
    @Override
    public SeriesState deserialize(SeriesState s, DataInputView in) throws IOException {
        int layout = in.readUnsignedByte();
        if (layout == LAYOUT_1) {
            return readLayout1(s, in);
        }
        if (layout != LAYOUT_2 && layout != LAYOUT_3) {
            throw new IOException("SeriesState: layout " + layout + " is not one this code reads (1 to " + LAYOUT
                    + "): the state is corrupt or was written by a newer release");
        }
        int mask = in.readUnsignedShort();
        if ((mask & ~KNOWN) != 0) {
            throw new IOException("SeriesState: presence mask " + Integer.toHexString(mask)
                    + " has bits this layout does not define: the state is corrupt");
        }
        Budget b = new Budget();
        s.rnn = (mask & RNN) != 0 ? readFloats(s.rnn, in, b, "rnn") : null;
        s.modelVersion = readVarLong(in, "modelVersion");
        s.consumed = readVarLong(in, "consumed");
        if ((mask & SCALER) != 0) {
            ScalerState sc = s.scaler == null ? new ScalerState() : s.scaler;
            sc.count = readVarLong(in, "scaler.count");
            sc.hasPrevious = (mask & HAS_PREVIOUS) != 0;
            sc.last = (mask & LAST) != 0 ? readDoubles(sc.last, in, b, "scaler.last") : null;
            sc.mean = (mask & MEAN) != 0 ? readDoubles(sc.mean, in, b, "scaler.mean") : null;
            sc.var = (mask & VAR) != 0 ? readDoubles(sc.var, in, b, "scaler.var") : null;
            sc.hist = (mask & HIST) != 0 ? readDoubles(sc.hist, in, b, "scaler.hist") : null;
            sc.lags = (mask & LAGS) != 0 ? readDoubles(sc.lags, in, b, "scaler.lags") : null;
            sc.seen = readVarLong(in, "scaler.seen");
            sc.lagCount = readVarLong(in, "scaler.lagCount");
            s.scaler = sc;
        } else if ((mask & KNOWN & ~(RNN | INPUTS | RAWS | BANDS | PATHS | HORIZON_BANDS | SMOOTHING)) != 0) {
            throw new IOException("SeriesState: presence mask " + Integer.toHexString(mask)
                    + " has scaler fields without a scaler: the state is corrupt");
        } else {
            s.scaler = null;
        }
        s.scalerSpace = in.readLong();
        if ((mask & INPUTS) == 0) {
            s.inputs = null;
        } else if (layout == LAYOUT_3) {
            s.inputs = readHalves(s.inputs, in, b);
        } else {
            s.inputs = roundedToBinary16(readFloats(s.inputs, in, b, "inputs"));
        }
        s.inputHead = readVarInt(in, "inputHead");
        s.inputCount = readVarInt(in, "inputCount");
        s.raws = (mask & RAWS) != 0 ? readDoubles(s.raws, in, b, "raws") : null;
        s.rawHead = readVarInt(in, "rawHead");
        s.rawCount = readVarInt(in, "rawCount");
        s.lastForecast = in.readDouble();
        long ts = readVarLong(in, "lastTs");
        s.lastTs = (ts >>> 1) ^ -(ts & 1);
        s.interval = in.readDouble();
        s.seq = readVarLong(in, "seq");
        s.bands = (mask & BANDS) != 0 ? readFloats(s.bands, in, b, "bands") : null;
        s.paths = (mask & PATHS) != 0 ? readDoubles(s.paths, in, b, "paths") : null;
        s.horizonBands = (mask & HORIZON_BANDS) != 0 ? readFloats(s.horizonBands, in, b, "horizonBands") : null;
        s.smoothing = (mask & SMOOTHING) != 0 ? readDoubles(s.smoothing, in, b, "smoothing") : null;
        return s;
    }

    /** A record of layout 1 (after its layout byte), read as it was written. */
    private static SeriesState readLayout1(SeriesState s, DataInputView in) throws IOException {
        Budget b = new Budget();
        s.rnn = readFloats1(s.rnn, in, b, "rnn");
        s.modelVersion = in.readLong();
        s.consumed = in.readLong();
        if (in.readBoolean()) {
            ScalerState sc = s.scaler == null ? new ScalerState() : s.scaler;
            sc.count = in.readLong();
            sc.hasPrevious = in.readBoolean();
            sc.last = readDoubles1(sc.last, in, b, "scaler.last");
            sc.mean = readDoubles1(sc.mean, in, b, "scaler.mean");
            sc.var = readDoubles1(sc.var, in, b, "scaler.var");
            sc.hist = readDoubles1(sc.hist, in, b, "scaler.hist");
            sc.lags = readDoubles1(sc.lags, in, b, "scaler.lags");
            sc.seen = in.readLong();
            sc.lagCount = in.readLong();
            s.scaler = sc;
        } else {
            s.scaler = null;
        }
        s.scalerSpace = in.readLong();
        s.inputs = roundedToBinary16(readFloats1(s.inputs, in, b, "inputs"));
        s.inputHead = in.readInt();
        s.inputCount = in.readInt();
        s.raws = readDoubles1(s.raws, in, b, "raws");
        s.rawHead = in.readInt();
        s.rawCount = in.readInt();
        s.lastForecast = in.readDouble();
        s.lastTs = in.readLong();
        s.interval = in.readDouble();
        s.seq = in.readLong();
        s.bands = readFloats1(s.bands, in, b, "bands");
        s.paths = readDoubles1(s.paths, in, b, "paths");
        s.horizonBands = readFloats1(s.horizonBands, in, b, "horizonBands");
        s.smoothing = readDoubles1(s.smoothing, in, b, "smoothing");
        return s;
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesStateSerializer;
    }

    @Override
    public int hashCode() {
        return SeriesStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<SeriesState> snapshotConfiguration() {
        return new Snapshot();
    }

    // ---- arrays and varints

    private static int bit(Object array, int bit) {
        return array != null ? bit : 0;
    }

    /** A present array: its length as a varint and its elements (an absent one is a presence bit, nothing here). */
    private static void writeFloats(float[] a, DataOutputView out) throws IOException {
        if (a == null) {
            return;
        }
        writeVarInt(a.length, out);
        for (float v : a) {
            out.writeInt(Float.floatToRawIntBits(v)); // raw: a NaN keeps its payload
        }
    }

    private static void writeDoubles(double[] a, DataOutputView out) throws IOException {
        if (a == null) {
            return;
        }
        writeVarInt(a.length, out);
        for (double v : a) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    /** The input ring: each entry as the bits of its binary16 (the ring holds binary16 values: nothing is lost). */
    private static void writeHalves(float[] a, DataOutputView out) throws IOException {
        if (a == null) {
            return;
        }
        writeVarInt(a.length, out);
        int i = 0;
        for (; i + 1 < a.length; i += 2) { // two entries per int: the same bytes as two shorts, half the calls
            out.writeInt(Binary16.toBits(a[i]) << 16 | Binary16.toBits(a[i + 1]));
        }
        if (i < a.length) {
            out.writeShort(Binary16.toBits(a[i]));
        }
    }

    private static float[] readHalves(float[] reuse, DataInputView in, Budget b) throws IOException {
        int n = b.take(readVarInt(in, "inputs"), "inputs");
        float[] a = reuse != null && reuse.length == n ? reuse : new float[n];
        int i = 0;
        for (; i + 1 < n; i += 2) {
            int two = in.readInt();
            a[i] = Binary16.toFloat(two >>> 16);
            a[i + 1] = Binary16.toFloat(two & 0xffff);
        }
        if (i < n) {
            a[i] = Binary16.toFloat(in.readUnsignedShort());
        }
        return a;
    }

    /**
     * An input ring of a layout before 3 (its entries exact floats), rounded as the ring's entries are now, so that a
     * key re-primes alike whatever layout its state was last written in and on either backend.
     */
    private static float[] roundedToBinary16(float[] inputs) {
        if (inputs != null) {
            Binary16.round(inputs);
        }
        return inputs;
    }

    /** Unsigned LEB128: 7 bits a byte, low group first, the top bit set on every byte but the last. */
    private static void writeVarInt(int v, DataOutputView out) throws IOException {
        while ((v & ~0x7f) != 0) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    private static void writeVarLong(long v, DataOutputView out) throws IOException {
        while ((v & ~0x7fL) != 0) {
            out.writeByte((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** At most 5 bytes, the fifth with at most the int's top 4 bits. */
    private static int readVarInt(DataInputView in, String field) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7f) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        int b = in.readUnsignedByte();
        if (b > 0x0f) {
            throw new IOException(
                    "SeriesState: the varint of " + field + " is longer than an int: the state is corrupt");
        }
        return v | b << 28;
    }

    /** At most 10 bytes, the tenth with at most the long's top bit. */
    private static long readVarLong(DataInputView in, String field) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        int b = in.readUnsignedByte();
        if (b > 1) {
            throw new IOException(
                    "SeriesState: the varint of " + field + " is longer than a long: the state is corrupt");
        }
        return v | (long) b << 63;
    }

    private static float[] readFloats(float[] reuse, DataInputView in, Budget b, String field) throws IOException {
        return floats(reuse, in, b.take(readVarInt(in, field), field));
    }

    private static double[] readDoubles(double[] reuse, DataInputView in, Budget b, String field) throws IOException {
        return doubles(reuse, in, b.take(readVarInt(in, field), field));
    }

    /** Layout 1: the length as an int, -1 for null. */
    private static float[] readFloats1(float[] reuse, DataInputView in, Budget b, String field) throws IOException {
        int n = in.readInt();
        return n == -1 ? null : floats(reuse, in, b.take(n, field));
    }

    private static double[] readDoubles1(double[] reuse, DataInputView in, Budget b, String field) throws IOException {
        int n = in.readInt();
        return n == -1 ? null : doubles(reuse, in, b.take(n, field));
    }

    private static float[] floats(float[] reuse, DataInputView in, int n) throws IOException {
        float[] a = reuse != null && reuse.length == n ? reuse : new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    private static double[] doubles(double[] reuse, DataInputView in, int n) throws IOException {
        double[] a = reuse != null && reuse.length == n ? reuse : new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }

    private static float[] copyOf(float[] from, float[] reuse) {
        if (from == null) {
            return null;
        }
        if (reuse == null || reuse == from || reuse.length != from.length) {
            return from.clone();
        }
        System.arraycopy(from, 0, reuse, 0, from.length);
        return reuse;
    }

    private static double[] copyOf(double[] from, double[] reuse) {
        if (from == null) {
            return null;
        }
        if (reuse == null || reuse == from || reuse.length != from.length) {
            return from.clone();
        }
        System.arraycopy(from, 0, reuse, 0, from.length);
        return reuse;
    }

    /** The array elements one state may still read: a corrupt length fails here, before an allocation. */
    private static final class Budget {
        private int left = MAX_ELEMENTS;

        int take(int n, String field) throws IOException {
            if (n < 0) {
                throw new IOException("SeriesState: " + field + " has length " + n + ": the state is corrupt");
            }
            if (n > left) {
                throw new IOException("SeriesState: " + field + " has length " + n + ", more than the " + MAX_ELEMENTS
                        + " array elements a state may hold: the state is corrupt");
            }
            left -= n;
            return n;
        }
    }

    /**
     * The serializer's snapshot in checkpoints and savepoints: its version is the layout the state was written with.
     * Nothing else is stored: the serializer has no configuration.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<SeriesState> {
        private int layout = LAYOUT;

        /** For Flink, which reads the snapshot with {@link #readSnapshot}. */
        public Snapshot() {}

        @Override
        public int getCurrentVersion() {
            return LAYOUT;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion < 1 || readVersion > LAYOUT) {
                throw new IOException("SeriesState serializer snapshot of layout " + readVersion
                        + ": this code reads layouts 1 to " + LAYOUT + " (a savepoint of a newer release?)");
            }
            layout = readVersion;
        }

        /** The layout the snapshotted state was written with. */
        public int layout() {
            return layout;
        }

        @Override
        public TypeSerializer<SeriesState> restoreSerializer() {
            return INSTANCE;
        }

        /**
         * Called on the current serializer's snapshot with the one stored in a checkpoint or savepoint: state written
         * by any layout up to {@link #LAYOUT} is read as it is (each record carries its layout); state written by
         * Flink's POJO serializer for {@link SeriesState} (releases up to 2b2cccb) is compatible after migration:
         * Flink reads it with that serializer, restored from its snapshot, and writes it with this one.
         */
        @Override
        public TypeSerializerSchemaCompatibility<SeriesState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<SeriesState> old) {
            if (old instanceof Snapshot s) {
                return s.layout <= LAYOUT
                        ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                        : TypeSerializerSchemaCompatibility.incompatible();
            }
            if (old instanceof PojoSerializerSnapshot<SeriesState> pojo && writesSeriesState(pojo)) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return TypeSerializerSchemaCompatibility.incompatible();
        }

        /** Whether the POJO serializer that snapshot restores is one of SeriesState (not of another class). */
        private static boolean writesSeriesState(PojoSerializerSnapshot<?> pojo) {
            TypeSerializer<?> restored = pojo.restoreSerializer();
            Object instance = restored.createInstance();
            return instance instanceof SeriesState;
        }
    }
}
