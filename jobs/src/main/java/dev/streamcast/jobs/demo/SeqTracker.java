package dev.streamcast.jobs.demo;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks each key's forecasts by their {@code seq} (observations applied to the key's state), as any consumer of the
 * forecasts topic can: a seq not above the key's last one is a repeated forecast (at-least-once delivery replays
 * after a job restart), one more than 1 above it means forecasts are missing. A key's first forecast may start
 * above 1 (observations applied before its first model make no forecast). Not thread-safe.
 */
final class SeqTracker {
    private final Map<String, Long> last = new HashMap<>();
    private long repeated;
    private long missing;

    /** Takes the next forecast of {@code key}; returns false if it repeats one already seen. */
    boolean next(String key, long seq) {
        Long before = last.get(key);
        if (before != null && seq <= before) {
            repeated++;
            return false;
        }
        if (before != null && seq > before + 1) {
            missing += seq - before - 1;
        }
        last.put(key, seq);
        return true;
    }

    /** Forecasts received again. */
    long repeated() {
        return repeated;
    }

    /** Forecasts never received (seq skipped). */
    long missing() {
        return missing;
    }
}
