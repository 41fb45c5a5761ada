package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamcast.jobs.common.Forecast;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A forecast as JSON: {@code {"key","ts","target_ts","actual","forecast","model_version","warm","prev_error"}},
 * timestamps ISO-8601 in UTC, {@code prev_error} null when there was no previous forecast (NaN). A non-finite number
 * is written as null so that the output is always valid JSON.
 */
public final class ForecastJson {
    private ForecastJson() {}

    static final JsonFactory JSON = new JsonFactory();

    public static byte[] write(Forecast f) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(192);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("key", f.key);
            g.writeStringField("ts", Instant.ofEpochMilli(f.ts).toString());
            g.writeStringField("target_ts", Instant.ofEpochMilli(f.targetTs).toString());
            number(g, "actual", f.actual);
            number(g, "forecast", f.forecast);
            g.writeNumberField("model_version", f.modelVersion);
            g.writeBooleanField("warm", f.warm);
            number(g, "prev_error", f.prevError);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }
}
