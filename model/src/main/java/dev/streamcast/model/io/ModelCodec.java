package dev.streamcast.model.io;

import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.Weights;
import dev.streamcast.model.interval.Calibration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The model file: a versioned binary format with magic bytes, format version, configuration, gate order, model
 * version, provenance, weights and a SHA-256 checksum. Little-endian throughout; no Java serialization. The byte
 * layout and the compatibility rule are in docs/model-format.md.
 *
 * <p>Decoding checks, in this order: magic, format version, the structure (every length against the bytes left,
 * before allocating), the checksum, then the meaning (configuration, gate order, weight count against the shape,
 * provenance). Each failure is a {@link ModelFormatException} whose message says what is wrong.
 */
public final class ModelCodec {
    private ModelCodec() {}

    /** "SCMODEL" and a zero byte. */
    static final byte[] MAGIC = "SCMODEL\0".getBytes(StandardCharsets.US_ASCII);
    /**
     * The newest format version, written for models whose bands are relative to the forecast ({@link
     * Model#relativeBands}) or that have a starting scale from fewer errors than the warm-up ({@link
     * Model#startErrors}): the format-7 layout with, after each starting scale, how many errors it is the mean of
     * (i32; 0 = at least the warm-up), and after the starting scales the bands' flags (i32: bit 0 = relative, the
     * others 0).
     */
    public static final int FORMAT_VERSION = 8;
    /**
     * The format written for hybrid models whose per-key sets hold fitted starting states of the Holt-Winters
     * recursion ({@link Smoothing#started()}) and whose bands are absolute: the format-6 layout with, after each
     * per-key set's flags, its starting states (a count as i32, 0 for none or m + 2; then the time of the key's first
     * training row as i64 and the states ℓ₀, b₀, s₁₋ₘ .. s₀ as f64).
     */
    public static final int FORMAT_VERSION_STARTED = 7;
    /**
     * The format written for models with per-key starting scales of their prediction intervals
     * ({@link Model#startScales}) and no fitted starting states: the format-3 layout, then whether a smoothing
     * follows (i32, 0 or 1), the smoothing as in format 5 when it does, then the starting scales (a count as i32,
     * each: the key as a string, the scale as f64).
     */
    public static final int FORMAT_VERSION_START_SCALES = 6;
    /**
     * The format written for hybrid models whose smoothing has the two-speed fields or per-key sets
     * ({@link Smoothing#extended()}) and no starting scales: the format-4 layout, then ψ and κ as f64, then the
     * per-key sets (a count as i32, each: the key as a string, α, β, γ, ψ, κ as f64, flags as i32).
     */
    public static final int FORMAT_VERSION_KEY_SETS = 5;
    /**
     * The format written for hybrid models (a network combined with exponential smoothing, {@link Smoothing}) with
     * one set for every key and Holt-Winters alone: the format-3 layout with the smoothing after the calibration (α,
     * β, γ, w as f64, then flags as i32: bit 0 = log, the others 0).
     */
    public static final int FORMAT_VERSION_SMOOTHING = 4;
    /** The longest key a per-key smoothing set may carry, in UTF-8 bytes (checked before allocating). */
    static final int MAX_KEY_BYTES = 4096;
    /**
     * The format written for models with a starting calibration of their prediction intervals and no smoothing: the
     * format-2 layout (season included) with the calibration's (probability, quantile) pairs after the weights.
     */
    public static final int FORMAT_VERSION_CALIBRATION = 3;
    /** The format written for models with a season and no calibration; it adds the season m after the scaler window. */
    public static final int FORMAT_VERSION_SEASON = 2;
    /** The format written for models without a season (m = 1), so they stay byte-identical to earlier builds. */
    public static final int FORMAT_VERSION_NO_SEASON = 1;

    static final int CHECKSUM_BYTES = 32;

