package dev.streamcast.model.prep;

import dev.streamcast.model.ModelConfig;
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
 * <p>With a season m >= 2 the state also keeps the last m raw observations (for the seasonal difference and its
 * inverse) and the last m transformed targets (for the seasonal-lag input), as rings indexed by how many were
 * written; with m = 1 both rings are empty.
 *
 * <p>Binary form ({@link #encode}, big-endian as {@link DataOutput} writes it), {@code 33 + 24 F + 8 m (F + 1)}
 * bytes when m >= 2, {@code 33 + 24 F} when m = 1:
 * <pre>
 *   int      F             number of features
 *   long     count         transformed observations folded into the statistics (n)
 *   boolean  hasPrevious   whether last[] holds the previous raw observation
 *   double   last[F]       previous raw observation
 *   double   mean[F]       running mean of the transformed values
 *   double   var[F]        running (population) variance of the transformed values
 *   int      m             season (1 = none)
 *   long     seen          raw observations written to hist (ring position = seen mod m)
 *   long     lagCount      transformed targets written to lags (ring position = lagCount mod m)
 *   double   hist[m F]     the last m raw observations (m >= 2 only)
 *   double   lags[m]       the last m transformed targets (m >= 2 only)
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
    /**
     * Ring of the last m raw observations [m*F]; empty when the season m is 1. Empty (not null) by default, so a
     * state restored from a snapshot taken before seasons existed can read as a state without a season (the forecast
     * operator rebuilds a scaler whose rings do not fit its model, null ones included).
     */
    public double[] hist = new double[0];
    /** Ring of the last m transformed target values [m]; empty when the season m is 1 (and by default, as hist). */
    public double[] lags = new double[0];
    /** Raw observations written to {@link #hist}. */
    public long seen;
    /** Transformed targets written to {@link #lags}. */
    public long lagCount;

    /** For Flink's POJO serializer; last, mean and var are null until set, the rings empty. */
    public ScalerState() {}

    /** A fresh state for F features and no season. */
    public ScalerState(int features) {
        this(features, 1);
    }

    /** A fresh state for F features and season m (1 = none). */
    public ScalerState(int features, int season) {
        if (features < 1) {
            throw new IllegalArgumentException("features must be >= 1, found " + features);
        }
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1, found " + season);
        }
        last = new double[features];
        mean = new double[features];
        var = new double[features];
        hist = new double[season > 1 ? season * features : 0];
        lags = new double[season > 1 ? season : 0];
    }

    /** Number of features F. */
    public int features() {
        return last.length;
    }

    /** The season m the rings are sized for (1 = none). */
    public int season() {
        return lags == null || lags.length == 0 ? 1 : lags.length;
    }

    /** Whether this state has the arrays for F features and season m. */
    public boolean fits(int features, int season) {
        return last != null
                && last.length == features
                && hist != null
                && lags != null
                && hist.length == (season > 1 ? season * features : 0)
                && lags.length == (season > 1 ? season : 0);
    }

    /** Back to the state of a series never seen. */
    public void reset() {
        count = 0;
        hasPrevious = false;
        Arrays.fill(last, 0);
        Arrays.fill(mean, 0);
        Arrays.fill(var, 0);
        Arrays.fill(hist, 0);
        Arrays.fill(lags, 0);
        seen = 0;
        lagCount = 0;
    }

    /** Copies {@code other} into this state (same F), without allocating. */
    public void copyFrom(ScalerState other) {
        if (!fits(other.features(), other.season())) {
            throw new IllegalArgumentException("cannot copy a state of F = " + other.features() + ", m = "
                    + other.season() + " into one of F = " + features() + ", m = " + season());
        }
        count = other.count;
        hasPrevious = other.hasPrevious;
        System.arraycopy(other.last, 0, last, 0, last.length);
        System.arraycopy(other.mean, 0, mean, 0, mean.length);
        System.arraycopy(other.var, 0, var, 0, var.length);
        System.arraycopy(other.hist, 0, hist, 0, hist.length);
        System.arraycopy(other.lags, 0, lags, 0, lags.length);
        seen = other.seen;
        lagCount = other.lagCount;
    }

    /** Size in bytes of the binary form for F features and no season. */
    public static int encodedSize(int features) {
        return encodedSize(features, 1);
    }

    /** Size in bytes of the binary form for F features and season m. */
    public static int encodedSize(int features, int season) {
        return 4 + 8 + 1 + 3 * 8 * features + 4 + 8 + 8 + (season > 1 ? 8 * season * (features + 1) : 0);
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
        out.writeInt(season());
        out.writeLong(seen);
        out.writeLong(lagCount);
        for (double[] a : new double[][] {hist, lags}) {
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
        int m = in.readInt();
        if (m < 1 || m > ModelConfig.MAX_SEASON) {
            throw new IllegalArgumentException(
                    "scaler state: season must be in [1, " + ModelConfig.MAX_SEASON + "], found " + m);
        }
        s.seen = in.readLong();
        s.lagCount = in.readLong();
        if (s.seen < 0 || s.lagCount < 0) {
            throw new IllegalArgumentException("scaler state: negative ring counts " + s.seen + ", " + s.lagCount);
        }
        s.hist = new double[m > 1 ? m * f : 0];
        s.lags = new double[m > 1 ? m : 0];
        for (double[] a : new double[][] {s.hist, s.lags}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readDouble();
                if (!Double.isFinite(a[i])) {
                    throw new IllegalArgumentException("scaler state: a ring value is not finite: " + a[i]);
                }
            }
        }
        for (int k = 0; k < f; k++) {
            if (!Double.isFinite(s.last[k])
                    || !Double.isFinite(s.mean[k])
                    || !(s.var[k] >= 0)
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

    /** Inverse of {@link #toBytes()}; the length must be exactly {@link #encodedSize} of the decoded F and m. */
    public static ScalerState fromBytes(byte[] bytes, int expectedFeatures) {
        if (bytes.length < encodedSize(expectedFeatures)) {
            throw new IllegalArgumentException("scaler state: expected at least " + encodedSize(expectedFeatures)
                    + " bytes for F = " + expectedFeatures + ", found " + bytes.length);
        }
        ScalerState s;
        try {
            s = decode(new DataInputStream(new ByteArrayInputStream(bytes)), expectedFeatures);
        } catch (IOException e) { // EOFException: too short
            throw new IllegalArgumentException(
                    "scaler state: expected at least "
                            + encodedSize(expectedFeatures) + " bytes for F = " + expectedFeatures + ", found "
                            + bytes.length,
                    e);
        }
        if (bytes.length != encodedSize(expectedFeatures, s.season())) {
            throw new IllegalArgumentException("scaler state: expected " + encodedSize(expectedFeatures, s.season())
                    + " bytes for F = " + expectedFeatures + ", m = " + s.season() + ", found " + bytes.length);
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScalerState s
                && count == s.count
                && hasPrevious == s.hasPrevious
                && Arrays.equals(last, s.last)
                && Arrays.equals(mean, s.mean)
                && Arrays.equals(var, s.var)
                && Arrays.equals(hist, s.hist)
                && Arrays.equals(lags, s.lags)
                && seen == s.seen
                && lagCount == s.lagCount;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "ScalerState{n=" + count + ", hasPrevious=" + hasPrevious + ", last=" + Arrays.toString(last)
                + ", mean=" + Arrays.toString(mean) + ", var=" + Arrays.toString(var)
                + (season() > 1 ? ", m=" + season() + ", seen=" + seen + ", lags=" + lagCount : "") + "}";
    }
}
