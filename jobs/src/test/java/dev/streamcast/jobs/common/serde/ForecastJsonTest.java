package dev.streamcast.jobs.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamcast.jobs.common.Forecast;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The forecast JSON is byte for byte what it was before {@link DoubleText} wrote its doubles: {@link #reference} is
 * the writer of 52f7437 (Jackson's {@code writeNumberField} with its fast double writer, {@code Instant.toString}
 * for times), and every forecast below, with its doubles drawn from every magnitude, must come out the same.
 */
class ForecastJsonTest {

    @Test
    void writesTheSameBytesAsJacksonsOwnDoubleWriter() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        ForecastJson writer = new ForecastJson();
        for (int i = 0; i < 50_000; i++) {
            Forecast f = random(r);
            String expected = reference(f);
            assertThat(new String(writer.toJson(f), java.nio.charset.StandardCharsets.UTF_8))
                    .as("forecast %d", i)
                    .isEqualTo(expected);
        }
    }

    /** Values as a job produces them, and every kind of double now and then. */
    private static double value(SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0:
                return Double.longBitsToDouble(r.nextLong()); // any double, NaN and infinities included
            case 1:
                return Math.round(r.nextDouble() * 1e4) / 100.0; // a short decimal
            case 2:
                return new double[] {0.0, -0.0, Double.NaN, 1e7, 1e-3, 1e-4, 12345678.9, 0.8, 0.95}[r.nextInt(9)];
            default:
                return (r.nextBoolean() ? 1 : -1) * Math.pow(10, -5 + 13 * r.nextDouble());
        }
    }

    private static Forecast random(SplittableRandom r) {
        Forecast f = new Forecast();
        f.key = "s" + r.nextInt(100_000);
        f.ts = 1_704_067_200_000L + r.nextLong(1L << 36);
        f.targetTs = f.ts + r.nextInt(86_400_000);
        f.actual = value(r);
        f.forecast = value(r);
        f.modelVersion = 1 + r.nextInt(1000);
        f.warm = r.nextBoolean();
        f.prevError = value(r);
        f.seq = r.nextLong(1, 1L << 40);
        if (r.nextBoolean()) {
            f.levels = new double[] {0.8, 0.95};
            if (r.nextInt(4) > 0) {
                f.lower = new double[] {value(r), value(r)};
                f.upper = new double[] {value(r), value(r)};
            }
        }
        if (r.nextInt(4) == 0) {
            int h = 2 + r.nextInt(5);
            f.path = new double[h];
            f.pathTs = new long[h];
            for (int k = 0; k < h; k++) {
                f.path[k] = value(r);
                f.pathTs[k] = f.ts + (k + 1) * 60_000L + r.nextInt(1000);
            }
            if (f.levels != null) {
                f.pathLower = new double[h * 2];
                f.pathUpper = new double[h * 2];
                for (int k = 0; k < h * 2; k++) {
                    f.pathLower[k] = value(r);
                    f.pathUpper[k] = value(r);
                }
            }
        }
        return f;
    }

    /** The forecast writer as it was at 52f7437, with Jackson writing every double (and Instant every time). */
    static String reference(Forecast f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = ForecastJson.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("key", f.key);
            g.writeStringField("ts", Instant.ofEpochMilli(f.ts).toString());
            g.writeStringField("target_ts", Instant.ofEpochMilli(f.targetTs).toString());
            number(g, "actual", f.actual);
            number(g, "forecast", f.forecast);
            g.writeNumberField("model_version", f.modelVersion);
            g.writeBooleanField("warm", f.warm);
            number(g, "prev_error", f.prevError);
            g.writeNumberField("seq", f.seq);
            if (f.levels != null) {
                if (f.lower == null || f.upper == null) {
                    g.writeNullField("intervals");
                } else {
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
            }
            if (f.path != null) {
                g.writeArrayFieldStart("path");
                int levels = f.levels == null ? 0 : f.levels.length;
                for (int h = 1; h <= f.path.length; h++) {
                    g.writeStartObject();
                    g.writeNumberField("h", h);
                    g.writeStringField(
                            "target_ts", Instant.ofEpochMilli(f.pathTs[h - 1]).toString());
                    number(g, "value", f.path[h - 1]);
                    if (f.levels != null) {
                        int at = (h - 1) * levels;
                        if (f.pathLower == null || !Double.isFinite(f.pathLower[at])) {
                            g.writeNullField("intervals");
                        } else {
                            g.writeArrayFieldStart("intervals");
                            for (int i = 0; i < levels; i++) {
                                g.writeStartObject();
                                g.writeNumberField("level", f.levels[i]);
                                number(g, "lower", f.pathLower[at + i]);
                                number(g, "upper", f.pathUpper[at + i]);
                                g.writeEndObject();
                            }
                            g.writeEndArray();
                        }
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(name, v);
        } else {
            g.writeNullField(name);
        }
    }
}