    /**
     * @throws IllegalArgumentException if a weight is NaN or infinite: such a file would be refused by {@link #decode}
     */
    public static byte[] encode(Model model) {
        float[] flat = model.weights().toFlat();
        try {
            checkFinite(flat);
        } catch (ModelFormatException e) {
            throw new IllegalArgumentException("cannot write the model: " + e.getMessage(), e);
        }
        ByteWriter w = new ByteWriter();
        w.bytes(MAGIC);
        int format = model.relativeBands() || !model.startErrors().isEmpty()
                ? FORMAT_VERSION
                : model.smoothing() != null && model.smoothing().started()
                        ? FORMAT_VERSION_STARTED
                        : !model.startScales().isEmpty()
                                ? FORMAT_VERSION_START_SCALES
                                : model.smoothing() != null
                                        ? model.smoothing().extended()
                                                ? FORMAT_VERSION_KEY_SETS
                                                : FORMAT_VERSION_SMOOTHING
                                        : model.calibration() != null
                                                ? FORMAT_VERSION_CALIBRATION
                                                : model.config().seasonalLag()
                                                        ? FORMAT_VERSION_SEASON
                                                        : FORMAT_VERSION_NO_SEASON;
        w.i32(format);
        ConfigCodec.write(model.config(), format, w);
        w.i64(model.version());
        ProvenanceCodec.write(model.provenance(), w);
        w.i32(flat.length);
        w.floats(flat);
        if (format >= 3) {
            Calibration cal = model.startingCalibration(); // a hybrid without one: the calibration it would start from
            double[] p = cal.probabilities();
            double[] q = cal.quantiles();
            w.i32(p.length);
            for (int i = 0; i < p.length; i++) {
                w.f64(p[i]);
                w.f64(q[i]);
            }
        }
        boolean smoothed = format < FORMAT_VERSION_START_SCALES ? format >= 4 : model.smoothing() != null;
        if (format >= FORMAT_VERSION_START_SCALES) {
            w.i32(smoothed ? 1 : 0);
        }
        if (smoothed) {
            Smoothing sm = model.smoothing();
            w.f64(sm.alpha());
            w.f64(sm.beta());
            w.f64(sm.gamma());
            w.f64(sm.weight());
            w.i32(sm.log() ? 1 : 0);
        }
        if (smoothed && format >= FORMAT_VERSION_KEY_SETS) {
            Smoothing sm = model.smoothing();
            w.f64(sm.fast());
            w.f64(sm.slow());
            List<String> keys = new ArrayList<>(sm.keys().keySet());
            Collections.sort(keys); // one byte sequence for one model
            w.i32(keys.size());
            for (String key : keys) {
                Smoothing k = sm.keys().get(key);
                w.string(key);
                w.f64(k.alpha());
                w.f64(k.beta());
                w.f64(k.gamma());
                w.f64(k.fast());
                w.f64(k.slow());
                w.i32(k.log() ? 1 : 0);
                if (format >= FORMAT_VERSION_STARTED) {
                    Smoothing.Start st = k.start();
                    w.i32(st == null ? 0 : st.states().length);
                    if (st != null) {
                        w.i64(st.at());
                        for (double v : st.states()) {
                            w.f64(v);
                        }
                    }
                }
            }
        }
        if (format >= FORMAT_VERSION_START_SCALES) {
            List<String> keys = new ArrayList<>(model.startScales().keySet());
            Collections.sort(keys); // one byte sequence for one model
            w.i32(keys.size());
            for (String key : keys) {
                w.string(key);
                w.f64(model.startScales().get(key));
                if (format >= FORMAT_VERSION) {
                    w.i32(model.startErrors().getOrDefault(key, 0));
                }
            }
        }
        if (format >= FORMAT_VERSION) {
            w.i32(model.relativeBands() ? 1 : 0);
        }
        byte[] body = w.toByteArray();
        byte[] file = Arrays.copyOf(body, body.length + CHECKSUM_BYTES);
        System.arraycopy(sha256(body, body.length), 0, file, body.length, CHECKSUM_BYTES);
        return file;
    }

