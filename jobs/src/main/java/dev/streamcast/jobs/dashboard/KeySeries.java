package dev.streamcast.jobs.dashboard;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last {@code capacity} forecasts of one key, ordered by {@code ts}, one primitive column per field (a ring
 * buffer that grows by doubling up to its capacity, so a key with few points costs little). A forecast whose
 * {@code ts} the key already holds is a redelivery (at-least-once) and is dropped; one older than the newest is put
 * in its place by time. Every method is synchronized: the reader thread writes while HTTP threads read.
 */
final class KeySeries {
    final String key;
    private final int capacity;
    private int start;
    private int size;
    private long[] ts;
    private long[] targetTs;
    private double[] actual;
    private double[] forecast;
    private long[] version;
    private long[] seq;
    private double[] prevError;
    private long[] id;
    private boolean[] warm;
    /** Bounds per point, [level slot][i]; null until the key's first point with bounds. */
    private double[][] lower;

    private double[][] upper;
    /** The levels of the key's newest point with bounds (0 = none yet). */
    private final double[] levels = new double[Point.MAX_LEVELS];

    private int levelCount;

    /**
     * The newest point's multi-step path (steps 1 .. pathLen; 0 = none): only the latest path is kept, replaced (or
     * cleared) by every point that becomes the newest. Arrays as in {@link Point}, made at the key's first path.
     */
    private int pathLen;

    private long[] pathTs;
    private double[] pathValue;
    private double[] pathLower;
    private double[] pathUpper;
    private final double[] pathLevel = new double[Point.MAX_LEVELS];
    private int pathLevelCount;
    /** Wall-clock millis of the last accepted point. */
    volatile long updatedAt;

    private long duplicates;
    private long deadLetters;
    private final Map<String, Long> deadLettersByReason = new TreeMap<>();

    KeySeries(String key, int capacity) {
        this.key = key;
        this.capacity = capacity;
        allocate(Math.min(capacity, 16));
    }

    private void allocate(int n) {
        long[] ts2 = new long[n], tt2 = new long[n], v2 = new long[n], s2 = new long[n], id2 = new long[n];
        double[] a2 = new double[n], f2 = new double[n], p2 = new double[n];
        boolean[] w2 = new boolean[n];
        double[][] lo2 = lower == null ? null : new double[Point.MAX_LEVELS][n];
        double[][] up2 = upper == null ? null : new double[Point.MAX_LEVELS][n];
        for (int i = 0; i < size; i++) {
            int j = (start + i) % ts.length;
            ts2[i] = ts[j];
            tt2[i] = targetTs[j];
            v2[i] = version[j];
            s2[i] = seq[j];
            id2[i] = id[j];
            a2[i] = actual[j];
            f2[i] = forecast[j];
            p2[i] = prevError[j];
            w2[i] = warm[j];
            for (int l = 0; lo2 != null && l < Point.MAX_LEVELS; l++) {
                lo2[l][i] = lower[l][j];
                up2[l][i] = upper[l][j];
            }
        }
        ts = ts2;
        targetTs = tt2;
        version = v2;
        seq = s2;
        id = id2;
        actual = a2;
        forecast = f2;
        prevError = p2;
        warm = w2;
        lower = lo2;
        upper = up2;
        start = 0;
    }

    private int slot(int i) {
        int j = start + i;
        return j >= ts.length ? j - ts.length : j;
    }

