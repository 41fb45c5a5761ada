package dev.streamcast.jobs.common.serde;

import dev.streamcast.jobs.common.Observation;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * {@link Observation} across the forecast job's keyBy, written field by field instead of by Flink's POJO serializer
 * (which reads and sets each field by reflection and writes a null flag per field):
 * <pre>
 *   key (Flink string) | ts (long) | F (int) | values (F doubles) | raw length (int, -1 = null) | raw bytes
 *   | topic (Flink string) | partition (int) | offset (long)
 * </pre>
 * The bytes it reads were written by the same serializer in an upstream task, never taken from Kafka; lengths are
 * still checked ({@link #MAX_VALUES}, {@link #MAX_RAW_BYTES}) before anything is allocated, so that corrupt input
 * fails with an {@link IOException} that names the field instead of an out-of-memory error. A null key or topic is
 * refused at serialization: the parser never emits one. Keyed state does not use it (the pending observations of
 * {@code ForecastFunction} keep their POJO serializer, so savepoints are unchanged).
 */
public final class ObservationSerializer extends TypeSerializerSingleton<Observation> {
    private static final long serialVersionUID = 1L;

    public static final ObservationSerializer INSTANCE = new ObservationSerializer();

    /** Feature values per observation: far above any model's F. */
    static final int MAX_VALUES = 1 << 16;

    /** Original bytes per observation: the job's largest --max-record-bytes. */
    static final int MAX_RAW_BYTES = 16 << 20;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Observation createInstance() {
        return new Observation();
    }

    @Override
    public Observation copy(Observation from) {
        return new Observation(
                from.key,
                from.ts,
                from.values == null ? null : from.values.clone(),
                from.raw == null ? null : from.raw.clone(),
                from.topic,
                from.partition,
                from.offset);
    }

    @Override
    public Observation copy(Observation from, Observation reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Observation o, DataOutputView out) throws IOException {
        if (o.key == null || o.topic == null || o.values == null) {
            throw new IOException("an observation without key, topic or values cannot be serialized: " + o);
        }
        StringValue.writeString(o.key, out);
        out.writeLong(o.ts);
        out.writeInt(o.values.length);
        for (double v : o.values) {
            out.writeDouble(v);
        }
        if (o.raw == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(o.raw.length);
            out.write(o.raw);
        }
        StringValue.writeString(o.topic, out);
        out.writeInt(o.partition);
        out.writeLong(o.offset);
    }

    @Override
    public Observation deserialize(DataInputView in) throws IOException {
        Observation o = new Observation();
        o.key = StringValue.readString(in);
        o.ts = in.readLong();
        int f = length(in.readInt(), MAX_VALUES, "values");
        double[] values = new double[f];
        for (int i = 0; i < f; i++) {
            values[i] = in.readDouble();
        }
        o.values = values;
        int n = in.readInt();
        if (n != -1) {
            byte[] raw = new byte[length(n, MAX_RAW_BYTES, "raw")];
            in.readFully(raw);
            o.raw = raw;
        }
        o.topic = StringValue.readString(in);
        o.partition = in.readInt();
        o.offset = in.readLong();
        return o;
    }

    @Override
    public Observation deserialize(Observation reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static int length(int n, int max, String field) throws IOException {
        if (n < 0 || n > max) {
            throw new IOException("observation " + field + ": length " + n + " is not in [0, " + max + "]");
        }
        return n;
    }

    @Override
    public TypeSerializerSnapshot<Observation> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format version 1, as above. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Observation> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
