package dev.streamcast.jobs.common;

import java.util.Locale;

/** Why a record went to the dead-letter output. Each reason has its own counter ({@code deadLetters.<name>}). */
public enum Reason {
    /** Not valid JSON, or not a JSON object. */
    MALFORMED_JSON,
    /** A required field (key, ts, value/values) is absent or null, or the target feature is missing. */
    MISSING_FIELD,
    /** A value is NaN or infinite (or not a number). */
    NON_FINITE_VALUE,
    /** ts is neither ISO-8601 nor epoch milliseconds, or out of range. */
    BAD_TIMESTAMP,
    /** The values object names other features than the model's, or a different number of them. */
    WRONG_FEATURE_COUNT,
    /** A value the transform cannot take (log-difference of a value <= 0). */
    INVALID_VALUE,
    /** Older than the out-of-orderness bound allows (behind the watermark). */
    TOO_LATE,
    /** Its timestamp was already applied (or is already waiting) for this key. */
    DUPLICATE,
    /** Larger than --max-record-bytes: not parsed; the dead letter holds its size and an excerpt. */
    TOO_LARGE,
    /** Its key is longer than --max-key-bytes (UTF-8). */
    KEY_TOO_LONG,
    /** Dated more than --max-future ahead of the wall clock. */
    FUTURE_TIMESTAMP;

    /** Lower-case metric and JSON name, e.g. {@code too_late}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