    synchronized int size() {
        return size;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    /**
     * Adds {@code p} (its {@code id} already set by the store). Returns false, and keeps nothing, when the key
     * already holds a point at {@code p.ts} (a redelivery), or when the series is full and {@code p} is older than
     * every point it holds. When {@code p} becomes the newest point its path (or its lack of one) replaces the key's
     * path; a point added behind a newer one sets {@code p.pathLen} to 0: its path is stale, kept and sent nowhere.
     */
    synchronized boolean add(Point p) {
        int pos = size; // insertion position, in time order
        if (size > 0 && p.ts <= ts[slot(size - 1)]) {
            pos = lowerBound(p.ts);
            if (pos < size && ts[slot(pos)] == p.ts) {
                duplicates++;
                return false;
            }
            if (pos == 0 && size == capacity) {
                return false;
            }
        }
        if (size == ts.length && ts.length < capacity) {
            allocate(Math.min(capacity, ts.length * 2));
        }
        if (p.levels > 0 && lower == null) {
            lower = new double[Point.MAX_LEVELS][ts.length];
            upper = new double[Point.MAX_LEVELS][ts.length];
            for (double[] a : lower) {
                Arrays.fill(a, Double.NaN);
            }
            for (double[] a : upper) {
                Arrays.fill(a, Double.NaN);
            }
        }
        if (size == capacity) { // full: the oldest goes
            start = slot(1);
            size--;
            pos--;
        }
        for (int i = size; i > pos; i--) { // out of order (rare): shift the newer ones up by one
            copy(slot(i - 1), slot(i));
        }
        int s = slot(pos);
        ts[s] = p.ts;
        targetTs[s] = p.targetTs;
        actual[s] = p.actual;
        forecast[s] = p.forecast;
        version[s] = p.modelVersion;
        seq[s] = p.seq;
        prevError[s] = p.prevError;
        id[s] = p.id;
        warm[s] = p.warm;
        if (lower != null) {
            for (int l = 0; l < Point.MAX_LEVELS; l++) {
                lower[l][s] = l < p.levels ? p.lower[l] : Double.NaN;
                upper[l][s] = l < p.levels ? p.upper[l] : Double.NaN;
            }
        }
        if (p.levels > 0) {
            levelCount = p.levels;
            System.arraycopy(p.level, 0, levels, 0, p.levels);
        }
        size++;
        if (pos == size - 1) {
            keepPath(p);
        } else {
            p.pathLen = 0;
        }
        return true;
    }

    private void keepPath(Point p) {
        pathLen = p.pathLen;
        if (pathLen == 0) {
            return;
        }
        if (pathTs == null || pathTs.length < pathLen) {
            pathTs = new long[pathLen];
            pathValue = new double[pathLen];
            pathLower = new double[pathLen * Point.MAX_LEVELS];
            pathUpper = new double[pathLen * Point.MAX_LEVELS];
        }
        System.arraycopy(p.pathTs, 0, pathTs, 0, pathLen);
        System.arraycopy(p.pathValue, 0, pathValue, 0, pathLen);
        System.arraycopy(p.pathLower, 0, pathLower, 0, pathLen * Point.MAX_LEVELS);
        System.arraycopy(p.pathUpper, 0, pathUpper, 0, pathLen * Point.MAX_LEVELS);
        pathLevelCount = p.pathLevelCount;
        System.arraycopy(p.pathLevel, 0, pathLevel, 0, pathLevelCount);
    }

    /** Steps in the key's latest path (0: none). */
    synchronized int pathLength() {
        return pathLen;
    }

    private void copy(int from, int to) {
        ts[to] = ts[from];
        targetTs[to] = targetTs[from];
        actual[to] = actual[from];
        forecast[to] = forecast[from];
        version[to] = version[from];
        seq[to] = seq[from];
        prevError[to] = prevError[from];
        id[to] = id[from];
        warm[to] = warm[from];
        for (int l = 0; lower != null && l < Point.MAX_LEVELS; l++) {
            lower[l][to] = lower[l][from];
            upper[l][to] = upper[l][from];
        }
    }

    /** First position whose ts is >= t. */
    private int lowerBound(long t) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[slot(mid)] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Copies position {@code i} (0 = oldest) into {@code p}. */
    synchronized void read(int i, Point p) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        readUnlocked(i, p);
    }

