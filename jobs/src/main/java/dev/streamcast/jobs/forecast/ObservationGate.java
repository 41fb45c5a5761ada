package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.common.serde.ObservationParser;
import dev.streamcast.jobs.common.serde.Timestamps;
import java.util.function.LongSupplier;

/**
 * Every check an observation record passes before the job uses it, in this order: its size (a record above
 * {@code maxRecordBytes} is {@link Reason#TOO_LARGE} and never parsed), the format ({@link ObservationParser}), its
 * key's length in UTF-8 ({@link Reason#KEY_TOO_LONG}), and its timestamp against the wall clock
 * ({@link Reason#FUTURE_TIMESTAMP}: more than {@code maxFutureMillis} ahead). History is never in the future, so
 * replays of old data pass.
 *
 * <p>The parse operator and the source's timestamp assigner each use one, so a record the parser refuses never
 * moves the watermark. Never throws on data; not thread-safe.
 */
final class ObservationGate {
    private final ObservationParser parser;
    private final int maxRecordBytes;
    private final int maxKeyBytes;
    private final long maxFutureMillis;
    private final LongSupplier clock;
    private Reason failure;
    private String detail;
    private String failedKey;

    ObservationGate(ForecastConfig config) {
        this(config, System::currentTimeMillis);
    }

    ObservationGate(ForecastConfig config, LongSupplier clock) {
        this.parser = new ObservationParser(config.features(), config.target());
        this.maxRecordBytes = config.maxRecordBytes();
        this.maxKeyBytes = config.maxKeyBytes();
        this.maxFutureMillis = config.maxFutureMillis();
        this.clock = clock;
    }

    /**
     * The observation in r if it passes every check, else null (then see {@link #failure()}). An observation the
     * source's gate already admitted ({@link RawRecord#admitted}, set by {@link #timestamp}) is taken as it is, once:
     * same checks, same configuration, and the clock has only moved on since, so a record is parsed once.
     */
    Observation admit(RawRecord r) {
        failure = null;
        failedKey = null;
        Observation known = r.admitted;
        if (known != null) {
            r.admitted = null;
            return known;
        }
        if (r.size() > maxRecordBytes) {
            return fail(
                    Reason.TOO_LARGE,
                    "record of " + r.size() + " bytes is larger than --max-record-bytes " + maxRecordBytes,
                    null);
        }
        Observation o = parser.parse(r);
        if (o == null) {
            return fail(parser.failure(), parser.detail(), parser.failedKey());
        }
        int keyBytes = utf8Length(o.key, maxKeyBytes);
        if (keyBytes > maxKeyBytes) {
            return fail(
                    Reason.KEY_TOO_LONG,
                    "key of " + (keyBytes == Integer.MAX_VALUE ? "more than " + maxKeyBytes : keyBytes)
                            + " bytes is longer than --max-key-bytes " + maxKeyBytes + ": '"
                            + o.key.substring(0, Math.min(o.key.length(), 64)) + "...'",
                    null);
        }
        long now = clock.getAsLong();
        if (o.ts - now > maxFutureMillis) {
            return fail(
                    Reason.FUTURE_TIMESTAMP,
                    "ts " + o.ts + " is " + (o.ts - now) + " ms ahead of the wall clock " + now + " (--max-future "
                            + maxFutureMillis + " ms)",
                    o.key);
        }
        return o;
    }

    /**
     * The event time of r if it passes every check, else {@link Timestamps#INVALID} (it does not move the watermark).
     * Keeps the observation on the record ({@link RawRecord#admitted}) for the parse operator's {@link #admit}.
     */
    long timestamp(RawRecord r) {
        Observation o = admit(r);
        r.admitted = o;
        return o == null ? Timestamps.INVALID : o.ts;
    }

    /**
     * Bytes of s in UTF-8, counted without encoding; once past {@code limit}, {@code Integer.MAX_VALUE} if the count
     * was cut short (a lone surrogate counts 3, as the encoder's replacement '?' would be 1: an upper bound).
     */
    static int utf8Length(String s, int limit) {
        if ((long) s.length() * 3 <= limit) {
            return s.length(); // a lower bound that is enough: within the limit whatever the characters
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            if (n > limit) {
                return i == s.length() - 1 ? (int) n : Integer.MAX_VALUE;
            }
        }
        return (int) n;
    }

    private Observation fail(Reason reason, String why, String key) {
        failure = reason;
        detail = why;
        failedKey = key;
        return null;
    }

    Reason failure() {
        return failure;
    }

    String detail() {
        return detail;
    }

    /** The key of the last refused record when it could be read and is short enough to be a Kafka key, else null. */
    String failedKey() {
        return failedKey == null || utf8Length(failedKey, maxKeyBytes) > maxKeyBytes ? null : failedKey;
    }
}
