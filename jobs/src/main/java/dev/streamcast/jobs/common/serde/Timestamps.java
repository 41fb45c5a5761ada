package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * Observation timestamps: ISO-8601 with an offset or Z ({@code 2024-01-02T15:30:00Z},
 * {@code 2024-01-02T10:30:00-05:00}), or epoch milliseconds (a JSON integer, or a string of digits). Valid range:
 * 1970-01-01 to 9999-12-31.
 */
public final class Timestamps {
    private Timestamps() {}

    /** Returned for anything that is not a valid timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long MAX = 253_402_300_799_999L; // 9999-12-31T23:59:59.999Z

    /** Epoch ms of the current value token {@code v}, or {@link #INVALID}. Does not advance the parser. */
    static long read(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? INVALID : inRange(p.getLongValue());
        }
        return v == JsonToken.VALUE_STRING ? parse(p.getText()) : INVALID;
    }

    /** Epoch ms of an ISO-8601 text with offset, or of a string of digits; {@link #INVALID} otherwise. */
    public static long parse(String s) {
        if (s.isEmpty() || s.length() > 40) {
            return INVALID;
        }
        if (allDigits(s)) {
            return s.length() > 15 ? INVALID : inRange(Long.parseLong(s));
        }
        long fast = IsoFast.parse(s);
        if (fast != IsoFast.OTHER_FORM) {
            return fast == IsoFast.INVALID ? INVALID : inRange(fast);
        }
        try {
            return inRange(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                    .parse(s, Instant::from)
                    .toEpochMilli());
        } catch (RuntimeException e) {
            return INVALID;
        }
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long inRange(long ms) {
        return ms >= 0 && ms <= MAX ? ms : INVALID;
    }

    /**
     * The {@code ts} of a raw observation record, read without parsing the rest (for event-time watermarks at the
     * source), or {@link #INVALID} when the record has none; such records do not advance the watermark and are
     * rejected later by the parser.
     */
    public static long ofRecord(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return INVALID;
        }
        try (JsonParser p = ObservationParser.JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return INVALID;
            }
            long ts = INVALID;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                boolean isTs = "ts".equals(p.currentName());
                JsonToken v = p.nextToken();
                if (isTs) {
                    ts = read(p, v);
                }
                p.skipChildren();
            }
            return ts;
        } catch (Exception e) {
            return INVALID;
        }
    }
}
