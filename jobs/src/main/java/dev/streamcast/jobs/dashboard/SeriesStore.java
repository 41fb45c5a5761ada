package dev.streamcast.jobs.dashboard;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every key's recent forecasts ({@link KeySeries}, at most {@code history} points each) for at most {@code maxKeys}
 * keys: beyond that the least recently updated key is dropped and counted. Memory is bounded by keys × history
 * (docs/dashboard.md gives bytes per point). Each accepted point gets the next event id, which the event stream
 * sends so that a client resumes after a reconnect with no gap and no duplicate.
 *
 * <p>Writes ({@link #add}, {@link #deadLetter}, {@link #model}, {@link #unreadable}) come from one thread, the Kafka
 * reader (or a test); reads come from any thread at any time.
 */
final class SeriesStore {
    /** Distinct dead-letter reasons counted by name (reasons are read from the topic: bounded); the rest: "other". */
    static final int MAX_REASONS = 32;

    static final String OTHER_REASON = "other";

    /** Receives every accepted point, on the writing thread; must not block. */
    interface Listener {
        void appended(KeySeries series, Point p);
    }

    private final int history;
    private final int maxKeys;
    /** Path steps kept per key: the first {@code horizon} of the newest forecast's path; 1 keeps none. */
    private final int horizon;

    private final Map<String, KeySeries> byKey = new ConcurrentHashMap<>();
    /** Access-ordered: the writer's view, first = least recently updated. Guarded by itself. */
    private final LinkedHashMap<String, KeySeries> lru = new LinkedHashMap<>(16, 0.75f, true);

    private volatile Listener listener = (s, p) -> {};
    private long nextId;
    private volatile long lastId;
    private volatile long forecasts;
    private volatile long duplicates;
    private volatile long droppedKeys;
    private volatile long unreadable;
    private volatile long deadLetters;
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();
    private volatile long modelVersion;
    private volatile long modelSeenAt;
    private volatile long publishedVersion;
    private volatile long publishedAt;

    SeriesStore(int history, int maxKeys) {
        this(history, maxKeys, Point.MAX_PATH);
    }

    /**
     * @param horizon path steps kept of each key's newest forecast, in [1, {@link Point#MAX_PATH}]: its first
     *     {@code horizon} steps; 1 keeps no path (step 1 is the forecast itself)
     */
    SeriesStore(int history, int maxKeys, int horizon) {
        if (history < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("history and maxKeys must be >= 1");
        }
        if (horizon < 1 || horizon > Point.MAX_PATH) {
            throw new IllegalArgumentException("horizon must be in [1, " + Point.MAX_PATH + "], found " + horizon);
        }
        this.history = history;
        this.maxKeys = maxKeys;
        this.horizon = horizon;
    }

    void listener(Listener l) {
        this.listener = l;
    }

    int history() {
        return history;
    }

    int horizon() {
        return horizon;
    }

    /**
     * Adds a forecast (copied from {@code p}, which the caller may reuse; its path is cut to {@code horizon} steps,
     * and to none when it is not the key's newest point). Returns false when it was a redelivery of a point the key
     * holds (dropped and counted) or older than a full key's history.
     */
    boolean add(Point p) {
        p.pathLen = horizon > 1 ? Math.min(p.pathLen, horizon) : 0;
        KeySeries s;
        synchronized (lru) {
            s = lru.get(p.key);
            if (s == null) {
                s = new KeySeries(p.key, history);
                lru.put(p.key, s);
                byKey.put(p.key, s);
                if (lru.size() > maxKeys) {
                    Iterator<KeySeries> it = lru.values().iterator();
                    KeySeries oldest = it.next();
                    it.remove();
                    byKey.remove(oldest.key);
                    droppedKeys++;
                }
            }
        }
        p.id = nextId + 1;
        if (!s.add(p)) {
            duplicates++;
            return false;
        }
        nextId++;
        lastId = nextId;
        forecasts++;
        s.updatedAt = System.currentTimeMillis();
        if (p.modelVersion > modelVersion) {
            modelVersion = p.modelVersion; // the version the job runs: it is in its forecasts
            modelSeenAt = System.currentTimeMillis();
        }
        listener.appended(s, p);
        return true;
    }

    /** A dead letter of {@code key} (null when the record had none) with its reason. */
    void deadLetter(String key, String reason) {
        String r = reason == null || reason.isEmpty() ? "unknown" : reason;
        synchronized (deadLettersByReason) {
            deadLetters++;
            if (deadLettersByReason.containsKey(r) || deadLettersByReason.size() < MAX_REASONS) {
                deadLettersByReason.merge(r, 1L, Long::sum);
            } else {
                deadLettersByReason.merge(OTHER_REASON, 1L, Long::sum);
            }
        }
        KeySeries s = key == null ? null : byKey.get(key);
        if (s != null) {
            s.deadLetter(r);
        }
    }

    /** A record on the forecasts topic that could not be read. */
    void unreadable() {
        unreadable++;
    }

    /**
     * The version of the latest record on the models topic (not verified here: the job may still reject it; the
     * version in use is the one its forecasts carry).
     */
    void published(long version) {
        publishedVersion = version;
        publishedAt = System.currentTimeMillis();
    }

    KeySeries get(String key) {
        return byKey.get(key);
    }

    List<KeySeries> all() {
        return new ArrayList<>(byKey.values());
    }

    int keys() {
        return byKey.size();
    }

    long lastId() {
        return lastId;
    }

    /** The totals the page's header shows. */
    record Totals(
            long forecasts,
            long duplicates,
            long unreadable,
            long droppedKeys,
            int keys,
            long deadLetters,
            Map<String, Long> deadLettersByReason,
            long modelVersion,
            long modelSeenAt,
            long publishedVersion,
            long publishedAt,
            long lastId) {}

    Totals totals() {
        Map<String, Long> reasons;
        long dl;
        synchronized (deadLettersByReason) {
            reasons = new TreeMap<>(deadLettersByReason);
            dl = deadLetters;
        }
        return new Totals(
                forecasts,
                duplicates,
                unreadable,
                droppedKeys,
                byKey.size(),
                dl,
                reasons,
                modelVersion,
                modelSeenAt,
                publishedVersion,
                publishedAt,
                lastId);
    }
}
