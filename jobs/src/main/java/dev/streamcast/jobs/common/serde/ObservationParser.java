package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Reads one observation record with Jackson's streaming parser:
 * {@code {"key":"AAPL","ts":"2024-01-02T15:30:00Z","value":185.6}} or, with several features,
 * {@code {"key":"JFK","ts":1704209400000,"values":{"temp":3.1,"humidity":0.7}}}; {@code ts} is ISO-8601 with an offset
 * (or Z) or epoch milliseconds. Values land in the configured feature order. Other fields are ignored.
 *
 * <p>Never throws on data: {@link #parse} returns null and leaves {@link #failure()}, {@link #detail()} and
 * {@link #failedKey()} describing why. Not thread-safe (one per operator instance): it keeps one non-blocking
 * parser that reads record after record (see {@link #reused}); a record it cannot read cleanly is read again by
 * a parser of its own, which gives the reason.
 */
public final class ObservationParser {

    /**
     * Thread-safe and costly to build: shared. NaN/Infinity tokens are read so they can be rejected by name. Numbers
     * are read by Jackson's FastDoubleParser, which gives the same double as {@code Double.parseDouble} for every
     * text (ObservationParserTest compares them) without its big-integer arithmetic on long decimals (a third of
     * the parse stage's time and allocation with the JDK's).
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private final String[] features;
    private final int target;
    private final boolean single;
    private final RecordFields fields;
    private Reason failure;
    private String detail;
    private String failedKey;

    /** Records one reused parser reads before it is replaced (see {@link #reused}). */
    static final int RECORDS_PER_PARSER = 10_000;

    private JsonParser reusable;
    private int reusableRecords;

    public ObservationParser(List<String> features, String target) {
        this.features = features.toArray(new String[0]);
        this.target = features.indexOf(target);
        if (this.target < 0) {
            throw new IllegalArgumentException("target must be one of " + features + ", found '" + target + "'");
        }
        this.single = this.features.length == 1;
        this.fields = new RecordFields(this.features.length);
    }

    /** The observation in {@code r}, or null (then see {@link #failure()}). */
    public Observation parse(RawRecord r) {
        failure = null;
        failedKey = null;
        byte[] b = r.bytes;
        if (b == null || b.length == 0) {
            return fail(Reason.MALFORMED_JSON, "empty record");
        }
        Observation o = reused(r, b);
        return o != null ? o : oneOff(r, b);
    }

    /**
     * A record read by this parser's reused non-blocking parser, fed one record after another: no parser, context,
     * symbol table and buffers made per record. Null whenever it is not a usable observation read cleanly to its
     * end (anything malformed, truncated, trailing, not UTF-8, or refused by a check): then {@link #oneOff} reads
     * the record again as before and gives the verdict and its words, so a bad record is judged exactly as it was.
     * A reused parser is dropped after any such record and after {@link #RECORDS_PER_PARSER} records, so that
     * nothing it keeps (its symbol table of field names, counters) grows without bound.
     */
    private Observation reused(RawRecord r, byte[] b) {
        if (reusable == null || reusableRecords >= RECORDS_PER_PARSER) {
            discard();
            try {
                reusable = JSON.createNonBlockingByteArrayParser();
            } catch (IOException e) {
                return null;
            }
        }
        reusableRecords++;
        JsonParser p = reusable;
        RecordFields f = fields.reset();
        try {
            ((ByteArrayFeeder) p.getNonBlockingInputFeeder()).feedInput(b, 0, b.length);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return discard();
            }
            JsonToken t = p.nextToken();
            for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.NOT_AVAILABLE) {
                    return discard(); // the record ends inside the object
                }
                field(p, name, v, f);
            }
            // the object is whole, only whitespace follows it (which the parser then takes, to wait for the next)
            if (t != JsonToken.END_OBJECT
                    || !onlyWhitespace(b, b.length - p.releaseBuffered(OutputStream.nullOutputStream()))
                    || p.nextToken() != JsonToken.NOT_AVAILABLE) {
                return discard();
            }
        } catch (Exception e) {
            return discard();
        }
        Observation o = check(f, r);
        if (o == null) {
            failure = null; // judged again by oneOff
            failedKey = null;
        }
        return o;
    }

    /** The record read by a parser of its own, as every record was before {@link #reused}: the verdict on bad ones. */
    private Observation oneOff(RawRecord r, byte[] b) {
        RecordFields f = fields.reset();
        try (JsonParser p = JSON.createParser(b)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return fail(Reason.MALFORMED_JSON, "not a JSON object");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                field(p, name, v, f);
            }
            if (p.nextToken() != null) {
                return fail(Reason.MALFORMED_JSON, "trailing content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            return fail(Reason.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage());
        } catch (Exception e) {
            return fail(Reason.MALFORMED_JSON, "unreadable record: " + e);
        }
        return check(f, r);
    }

    private void field(JsonParser p, String name, JsonToken v, RecordFields f) throws IOException {
        switch (name) {
            case "key" -> f.readKey(p, v);
            case "ts" -> f.readTs(p, v);
            case "value" -> f.value = readNumber(p, v, "value", f);
            case "values" -> readValues(p, v, f);
            default -> p.skipChildren();
        }
    }

    private static boolean onlyWhitespace(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Drops the reused parser (the next record gets a new one); null, for the caller to return. */
    private Observation discard() {
        if (reusable != null) {
            try {
                reusable.close();
            } catch (IOException | RuntimeException e) {
                // nothing held but buffers
            }
            reusable = null;
        }
        reusableRecords = 0;
        return null;
    }

    private Observation check(RecordFields f, RawRecord r) {
        failedKey = f.key == null || f.key.isEmpty() ? null : f.key;
        if (failedKey == null) {
            return fail(
                    Reason.MISSING_FIELD,
                    f.keyNotText
                            ? "field 'key' is not a string"
                            : f.key == null ? "field 'key' is missing" : "field 'key' is empty");
        }
        if (f.tsText == null && !f.hasTs) {
            return fail(Reason.MISSING_FIELD, "field 'ts' is missing");
        }
        if (!f.hasTs) {
            return fail(
                    Reason.BAD_TIMESTAMP,
                    "field 'ts' is not ISO-8601 with an offset or epoch milliseconds: '" + f.tsText + "'");
        }
        double[] values;
        if (f.valuesSeen && f.valueSeen) {
            return fail(Reason.WRONG_FEATURE_COUNT, "both 'value' and 'values' are given");
        } else if (f.valueSeen) {
            if (!single) {
                return fail(
                        Reason.WRONG_FEATURE_COUNT,
                        "a single 'value', but the model takes " + features.length + " features " + List.of(features));
            }
            values = new double[] {f.value};
        } else if (f.valuesSeen) {
            if (f.unknown != null) {
                return fail(
                        Reason.WRONG_FEATURE_COUNT,
                        "'values' names '" + f.unknown + "', not one of " + List.of(features));
            }
            if (!f.has[target]) {
                return fail(Reason.MISSING_FIELD, "'values' lacks the target '" + features[target] + "'");
            }
            if (f.count != features.length) {
                return fail(
                        Reason.WRONG_FEATURE_COUNT,
                        "'values' has " + f.count + " of the " + features.length + " features " + List.of(features));
            }
            values = f.values.clone();
        } else {
            return fail(Reason.MISSING_FIELD, "field 'value' (or 'values') is missing");
        }
        if (f.nonFinite != null) {
            return fail(Reason.NON_FINITE_VALUE, f.nonFinite);
        }
        return new Observation(f.key, f.ts, values, r.bytes, r.topic, r.partition, r.offset);
    }

    private void readValues(JsonParser p, JsonToken v, RecordFields f) throws IOException {
        f.valuesSeen = true;
        if (v != JsonToken.START_OBJECT) {
            skip(p, null);
            f.unknown = f.unknown == null ? "(not an object)" : f.unknown;
            return;
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken x = p.nextToken();
            int i = indexOf(name);
            if (i < 0 || f.has[i]) {
                p.skipChildren();
                f.unknown = f.unknown == null ? (i < 0 ? name : name + "' twice, '" + name) : f.unknown;
                continue;
            }
            double d = readNumber(p, x, "values." + name, f);
            if (x != JsonToken.VALUE_NULL) {
                f.values[i] = d;
                f.has[i] = true;
                f.count++;
            }
        }
    }

    private static double readNumber(JsonParser p, JsonToken v, String field, RecordFields f) throws IOException {
        if (field.equals("value")) {
            f.valueSeen = v != JsonToken.VALUE_NULL;
        }
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (!Double.isFinite(d) && f.nonFinite == null) {
                f.nonFinite = "field '" + field + "' is " + d;
            }
            return d;
        }
        if (v != JsonToken.VALUE_NULL && f.nonFinite == null) {
            f.nonFinite = "field '" + field + "' is not a number: " + (v.isScalarValue() ? "'" + p.getText() + "'" : v);
        }
        skip(p, null);
        return Double.NaN;
    }

    private static String skip(JsonParser p, String result) throws IOException {
        p.skipChildren();
        return result;
    }

    private int indexOf(String name) {
        for (int i = 0; i < features.length; i++) {
            if (features[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Observation fail(Reason reason, String why) {
        failure = reason;
        detail = why;
        return null;
    }

    /** Why the last {@link #parse} returned null. */
    public Reason failure() {
        return failure;
    }

    public String detail() {
        return detail;
    }

    /** The series key of the last failed record if it could be read, else null. */
    public String failedKey() {
        return failedKey;
    }
}
