package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.streamcast.jobs.common.Forecast;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A forecast as JSON: {@code {"key","ts","target_ts","actual","forecast","model_version","warm","prev_error","seq"}},
 * timestamps ISO-8601 in UTC, {@code prev_error} null when there was no previous forecast (NaN), {@code seq} the key's count of applied observations (see {@link Forecast#seq}), then
 * {@code "intervals"} when the bands are on: one {@code {"level","lower","upper"}} per level, or null while the key's
 * calibration warms up; then {@code "path"} with {@code --horizon} H &gt; 1: one {@code {"h","target_ts","value",
 * "intervals"}} per step (see docs/horizon.md). A non-finite number
 * is written as null so that the output is always valid JSON.
 *
 * <p>An instance keeps one generator and its buffers for every forecast it writes (a sink writes one record after
 * another on one thread): per forecast it allocates the returned array only, not a generator, its context and
 * buffers, a stream and a copy of it, nor a String per double ({@link DoubleText} writes the digits into this
 * writer's buffer). Not thread-safe; {@link #write} is the one-off form.
 */
public final class ForecastJson {

    /**
     * Shared. Doubles are written by {@link DoubleText} (the same text as this factory's shortest round-trip writer,
     * Schubfach, which {@link DeadLetterJson} uses), without a String per double.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    /** Field names, quoted and encoded once. */
    private static final SerializedString KEY = new SerializedString("key");

    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString TARGET_TS = new SerializedString("target_ts");
    private static final SerializedString ACTUAL = new SerializedString("actual");
    private static final SerializedString FORECAST = new SerializedString("forecast");
    private static final SerializedString MODEL_VERSION = new SerializedString("model_version");
    private static final SerializedString WARM = new SerializedString("warm");
    private static final SerializedString PREV_ERROR = new SerializedString("prev_error");
    private static final SerializedString SEQ = new SerializedString("seq");
    private static final SerializedString INTERVALS = new SerializedString("intervals");
    private static final SerializedString LEVEL = new SerializedString("level");
    private static final SerializedString LOWER = new SerializedString("lower");
    private static final SerializedString UPPER = new SerializedString("upper");
    private static final SerializedString PATH = new SerializedString("path");
    private static final SerializedString H = new SerializedString("h");
    private static final SerializedString VALUE = new SerializedString("value");

    private final Bytes out = new Bytes();
    private final JsonGenerator g;
    private final char[] buf = new char[Math.max(32, DoubleText.MAX_CHARS)];

    public ForecastJson() {
        try {
            g = JSON.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        g.setRootValueSeparator(null); // one object after another, each taken out whole: no space between them
    }

    /** One forecast as UTF-8 JSON, in a new array. */
    public static byte[] write(Forecast f) {
        return new ForecastJson().toJson(f);
    }

    /** One forecast as UTF-8 JSON, in a new array; this writer's generator and buffers are reused. */
    public byte[] toJson(Forecast f) {
        try {
            g.writeStartObject();
            g.writeFieldName(KEY);
            g.writeString(f.key);
            g.writeFieldName(TS);
            g.writeString(buf, 0, IsoInstant.format(f.ts, buf));
            g.writeFieldName(TARGET_TS);
            g.writeString(buf, 0, IsoInstant.format(f.targetTs, buf));
            number(ACTUAL, f.actual);
            number(FORECAST, f.forecast);
            g.writeFieldName(MODEL_VERSION);
            g.writeNumber(f.modelVersion);
            g.writeFieldName(WARM);
            g.writeBoolean(f.warm);
            number(PREV_ERROR, f.prevError);
            g.writeFieldName(SEQ);
            g.writeNumber(f.seq);
            if (f.levels != null) {
                intervals(f);
            }
            if (f.path != null) {
                path(f);
            }
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.take();
    }

    /** What the generator flushed since the last {@link #take}, in a buffer that grows to the largest record. */
    private static final class Bytes extends OutputStream {
        private byte[] bytes = new byte[512];
        private int count;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
            }
        }

        byte[] take() {
            byte[] b = Arrays.copyOf(bytes, count);
            count = 0;
            return b;
        }
    }

    /** {@code "intervals":[{"level":0.8,"lower":…,"upper":…},…]}, or {@code "intervals":null} while warming up. */
    private void intervals(Forecast f) throws IOException {
        if (f.lower == null || f.upper == null) {
            g.writeFieldName(INTERVALS);
            g.writeNull();
            return;
        }
        g.writeFieldName(INTERVALS);
        g.writeStartArray();
        for (int i = 0; i < f.levels.length; i++) {
            g.writeStartObject();
            number(LEVEL, f.levels[i]);
            number(LOWER, f.lower[i]);
            number(UPPER, f.upper[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * {@code "path":[{"h":1,"target_ts":…,"value":…,"intervals":[{"level","lower","upper"},…]},…]}; "intervals" is
     * there when the bands are on, null while that horizon's calibration warms up.
     */
    private void path(Forecast f) throws IOException {
        g.writeFieldName(PATH);
        g.writeStartArray();
        int levels = f.levels == null ? 0 : f.levels.length;
        for (int h = 1; h <= f.path.length; h++) {
            g.writeStartObject();
            g.writeFieldName(H);
            g.writeNumber(h);
            g.writeFieldName(TARGET_TS);
            g.writeString(buf, 0, IsoInstant.format(f.pathTs[h - 1], buf));
            number(VALUE, f.path[h - 1]);
            if (f.levels != null) {
                int at = (h - 1) * levels;
                if (f.pathLower == null || !Double.isFinite(f.pathLower[at])) {
                    g.writeFieldName(INTERVALS);
                    g.writeNull();
                } else {
                    g.writeFieldName(INTERVALS);
                    g.writeStartArray();
                    for (int i = 0; i < levels; i++) {
                        g.writeStartObject();
                        number(LEVEL, f.levels[i]);
                        number(LOWER, f.pathLower[at + i]);
                        number(UPPER, f.pathUpper[at + i]);
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code "name":v}, or {@code "name":null} when v is not finite. */
    private void number(SerializedString name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeFieldName(name);
            g.writeNumber(buf, 0, DoubleText.write(v, buf, 0));
        } else {
            g.writeFieldName(name);
            g.writeNull();
        }
    }
}