    /** Copies position {@code i}, and the key's path when {@code i} is the newest point, into {@code p}. */
    private void readUnlocked(int i, Point p) {
        int s = slot(i);
        p.key = key;
        p.ts = ts[s];
        p.targetTs = targetTs[s];
        p.actual = actual[s];
        p.forecast = forecast[s];
        p.modelVersion = version[s];
        p.seq = seq[s];
        p.prevError = prevError[s];
        p.id = id[s];
        p.warm = warm[s];
        p.levels = 0;
        if (lower != null) {
            for (int l = 0; l < levelCount; l++) {
                if (!Double.isNaN(lower[l][s])) {
                    p.level[l] = levels[l];
                    p.lower[l] = lower[l][s];
                    p.upper[l] = upper[l][s];
                    p.levels = l + 1;
                }
            }
        }
        p.pathLen = 0;
        if (i == size - 1 && pathLen > 0) {
            p.pathArrays();
            p.pathLen = pathLen;
            System.arraycopy(pathTs, 0, p.pathTs, 0, pathLen);
            System.arraycopy(pathValue, 0, p.pathValue, 0, pathLen);
            System.arraycopy(pathLower, 0, p.pathLower, 0, pathLen * Point.MAX_LEVELS);
            System.arraycopy(pathUpper, 0, p.pathUpper, 0, pathLen * Point.MAX_LEVELS);
            p.pathLevelCount = pathLevelCount;
            System.arraycopy(pathLevel, 0, p.pathLevel, 0, pathLevelCount);
        }
    }

    /** A consistent copy of the points with an id greater than {@code sinceId} (all with 0), oldest first. */
    synchronized Point[] since(long sinceId) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            n += id[slot(i)] > sinceId ? 1 : 0;
        }
        Point[] out = new Point[n];
        for (int i = 0, k = 0; i < size; i++) {
            if (id[slot(i)] > sinceId) {
                out[k] = new Point();
                readUnlocked(i, out[k++]);
            }
        }
        return out;
    }

    /** The smallest id the key still holds, or Long.MAX_VALUE when empty. */
    synchronized long oldestId() {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            m = Math.min(m, id[slot(i)]);
        }
        return m;
    }

    synchronized void deadLetter(String reason) {
        deadLetters++;
        if (deadLettersByReason.containsKey(reason) || deadLettersByReason.size() < SeriesStore.MAX_REASONS) {
            deadLettersByReason.merge(reason, 1L, Long::sum);
        } else {
            deadLettersByReason.merge(SeriesStore.OTHER_REASON, 1L, Long::sum);
        }
    }

    /** The key's row in the key list: rolling errors over the last {@code k} points, coverage, state. */
    synchronized Summary summary(int k) {
        Summary s = new Summary();
        s.key = key;
        s.points = size;
        s.duplicates = duplicates;
        s.deadLetters = deadLetters;
        s.deadLettersByReason = new TreeMap<>(deadLettersByReason);
        s.updatedAt = updatedAt;
        if (size == 0) {
            return s;
        }
        int last = slot(size - 1);
        s.lastTs = ts[last];
        s.lastActual = actual[last];
        s.lastForecast = forecast[last];
        s.version = version[last];
        s.warm = warm[last];
        s.levels = Arrays.copyOf(levels, levelCount);
        s.covered = new long[levelCount];
        s.coverable = new long[levelCount];
        double model = 0, naive = 0;
        int n = 0;
        for (int i = Math.max(1, size - k); i < size; i++) {
            int c = slot(i), b = slot(i - 1);
            double e = actual[c] - forecast[b];
            double en = actual[c] - actual[b];
            if (Double.isFinite(e) && Double.isFinite(en)) {
                model += Math.abs(e);
                naive += Math.abs(en);
                n++;
            }
            for (int l = 0; lower != null && l < levelCount; l++) {
                if (!Double.isNaN(lower[l][b]) && Double.isFinite(actual[c])) {
                    s.coverable[l]++;
                    s.covered[l] += actual[c] >= lower[l][b] && actual[c] <= upper[l][b] ? 1 : 0;
                }
            }
        }
        s.errorPoints = n;
        s.maeModel = n > 0 ? model / n : Double.NaN;
        s.maeNaive = n > 0 ? naive / n : Double.NaN;
        return s;
    }

    /** What {@link #summary} reports. */
    static final class Summary {
        String key;
        int points;
        long duplicates;
        long deadLetters;
        Map<String, Long> deadLettersByReason;
        long updatedAt;
        long lastTs;
        double lastActual = Double.NaN;
        double lastForecast = Double.NaN;
        long version;
        boolean warm;
        int errorPoints;
        double maeModel = Double.NaN;
        double maeNaive = Double.NaN;
        double[] levels = new double[0];
        long[] covered = new long[0];
        long[] coverable = new long[0];
    }
}
