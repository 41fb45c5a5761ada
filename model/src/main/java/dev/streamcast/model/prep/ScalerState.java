package dev.streamcast.model.prep;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The per-series state of a {@link SeriesScaler}: plain public fields so that a Flink job can keep one per key as a
 * POJO (public no-argument constructor, public fields, primitive arrays: serialized without Kryo) and the scaler can
 * work on it in place without copying or allocating.
 *
 * <p>Binary form ({@link #encode}, big-endian as {@link DataOutput} writes it), {@code 13 + 24 F} bytes:
 * <pre>
 *   int      F             number of features
 *   long     count         transformed observations folded into the statistics (n)
 *   boolean  hasPrevious   whether last[] holds the previous raw observation
 *   double   last[F]       previous raw observation
 *   double   mean[F]       running mean of the transformed values
 *   double   var[F]        running (population) variance of the transformed values
 * </pre>
 */
public final class ScalerState {

    /** n: transformed observations folded into mean and var. */
    public long count;
    /** Whether {@link #last} holds a raw observation. */
    public boolean hasPrevious;
    /** Previous raw observation [F]. */
    public double[] last;
    /** Running mean of each feature's transformed value [F]. */
    public double[] mean;
    /** Running population variance of each feature's transformed value [F]. */
    public double[] var;

    /** For Flink's POJO serializer; the arrays are null until set. */
    public ScalerState() {}

    /** A fresh state for F features. */
    public ScalerState(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, found " + features);
        }
        last = new double[features];
        mean = new double[features];
        var = new double[features];
    }

    /** Number of features F. */
    public int features() {
        return last.length;
    }

    /** Back to the state of a series never seen. */
    public void reset() {
        count = 0;
        hasPrevious = false;
        Arrays.fill(last, 0);
        Arrays.fill(mean, 0);
        Arrays.fill(var, 0);
    }

    /** Copies {@code other} into this state (same F), without allocating. */
    public void copyFrom(ScalerState other) {
        if (other.features() != features()) {
            throw new IllegalArgumentException(
                    "cannot copy a state of F = " + other.features() + " into one of F = " + features());
        }
        count = other.count;
        hasPrevious = other.hasPrevious;
        System.arraycopy(other.last, 0, last, 0, last.length);
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.var, 0, var, 0, var.length);
    }

    /** Size in bytes of the binary form for F features. */
    public static int encodedSize(int features) {
        return 4 + 8 + 1 + 3 * 8 * features;
    }

    public void encode(DataOutput out) throws IOException {
        out.writeInt(features());
        out.writeLong(count);
        out.writeBoolean(hasPrevious);
        for (double[] a : new double[][] {last, mean, var}) {
            for (double v : a) {
                out.writeDouble(v);
            }
        }
    }

    /**
     * Reads a state written by {@link #encode} and checks it: F must equal {@code expectedFeatures}, count must be
     * >= 0, every value finite and every variance >= 0.
     */
    public static ScalerState decode(DataInput in, int expectedFeatures) throws IOException {
        int f = in.readInt();
        if (f != expectedFeatures) {
            throw new IllegalArgumentException(
                    "scaler state: expected F = " + expectedFeatures + " features, found " + f);
        }
        ScalerState s = new ScalerState(f);
        s.count = in.readLong();
        if (s.count < 0) {
            throw new IllegalArgumentException("scaler state: count must be >= 0, found " + s.count);
        }
        s.hasPrevious = in.readBoolean();
        for (double[] a : new double[][] {s.last, s.mean, s.var}) {
            for (int k = 0; k < f; k++) {
                a[k] = in.readDouble();
            }
        }
        for (int k = 0; k < f; k++) {
            if (!Double.isFinite(s.last[k]) || !Double.isFinite(s.mean[k]) || !(s.var[k] >= 0)
                    || Double.isInfinite(s.var[k])) {
                throw new IllegalArgumentException("scaler state: feature " + k + " has last = " + s.last[k]
                        + ", mean = " + s.mean[k] + ", var = " + s.var[k] + " (finite, var >= 0 required)");
            }
        }
        return s;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encodedSize(features()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            encode(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Inverse of {@link #toBytes()}; the length must be exactly {@link #encodedSize}. */
    public static ScalerState fromBytes(byte[] bytes, int expectedFeatures) {
        if (bytes.length != encodedSize(expectedFeatures)) {
            throw new IllegalArgumentException("scaler state: expected " + encodedSize(expectedFeatures)
                    + " bytes for F = " + expectedFeatures + ", found " + bytes.length);
        }
        try {
            return decode(new DataInputStream(new ByteArrayInputStream(bytes)), expectedFeatures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScalerState s && count == s.count && hasPrevious == s.hasPrevious
                && Arrays.equals(last, s.last) && Arrays.equals(mean, s.mean) && Arrays.equals(var, s.var);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "ScalerState{n=" + count + ", hasPrevious=" + hasPrevious + ", last=" + Arrays.toString(last)
                + ", mean=" + Arrays.toString(mean) + ", var=" + Arrays.toString(var) + "}";
    }
}