    /** @throws ModelFormatException naming what is wrong (truncated, checksum, magic, version, shape, config) */
    public static Model decode(byte[] bytes) {
        checkMagic(bytes);
        ByteReader r = new ByteReader(bytes, MAGIC.length);
        int format = r.i32("format version");
        if (format < FORMAT_VERSION_NO_SEASON || format > FORMAT_VERSION) {
            throw new ModelFormatException("unsupported format version " + format + " (this build reads "
                    + FORMAT_VERSION_NO_SEASON + " to " + FORMAT_VERSION + ")");
        }
        ConfigCodec.Raw config = ConfigCodec.read(r, format);
        long version = r.i64("model version");
        if (version < 1 || version > Model.MAX_VERSION) {
            throw new ModelFormatException(Model.versionOutOfRange(version));
        }
        ProvenanceCodec.Raw provenance = ProvenanceCodec.read(r);
        int n = r.i32("weight count");
        if (n < 0) {
            throw new ModelFormatException("corrupt: weight count is " + n);
        }
        float[] flat = r.floats(n, "weights");
        double[][] calibration = format >= 3 ? readCalibration(r) : null;
        double[] smoothing = null;
        int flags = 0;
        boolean smoothed = format >= 4 && format < FORMAT_VERSION_START_SCALES;
        if (format >= FORMAT_VERSION_START_SCALES) {
            int at = r.position();
            int present = r.i32("smoothing present");
            if (present != 0 && present != 1) {
                throw new ModelFormatException(
                        "corrupt: smoothing present at offset " + at + " is " + present + ", expected 0 or 1");
            }
            smoothed = present == 1;
        }
        if (smoothed) {
            smoothing = new double[] {
                r.f64("smoothing alpha"), r.f64("smoothing beta"), r.f64("smoothing gamma"), r.f64("smoothing weight")
            };
            flags = r.i32("smoothing flags");
        }
        double[] speeds = {1, 0};
        List<KeySet> keySets = List.of();
        if (smoothed && format >= FORMAT_VERSION_KEY_SETS) {
            speeds = new double[] {r.f64("smoothing psi"), r.f64("smoothing kappa")};
            keySets = readKeySets(r, format);
        }
        List<KeyScale> scaleList = format >= FORMAT_VERSION_START_SCALES ? readStartScales(r, format) : List.of();
        int bandFlags = format >= FORMAT_VERSION ? r.i32("band flags") : 0;
        if (r.remaining() != CHECKSUM_BYTES) {
            throw new ModelFormatException((r.remaining() < CHECKSUM_BYTES ? "truncated" : "trailing data")
                    + ": expected " + CHECKSUM_BYTES + " bytes of SHA-256 checksum after the "
                    + (format >= FORMAT_VERSION
                            ? "band flags"
                            : format >= FORMAT_VERSION_START_SCALES
                                    ? "starting scales"
                                    : format >= FORMAT_VERSION_KEY_SETS
                                            ? "per-key smoothing"
                                            : format >= 4 ? "smoothing" : format >= 3 ? "calibration" : "weights")
                    + ", found "
                    + r.remaining());
        }
        checkChecksum(bytes, r.position());
        ModelConfig c = config.build();
        int expected = Weights.parameterCount(c);
        if (n != expected) {
            throw new ModelFormatException("wrong shape: " + c.cell() + " with F = " + c.inputSize()
                    + (c.seasonalLag() ? " and season " + c.season() : "") + ", H = "
                    + c.hiddenSize() + ", L = " + c.layers() + " needs " + expected + " weights, file has " + n);
        }
        checkFinite(flat);
        Calibration cal = null;
        if (calibration != null) {
            try {
                cal = new Calibration(calibration[0], calibration[1]);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid calibration: " + e.getMessage(), e);
            }
        }
        Map<String, Double> scales = startScales(scaleList);
        Map<String, Integer> errors = startErrors(scaleList);
        if ((bandFlags & ~1) != 0) {
            throw new ModelFormatException(
                    "invalid band flags: unknown flags " + bandFlags + " (only bit 0, relative)");
        }
        Smoothing sm = null;
        if (smoothing != null) {
            if ((flags & ~1) != 0) {
                throw new ModelFormatException("invalid smoothing: unknown flags " + flags + " (only bit 0, log)");
            }
            try {
                Map<String, Smoothing> keys = new HashMap<>();
                for (KeySet k : keySets) {
                    if (k.start != null && k.start.length != c.season() + 2) {
                        throw new ModelFormatException("invalid smoothing of key '" + k.key + "': "
                                + k.start.length + " starting states, the model's season " + c.season() + " needs "
                                + (c.season() + 2));
                    }
                    if ((k.flags & ~1) != 0) {
                        throw new ModelFormatException("invalid smoothing of key '" + k.key + "': unknown flags "
                                + k.flags + " (only bit 0, log)");
                    }
                    Smoothing prev = keys.put(
                            k.key,
                            new Smoothing(
                                    k.p[0],
                                    k.p[1],
                                    k.p[2],
                                    (k.flags & 1) != 0,
                                    smoothing[3],
                                    k.p[3],
                                    k.p[4],
                                    Map.of(),
                                    k.start == null ? null : new Smoothing.Start(k.at, k.start)));
                    if (prev != null) {
                        throw new ModelFormatException("invalid smoothing: key '" + k.key + "' appears twice");
                    }
                }
                sm = new Smoothing(
                        smoothing[0],
                        smoothing[1],
                        smoothing[2],
                        (flags & 1) != 0,
                        smoothing[3],
                        speeds[0],
                        speeds[1],
                        keys);
            } catch (ModelFormatException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("invalid " + e.getMessage(), e);
            }
        }
        try {
            return new Model(
                    c, Weights.fromFlat(c, flat), version, provenance.build(), cal, sm, scales, errors, bandFlags == 1);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("invalid model: " + e.getMessage(), e);
        }
    }

