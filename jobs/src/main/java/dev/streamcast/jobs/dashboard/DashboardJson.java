package dev.streamcast.jobs.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.streamcast.jobs.common.serde.Timestamps;
import java.io.IOException;
import java.util.Map;

/**
 * Reads forecast and dead-letter records (hostile bytes: bounded, never thrown out of here) and writes the API's JSON
 * by hand into a StringBuilder. Field names are the forecast record's; timestamps go out as epoch milliseconds.
 */
final class DashboardJson {
    private DashboardJson() {}

    /** Longest key the dashboard keeps (the forecast job's --max-key-bytes is at most 64 KiB; longer is refused). */
    static final int MAX_KEY_CHARS = 65_536;

    static final JsonFactory JSON = JsonFactory.builder()
            // a forecast with a 12-step path and two band levels holds about 60 numbers: FastDoubleParser (shaded in
            // jackson-core) reads each as Double.parseDouble does, without its big-integer slow path
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(MAX_KEY_CHARS)
                    .maxNestingDepth(8)
                    .build())
            .build();

    /** Parses a forecast record into {@code p}; returns null when it is usable, else why not. */
    static String readForecast(byte[] bytes, Point p) {
        p.clear();
        boolean hasTs = false, hasTarget = false, hasVersion = false;
        try (JsonParser j = JSON.createParser(bytes)) {
            if (j.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            JsonToken t;
            while ((t = j.nextToken()) == JsonToken.FIELD_NAME) {
                String name = j.currentName();
                JsonToken v = j.nextToken();
                switch (name) {
                    case "key" -> p.key = v == JsonToken.VALUE_STRING ? j.getText() : null;
                    case "ts" -> {
                        p.ts = time(j, v);
                        hasTs = p.ts != Timestamps.INVALID;
                    }
                    case "target_ts" -> {
                        p.targetTs = time(j, v);
                        hasTarget = p.targetTs != Timestamps.INVALID;
                    }
                    case "actual" -> p.actual = number(j, v);
                    case "forecast" -> p.forecast = number(j, v);
                    case "prev_error" -> p.prevError = number(j, v);
                    case "model_version" -> {
                        hasVersion = v == JsonToken.VALUE_NUMBER_INT;
                        p.modelVersion = hasVersion ? j.getLongValue() : 0;
                    }
                    case "seq" -> p.seq = v == JsonToken.VALUE_NUMBER_INT ? j.getLongValue() : 0;
                    case "warm" -> p.warm = v == JsonToken.VALUE_TRUE;
                    case "intervals" -> p.levels = intervals(j, v, p.level, p.lower, p.upper, 0);
                    case "path" -> path(j, v, p);
                    default -> j.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                return "not a JSON object";
            }
        } catch (IOException | RuntimeException e) {
            return "malformed JSON";
        }
        if (p.key == null || p.key.isEmpty()) {
            return "no key";
        }
        if (!hasTs || !hasTarget || !hasVersion) {
            return "missing ts, target_ts or model_version";
        }
        return null;
    }

    private static long time(JsonParser j, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return j.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Timestamps.INVALID : j.getLongValue();
        }
        return v == JsonToken.VALUE_STRING ? Timestamps.parse(j.getText()) : Timestamps.INVALID;
    }

    private static double number(JsonParser j, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = j.getDoubleValue();
            return Double.isFinite(d) ? d : Double.NaN;
        }
        return Double.NaN;
    }

    /**
     * Reads an {@code "intervals"} array into {@code level} (from 0), {@code lower} and {@code upper} (from
     * {@code at}): up to
     * {@link Point#MAX_LEVELS} well-formed levels (finite, lower ≤ upper), in the record's order. Returns how many.
     */
    private static int intervals(JsonParser j, JsonToken v, double[] level, double[] lower, double[] upper, int at)
            throws IOException {
        if (v != JsonToken.START_ARRAY) {
            j.skipChildren();
            return 0;
        }
        int n = 0;
        for (JsonToken e = j.nextToken(); e != JsonToken.END_ARRAY && e != null; e = j.nextToken()) {
            if (e != JsonToken.START_OBJECT) {
                j.skipChildren(); // not a level: ignored
                continue;
            }
            double lv = Double.NaN, lo = Double.NaN, up = Double.NaN;
            while (j.nextToken() == JsonToken.FIELD_NAME) {
                String name = j.currentName();
                JsonToken x = j.nextToken();
                switch (name) {
                    case "level" -> lv = number(j, x);
                    case "lower" -> lo = number(j, x);
                    case "upper" -> up = number(j, x);
                    default -> j.skipChildren();
                }
            }
            if (n < Point.MAX_LEVELS && lv > 0 && lv < 1 && lo <= up) {
                level[n] = lv;
                lower[at + n] = lo;
                upper[at + n] = up;
                n++;
            }
        }
        return n;
    }

    /**
     * Reads a {@code "path"} array ({@code [{"h","target_ts","value","intervals"},…]}) into {@code p}: its first
     * {@link Point#MAX_PATH} steps, the rest skipped. A path whose steps are not h = 1, 2, … in order or lack a
     * readable {@code target_ts} is dropped (the forecast itself is kept); a null value is kept as NaN (a gap).
     */
    private static void path(JsonParser j, JsonToken v, Point p) throws IOException {
        p.pathLen = 0;
        p.pathLevelCount = 0;
        if (v != JsonToken.START_ARRAY) {
            j.skipChildren();
            return;
        }
        p.pathArrays();
        double[] stepLevel = p.stepLevel;
        boolean ok = true;
        int step = 0; // steps read, kept or not
        for (JsonToken e = j.nextToken(); e != JsonToken.END_ARRAY && e != null; e = j.nextToken()) {
            if (e != JsonToken.START_OBJECT) {
                j.skipChildren();
                ok = false; // not a step
                continue;
            }
            step++;
            int at = step <= Point.MAX_PATH ? (step - 1) * Point.MAX_LEVELS : -1;
            long h = -1, ts = Timestamps.INVALID;
            double value = Double.NaN;
            int levels = 0;
            while (j.nextToken() == JsonToken.FIELD_NAME) {
                String name = j.currentName();
                JsonToken x = j.nextToken();
                switch (name) {
                    case "h" -> h = x == JsonToken.VALUE_NUMBER_INT ? j.getLongValue() : -1;
                    case "target_ts" -> ts = time(j, x);
                    case "value" -> value = number(j, x);
                    case "intervals" -> {
                        if (at >= 0) {
                            levels = intervals(j, x, stepLevel, p.pathLower, p.pathUpper, at);
                        } else {
                            j.skipChildren();
                        }
                    }
                    default -> j.skipChildren();
                }
            }
            if (at < 0) {
                continue; // beyond the longest path kept
            }
            ok &= h == step && ts != Timestamps.INVALID;
            p.pathTs[step - 1] = ts;
            p.pathValue[step - 1] = value;
            for (int l = levels; l < Point.MAX_LEVELS; l++) {
                p.pathLower[at + l] = Double.NaN;
                p.pathUpper[at + l] = Double.NaN;
            }
            if (levels > p.pathLevelCount) {
                p.pathLevelCount = levels;
                System.arraycopy(stepLevel, 0, p.pathLevel, 0, levels);
            }
            p.pathLen = step;
        }
        if (!ok) {
            p.pathLen = 0;
            p.pathLevelCount = 0;
        }
    }

    /** The reason and key of a dead letter ({@code null}s when absent); the reason is cut to 64 characters. */
    static String[] readDeadLetter(byte[] bytes) {
        String reason = null, key = null;
        try (JsonParser j = JSON.createParser(bytes)) {
            if (j.nextToken() != JsonToken.START_OBJECT) {
                return new String[] {"unreadable", null};
            }
            while (j.nextToken() == JsonToken.FIELD_NAME) {
                String name = j.currentName();
                JsonToken v = j.nextToken();
                if (name.equals("reason") && v == JsonToken.VALUE_STRING) {
                    reason = j.getText();
                } else if (name.equals("key") && v == JsonToken.VALUE_STRING) {
                    key = j.getText();
                } else {
                    j.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return new String[] {"unreadable", null};
        }
        if (reason != null && reason.length() > 64) {
            reason = reason.substring(0, 64);
        }
        return new String[] {reason, key};
    }

    /** {@code {"key":…,"ts":…,…,"seq":…,"intervals":[…],"id":…}}. */
    static StringBuilder point(StringBuilder b, Point p, boolean withKey) {
        b.append('{');
        if (withKey) {
            string(b.append("\"key\":"), p.key).append(',');
        }
        b.append("\"ts\":").append(p.ts);
        b.append(",\"target_ts\":").append(p.targetTs);
        number(b.append(",\"actual\":"), p.actual);
        number(b.append(",\"forecast\":"), p.forecast);
        b.append(",\"model_version\":").append(p.modelVersion);
        b.append(",\"warm\":").append(p.warm);
        number(b.append(",\"prev_error\":"), p.prevError);
        b.append(",\"seq\":").append(p.seq);
        if (p.levels > 0) {
            b.append(",\"intervals\":[");
            for (int l = 0; l < p.levels; l++) {
                b.append(l > 0 ? "," : "").append("{\"level\":").append(p.level[l]);
                number(b.append(",\"lower\":"), p.lower[l]);
                number(b.append(",\"upper\":"), p.upper[l]).append('}');
            }
            b.append(']');
        } else {
            b.append(",\"intervals\":null");
        }
        if (p.pathLen > 0) {
            path(b, p);
        }
        return b.append(",\"id\":").append(p.id).append('}');
    }

    /** {@code ,"path":[{"h":1,"target_ts":…,"value":…,"intervals":[…]|null},…]}, as in the forecast record. */
    private static void path(StringBuilder b, Point p) {
        b.append(",\"path\":[");
        for (int h = 0; h < p.pathLen; h++) {
            b.append(h > 0 ? "," : "").append("{\"h\":").append(h + 1);
            b.append(",\"target_ts\":").append(p.pathTs[h]);
            number(b.append(",\"value\":"), p.pathValue[h]);
            int at = h * Point.MAX_LEVELS;
            int n = 0;
            while (n < p.pathLevelCount && !Double.isNaN(p.pathLower[at + n])) {
                n++;
            }
            if (n == 0) {
                b.append(",\"intervals\":null}");
                continue;
            }
            b.append(",\"intervals\":[");
            for (int l = 0; l < n; l++) {
                b.append(l > 0 ? "," : "").append("{\"level\":").append(p.pathLevel[l]);
                number(b.append(",\"lower\":"), p.pathLower[at + l]);
                number(b.append(",\"upper\":"), p.pathUpper[at + l]).append('}');
            }
            b.append("]}");
        }
        b.append(']');
    }

    static StringBuilder number(StringBuilder b, double d) {
        return Double.isFinite(d) ? b.append(d) : b.append("null");
    }

    /** A JSON string: quotes, backslashes and control characters escaped, and {@code <}, {@code >}, {@code &}. */
    static StringBuilder string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    static StringBuilder counts(StringBuilder b, Map<String, Long> m) {
        b.append('{');
        boolean first = true;
        for (Map.Entry<String, Long> e : m.entrySet()) {
            string(b.append(first ? "" : ","), e.getKey()).append(':').append(e.getValue());
            first = false;
        }
        return b.append('}');
    }

    /** The key list row. */
    static StringBuilder summary(StringBuilder b, KeySeries.Summary s) {
        string(b.append("{\"key\":"), s.key);
        b.append(",\"points\":").append(s.points);
        b.append(",\"updated_at\":").append(s.updatedAt);
        b.append(",\"ts\":").append(s.lastTs);
        number(b.append(",\"actual\":"), s.lastActual);
        number(b.append(",\"forecast\":"), s.lastForecast);
        b.append(",\"model_version\":").append(s.version);
        b.append(",\"warm\":").append(s.warm);
        b.append(",\"error_points\":").append(s.errorPoints);
        number(b.append(",\"mae_model\":"), s.maeModel);
        number(b.append(",\"mae_naive\":"), s.maeNaive);
        b.append(",\"coverage\":[");
        for (int l = 0; l < s.levels.length; l++) {
            b.append(l > 0 ? "," : "").append("{\"level\":").append(s.levels[l]);
            b.append(",\"covered\":")
                    .append(s.covered[l])
                    .append(",\"of\":")
                    .append(s.coverable[l])
                    .append('}');
        }
        b.append("],\"duplicates\":").append(s.duplicates);
        b.append(",\"dead_letters\":");
        return counts(b, s.deadLettersByReason).append('}');
    }
}
