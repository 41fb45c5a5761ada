package dev.streamcast.jobs.common.serde;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The one timestamp parser of every input: Kafka records (the forecast job, train and backtest), CSV files (train,
 * backtest, demo) and options ({@code --from}, {@code --to}). Accepted: ISO-8601 with an offset or Z
 * ({@code 2024-01-02T15:30:00Z}, {@code 2024-01-02T10:30:00-05:00}), or epoch milliseconds (a JSON integer, or a
 * string of digits with an optional minus sign). Valid range: years 0000 to 9999 (0000-01-01T00:00:00Z to
 * 9999-12-31T23:59:59.999Z, the range {@link IsoInstant} writes), so monthly data from 1749 or 1900 is read alike
 * everywhere. {@link #parse} allocates nothing for the common forms (it is on the per-record path).
 */
public final class Timestamps {
    private Timestamps() {}

    /** Returned for anything that is not a valid timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    /** The earliest valid timestamp, 0000-01-01T00:00:00Z. */
    public static final long MIN = -62_167_219_200_000L;
    /** The latest valid timestamp, 9999-12-31T23:59:59.999Z. */
    public static final long MAX = 253_402_300_799_999L;

    /** Epoch ms of the current value token {@code v}, or {@link #INVALID}. Does not advance the parser. */
    static long read(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? INVALID : inRange(p.getLongValue());
        }
        return v == JsonToken.VALUE_STRING ? parse(p.getText()) : INVALID;
    }

    /**
     * Epoch ms of an ISO-8601 text with offset, or of a string of digits (optionally signed); {@link #INVALID}
     * otherwise.
     */
    public static long parse(String s) {
        if (s.isEmpty() || s.length() > 40) {
            return INVALID;
        }
        if (isInteger(s)) {
            return s.length() > 16 ? INVALID : inRange(Long.parseLong(s));
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

    /**
     * Epoch ms of {@code s} (as {@link #parse}, surrounding blanks ignored), for text from files and options.
     *
     * @throws IllegalArgumentException quoting the text when it is not a valid timestamp
     */
    public static long parseText(String s) {
        long t = parse(s.strip());
        if (t == INVALID) {
            throw new IllegalArgumentException("bad timestamp '" + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
                    + "' (ISO-8601 with Z or an offset, or epoch ms; years 0000-9999)");
        }
        return t;
    }

    /** An optional minus sign and at least one digit. */
    private static boolean isInteger(String s) {
        int from = s.charAt(0) == '-' ? 1 : 0;
        if (from == s.length()) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static long inRange(long ms) {
        return ms >= MIN && ms <= MAX ? ms : INVALID;
    }
}
