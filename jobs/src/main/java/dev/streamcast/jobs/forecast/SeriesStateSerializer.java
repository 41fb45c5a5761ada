package dev.streamcast.jobs.forecast;

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
 * <p>Layout 1, big-endian (Flink's {@code DataOutputView}); an array is its length as an int (-1 = null) and then
 * its elements:
 *
 * <pre>
 * byte    layout (1)
 * float[] rnn;  long modelVersion;  long consumed
 * byte    scaler present (0/1); if 1: long count; bool hasPrevious; double[] last, mean, var, hist, lags;
 *         long seen; long lagCount
 * long    scalerSpace
 * float[] inputs;  int inputHead;  int inputCount
 * double[] raws;   int rawHead;    int rawCount
 * double  lastForecast;  long lastTs;  double interval;  long seq
 * float[] bands;  double[] paths;  float[] horizonBands;  double[] smoothing
 * </pre>
 *
 * <p>Every record starts with its layout, so a later layout (a field added to {@link SeriesState}) is a new
 * {@code LAYOUT_n} constant, a branch in {@link #deserialize(DataInputView)} that reads the older records as they are,
 * and {@link #LAYOUT} raised: state written by earlier layouts stays readable record by record, without a migration
 * pass over the whole state at restore. State written by Flink's POJO serializer (every release up to 2b2cccb) is
 * migrated by Flink at restore: {@link Snapshot#resolveSchemaCompatibility} declares it compatible after migration,
 * so Flink reads it with the old serializer and writes it with this one (docs/state.md).
 *
 * <p>State bytes are not trusted blindly: an unknown layout, a negative length or arrays of more than
 * {@link #MAX_ELEMENTS} elements in one state fail the read with an {@link IOException} that names the field, before
 * anything is allocated for it.
 */
public final class SeriesStateSerializer extends TypeSerializer<SeriesState> {
    private static final long serialVersionUID = 1L;

    /** The layout this serializer writes (and the highest it reads). */
    public static final int LAYOUT = 1;

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
        out.writeByte(LAYOUT);
        writeFloats(s.rnn, out);
        out.writeLong(s.modelVersion);
        out.writeLong(s.consumed);
        ScalerState sc = s.scaler;
        out.writeBoolean(sc != null);
        if (sc != null) {
            out.writeLong(sc.count);
            out.writeBoolean(sc.hasPrevious);
            writeDoubles(sc.last, out);
            writeDoubles(sc.mean, out);
            writeDoubles(sc.var, out);
            writeDoubles(sc.hist, out);
            writeDoubles(sc.lags, out);
            out.writeLong(sc.seen);
            out.writeLong(sc.lagCount);
        }
        out.writeLong(s.scalerSpace);
        writeFloats(s.inputs, out);
        out.writeInt(s.inputHead);
        out.writeInt(s.inputCount);
        writeDoubles(s.raws, out);
        out.writeInt(s.rawHead);
        out.writeInt(s.rawCount);
        out.writeDouble(s.lastForecast);
        out.writeLong(s.lastTs);
        out.writeDouble(s.interval);
        out.writeLong(s.seq);
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
        if (layout != LAYOUT) {
            throw new IOException("SeriesState: layout " + layout + " is not one this code reads (1 to " + LAYOUT
                    + "): the state is corrupt or was written by a newer release");
        }
        Budget b = new Budget();
        s.rnn = readFloats(s.rnn, in, b, "rnn");
        s.modelVersion = in.readLong();
        s.consumed = in.readLong();
        if (in.readBoolean()) {
            ScalerState sc = s.scaler == null ? new ScalerState() : s.scaler;
            sc.count = in.readLong();
            sc.hasPrevious = in.readBoolean();
            sc.last = readDoubles(sc.last, in, b, "scaler.last");
            sc.mean = readDoubles(sc.mean, in, b, "scaler.mean");
            sc.var = readDoubles(sc.var, in, b, "scaler.var");
            sc.hist = readDoubles(sc.hist, in, b, "scaler.hist");
            sc.lags = readDoubles(sc.lags, in, b, "scaler.lags");
            sc.seen = in.readLong();
            sc.lagCount = in.readLong();
            s.scaler = sc;
        } else {
            s.scaler = null;
        }
        s.scalerSpace = in.readLong();
        s.inputs = readFloats(s.inputs, in, b, "inputs");
        s.inputHead = in.readInt();
        s.inputCount = in.readInt();
        s.raws = readDoubles(s.raws, in, b, "raws");
        s.rawHead = in.readInt();
        s.rawCount = in.readInt();
        s.lastForecast = in.readDouble();
        s.lastTs = in.readLong();
        s.interval = in.readDouble();
        s.seq = in.readLong();
        s.bands = readFloats(s.bands, in, b, "bands");
        s.paths = readDoubles(s.paths, in, b, "paths");
        s.horizonBands = readFloats(s.horizonBands, in, b, "horizonBands");
        s.smoothing = readDoubles(s.smoothing, in, b, "smoothing");
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

    // ---- arrays

    private static void writeFloats(float[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (float v : a) {
            out.writeFloat(v);
        }
    }

    private static void writeDoubles(double[] a, DataOutputView out) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    private static float[] readFloats(float[] reuse, DataInputView in, Budget b, String field) throws IOException {
        int n = b.take(in.readInt(), field);
        if (n < 0) {
            return null;
        }
        float[] a = reuse != null && reuse.length == n ? reuse : new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    private static double[] readDoubles(double[] reuse, DataInputView in, Budget b, String field) throws IOException {
        int n = b.take(in.readInt(), field);
        if (n < 0) {
            return null;
        }
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
            if (n < -1) {
                throw new IOException("SeriesState: " + field + " has length " + n + ": the state is corrupt");
            }
            if (n > left) {
                throw new IOException("SeriesState: " + field + " has length " + n + ", more than the " + MAX_ELEMENTS
                        + " array elements a state may hold: the state is corrupt");
            }
            left -= Math.max(n, 0);
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
