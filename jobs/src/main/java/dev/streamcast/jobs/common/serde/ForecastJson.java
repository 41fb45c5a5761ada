package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.streamcast.jobs.common.Forecast;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A forecast as JSON: {@code {"key","ts","target_ts","actual","forecast","model_version","warm","prev_error","seq"}},
 * timestamps ISO-8601 in UTC, {@code prev_error} null when there was no previous forecast (NaN), {@code seq} the key's count of applied observations (see {@link Forecast#seq}), then
 * {@code "intervals"} when the bands are on: one {@code {"level","lower","upper"}} per level, or null while the key's
 * calibration warms up. A non-finite number
 * is written as null so that the output is always valid JSON.
 */
public final class ForecastJson {
    private ForecastJson() {}

    /** Shared; shortest round-trip doubles (Schubfach) instead of Double.toString. */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    public static byte[] write(Forecast f) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(192);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("key", f.key);
            char[] buf = new char[32];
            g.writeFieldName("ts");
            g.writeString(buf, 0, IsoInstant.format(f.ts, buf));
            g.writeFieldName("target_ts");
            g.writeString(buf, 0, IsoInstant.format(f.targetTs, buf));
            number(g, "actual", f.actual);
            number(g, "forecast", f.forecast);
            g.writeNumberField("model_version", f.modelVersion);
            g.writeBooleanField("warm", f.warm);
            number(g, "prev_error", f.prevError);
            g.writeNumberField("seq", f.seq);
            if (f.levels != null) {
                intervals(g, f);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** {@code "intervals":[{"level":0.8,"lower":…,"upper":…},…]}, or {@code "intervals":null} while warming up. */
    private static void intervals(JsonGenerator g, Forecast f) throws IOException {
        if (f.lower == null || f.upper == null) {
            g.writeNullField("intervals");
            return;
        }
        g.writeArrayFieldStart("intervals");
        for (int i = 0; i < f.levels.length; i++) {
            g.writeStartObject();
            g.writeNumberField("level", f.levels[i]);
            number(g, "lower", f.lower[i]);
            number(g, "upper", f.upper[i]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }
}