    /** One key's smoothing set as read: the key, α, β, γ, ψ, κ, the flags and its starting states (null: none). */
    private record KeySet(String key, double[] p, int flags, long at, double[] start) {}

    /** The most starting states a key's set may hold: m + 2 for the longest season a model takes. */
    static final int MAX_START_STATES = ModelConfig.MAX_SEASON + 2;

    /**
     * The per-key smoothing sets: a count (checked against the bytes left before allocating), then per set the key
     * (at most {@link #MAX_KEY_BYTES} bytes), five f64 and the flags; from format 7 its starting states (a count, 0
     * or 4 to {@link #MAX_START_STATES}, checked against the bytes left before allocating, then the time and the
     * states).
     */
    private static List<KeySet> readKeySets(ByteReader r, int format) {
        int n = r.count("smoothing key count", 4 + 5 * 8 + 4);
        List<KeySet> sets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = r.position();
            String key = r.string("smoothing key " + i, MAX_KEY_BYTES);
            double[] p = {
                r.f64("smoothing alpha of key " + i),
                r.f64("smoothing beta of key " + i),
                r.f64("smoothing gamma of key " + i),
                r.f64("smoothing psi of key " + i),
                r.f64("smoothing kappa of key " + i)
            };
            int flags = r.i32("smoothing flags of key " + i);
            double[] start = null;
            long startAt = Long.MIN_VALUE;
            if (format >= FORMAT_VERSION_STARTED) {
                int pos = r.position();
                int count = r.count("starting state count of key " + i, 8);
                if (count != 0 && (count < 4 || count > MAX_START_STATES)) {
                    throw new ModelFormatException("corrupt: starting state count of key " + i + " at offset " + pos
                            + " is " + count + ", expected 0 or 4 to " + MAX_START_STATES);
                }
                if (count > 0) {
                    startAt = r.i64("starting time of key " + i);
                    start = new double[count]; // count · 8 bytes checked against the bytes left
                    for (int j = 0; j < count; j++) {
                        start[j] = r.f64("starting state " + j + " of key " + i);
                    }
                }
            }
            sets.add(new KeySet(key, p, flags, startAt, start));
        }
        return sets;
    }

    /** One key's starting scale as read, and from format 8 how many errors it is the mean of (0: not recorded). */
    private record KeyScale(String key, double scale, int errors) {}

    /**
     * The starting scales: a count (checked against the bytes left before allocating), then per key the key (at most
     * {@link #MAX_KEY_BYTES} bytes) and its scale, from format 8 its error count; their meaning is checked after the
     * checksum ({@link #startScales}, {@link #startErrors}).
     */
    private static List<KeyScale> readStartScales(ByteReader r, int format) {
        boolean counted = format >= FORMAT_VERSION;
        int n = r.count("starting scale count", 4 + 8 + (counted ? 4 : 0));
        List<KeyScale> scales = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = r.string("starting scale key " + i, MAX_KEY_BYTES);
            double scale = r.f64("starting scale of key " + i);
            int errors = counted ? r.i32("starting scale error count of key " + i) : 0;
            scales.add(new KeyScale(key, scale, errors));
        }
        return scales;
    }

    /** The error counts of the starting scales that have one: each &gt;= 0 (0: not recorded, left out). */
    private static Map<String, Integer> startErrors(List<KeyScale> read) {
        Map<String, Integer> errors = new HashMap<>();
        for (KeyScale k : read) {
            if (k.errors < 0) {
                throw new ModelFormatException("invalid starting scale of key '" + k.key + "': the mean of " + k.errors
                        + " errors, expected 0 (at least the warm-up) or more");
            }
            if (k.errors > 0) {
                errors.put(k.key, k.errors);
            }
        }
        return errors;
    }

    /** The starting scales by key: each finite, &gt; 0 and at most Float.MAX_VALUE, each key once. */
    private static Map<String, Double> startScales(List<KeyScale> read) {
        Map<String, Double> scales = new HashMap<>();
        for (KeyScale k : read) {
            if (!(k.scale > 0 && k.scale <= Float.MAX_VALUE)) {
                throw new ModelFormatException("invalid starting scale of key '" + k.key
                        + "': must be finite, > 0 and at most " + Float.MAX_VALUE + ", found " + k.scale);
            }
            if (scales.put(k.key, k.scale) != null) {
                throw new ModelFormatException("invalid starting scales: key '" + k.key + "' appears twice");
            }
        }
        return scales;
    }

    /** The calibration block: a count (2 to MAX_POINTS, checked before allocating), then (p, q) pairs of f64. */
    private static double[][] readCalibration(ByteReader r) {
        int at = r.position();
        int k = r.count("calibration point count", 16);
        if (k < 2 || k > Calibration.MAX_POINTS) {
            throw new ModelFormatException("corrupt: calibration point count at offset " + at + " is " + k
                    + ", expected 2 to " + Calibration.MAX_POINTS);
        }
        double[][] pq = new double[2][k];
        for (int i = 0; i < k; i++) {
            pq[0][i] = r.f64("calibration probability " + i);
            pq[1][i] = r.f64("calibration quantile " + i);
        }
        return pq;
    }

    /** Refuses a NaN or infinite weight, naming the first one's index; a model with one forecasts nothing useful. */
    private static void checkFinite(float[] flat) {
        for (int i = 0; i < flat.length; i++) {
            if (!Float.isFinite(flat[i])) {
                throw new ModelFormatException(
                        "non-finite weight: " + flat[i] + " at index " + i + " of " + flat.length + " weights");
            }
        }
    }

    private static void checkMagic(byte[] bytes) {
        int n = Math.min(bytes.length, MAGIC.length);
        if (!Arrays.equals(bytes, 0, n, MAGIC, 0, n)) {
            throw new ModelFormatException("bad magic: expected "
                    + HexFormat.ofDelimiter(" ").formatHex(MAGIC)
                    + " (\"SCMODEL\\0\"), found " + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, n)
                    + "; not a streamcast model file");
        }
        if (n < MAGIC.length) {
            throw new ModelFormatException(
                    "truncated: expected " + MAGIC.length + " bytes of magic, found " + bytes.length);
        }
    }

    private static void checkChecksum(byte[] bytes, int bodyLength) {
        byte[] computed = sha256(bytes, bodyLength);
        if (!Arrays.equals(bytes, bodyLength, bodyLength + CHECKSUM_BYTES, computed, 0, CHECKSUM_BYTES)) {
            HexFormat hex = HexFormat.of();
            throw new ModelFormatException("checksum mismatch: the file stores SHA-256 "
                    + hex.formatHex(bytes, bodyLength, bodyLength + CHECKSUM_BYTES) + " but its content hashes to "
                    + hex.formatHex(computed) + "; the file is corrupt");
        }
    }

    /** SHA-256 of {@code bytes[0, length)}. */
    static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    /** Reads and decodes a model file; a bad file's message starts with its path. */
    public static Model read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        try {
            return decode(bytes);
        } catch (ModelFormatException e) {
            throw new ModelFormatException(path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a model file: first to a temporary file in the same directory, then moved into place (atomically where
     * the file system allows), so a reader watching the directory never sees half a file.
     */
    public static void write(Model model, Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
        try {
            Files.write(tmp, encode(model));
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
