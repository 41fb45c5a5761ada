package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.interval.ConformalBands;
import dev.streamcast.model.prep.Binary16;
import dev.streamcast.model.prep.ScalerState;
import dev.streamcast.model.step.HoltWinters;
import java.util.Arrays;

/**
 * Applies one in-order observation to a series' state: scores the previous forecast, updates the scaler, the rings
 * and the recurrent state, and makes the next forecast. Plain Java (no Flink), one per operator instance, not
 * thread-safe; it allocates nothing on the common path (the results are left in its fields).
 *
 * <p>Under a model, three cases: the key's state was computed under this model version (one {@code step}); under
 * another version or none (re-prime: zero the state and run the model over the whole input ring, which includes
 * this observation's input, so the first forecast under a new model equals a fresh run of it over the buffer); or
 * the key's scaler is in another feature space (a model with other transforms or scaler window, or the key's first
 * model): the scaler starts afresh and the input ring is emptied, or, for a key's first model, rebuilt from the raw
 * observations collected before it; then re-primed.
 */
final class SeriesUpdater {
    /** {@link #apply} outcomes. */
    static final int NO_MODEL = 0;

    static final int FORECAST = 1;
    static final int INVALID = 2;

    /** Weight of a new gap in the typical interval's exponentially weighted mean. */
    static final double INTERVAL_ALPHA = 0.1;

    private final int window;
    private final int features;
    private final int target;
    private final double[] raw;
    /** The calibrator of the prediction intervals, null when they are off. */
    final ConformalBands bands;

    // Results of the last apply.
    double actual;
    double forecast;
    double prevError;
    boolean warm;
    long targetTs;
    String invalid;
    /** Whether the key's bands are warm: then {@link #lower} / {@link #upper} give this forecast's bounds. */
    boolean banded;

    /** H, the path length (1: the one-step forecast only, no path). */
    final int horizon;
    /** With H &gt; 1, the last forecast's path [H] (path[0] = forecast) and its bounds [H × L], NaN while warming up. */
    final double[] path;

    final double[] pathLower;
    final double[] pathUpper;
    /** One horizon's calibration while it is updated or read (copied out of and back into the key's state). */
    private final float[] band;

    private final double[] lo;
    private final double[] hi;
    /** One input ring entry while a re-prime runs [D]. */
    private float[] entry = new float[0];

    SeriesUpdater(int window, int features, int target) {
        this(window, features, target, null);
    }

    /** @param bands the prediction-interval calibrator, null for none */
    SeriesUpdater(int window, int features, int target, ConformalBands bands) {
        this(window, features, target, bands, 1);
    }

    /** @param horizon H, the steps each forecast looks ahead (1: no path) */
    SeriesUpdater(int window, int features, int target, ConformalBands bands, int horizon) {
        this.bands = bands;
        this.horizon = horizon;
        int levels = bands == null ? 0 : bands.levelCount();
        this.path = new double[horizon];
        this.pathLower = new double[horizon * levels];
        this.pathUpper = new double[horizon * levels];
        this.band = new float[bands == null ? 0 : bands.stateSize()];
        this.lo = new double[levels];
        this.hi = new double[levels];
        this.window = window;
        this.features = features;
        this.target = target;
        this.raw = new double[features];
    }

    /**
     * @param s the series' state, updated in place unless the outcome is INVALID (then only a rebuild may have run)
     * @param values the raw observation [F]
     * @param m the model to serve with, or null
     * @return NO_MODEL (applied, no forecast), FORECAST (results in the fields) or INVALID ({@link #invalid} says why)
     */
    int apply(SeriesState s, double[] values, long ts, LoadedModel m) {
        return apply(s, null, values, ts, m);
    }

    /**
     * As {@link #apply(SeriesState, double[], long, LoadedModel)} for the key {@code key}, whose own smoothing set
     * the model may hold ({@code Smoothing.forKey}; null: the global set).
     */
    int apply(SeriesState s, String key, double[] values, long ts, LoadedModel m) {
        Smoothing sp =
                m == null || m.smoothing == null ? null : m.smoothing.forKey(key); // a map look-up, no allocation
        if (m != null) {
            fitSmoothing(s, m, sp, ts);
            // a scaler that does not fit m's season (restored from an older snapshot, say) is rebuilt, not trusted
            if (s.scalerSpace != m.space || s.scaler == null || !s.scaler.fits(features, m.season)) {
                rebuildScaler(s, m);
            } else {
                m.scaler.use(s.scaler);
            }
        }
        int stride = s.stride(features);
        if (s.inputs.length != window * stride || (s.raws != null && s.raws.length != window * features)) {
            s.fitRings(window, features);
        }
        boolean pushed = false;
        if (m != null) {
            try {
                pushed = m.scaler.push(values, m.x); // validates first: on failure the scaler state is unchanged
            } catch (IllegalArgumentException e) {
                String why = m.scaler.check(values);
                invalid = why != null ? why : String.valueOf(e.getMessage());
                return INVALID;
            }
        } else if ((invalid = finiteCheck(values)) != null) {
            return INVALID;
        }
        actual = values[target];
        prevError = actual - s.lastForecast; // NaN when there was no forecast
        if (s.lastTs != Long.MIN_VALUE) {
            double gap = (double) ts - s.lastTs;
            s.interval = s.interval == 0 ? gap : s.interval + INTERVAL_ALPHA * (gap - s.interval);
        }
        s.lastTs = ts;
        s.seq++;
        targetTs = ts + Math.round(s.interval);
        if (m == null) {
            if (s.raws == null) { // only if a restored model cannot be decoded: collect again
                s.raws = new double[window * features];
            }
            s.appendRaw(values);
            s.lastForecast = Double.NaN;
            if (horizon > 1 && s.paths != null && s.paths.length == horizon * horizon) {
                Arrays.fill(s.paths, slot(s.seq), slot(s.seq) + horizon, Double.NaN); // no path made here
            }
            return NO_MODEL;
        }
        if (pushed) {
            s.appendInput(m.x, stride);
        }
        float y = 0f; // no input yet (warm-up of a differenced or seasonal series): u = its mean, 0 at first
        if (s.modelVersion != m.version) {
            y = reprime(s, m, pushed);
        } else if (pushed) {
            y = m.net.step(m.x, s.rnn, m.scratch);
            s.consumed++;
        }
        forecast = m.scaler.invert(y);
        if (sp != null) { // the hybrid: w·network + (1 - w)·Holt-Winters (model.Smoothing)
            HoltWinters.observe(s.smoothing, m.season, sp, actual);
            forecast = HoltWinters.combine(forecast, HoltWinters.forecast(s.smoothing, m.season, sp, 1), sp);
        }
        warm = s.consumed >= window;
        calibrate(s, m, key, ts);
        s.lastForecast = forecast;
        if (horizon > 1) {
            lookAhead(s, m, sp, ts);
        }
        return FORECAST;
    }

    /** The ring slot of the path made at the observation numbered n. */
    private int slot(long n) {
        return (int) Math.floorMod(n, (long) horizon) * horizon;
    }

    /**
     * Scores the paths made h = 2 .. H observations ago with this actual (their h-step forecasts), makes this
     * observation's path on a scratch copy of the key's state (actuals at or before the model's training data end
     * are not scored, as in {@link #calibrate}), keeps it in the ring and gives its bounds.
     */
    private void lookAhead(SeriesState s, LoadedModel m, Smoothing sp, long ts) {
        int hh = horizon;
        if (s.paths == null || s.paths.length != hh * hh) { // a new key, another H, or a state from before paths
            s.paths = new double[hh * hh];
            Arrays.fill(s.paths, Double.NaN);
        }
        int size = band.length;
        if (bands != null && s.horizonBands != null && s.horizonBands.length == (hh - 1) * (size - 1)) {
            s.horizonBands = upgradeHorizons(s.horizonBands, hh - 1, size); // null unless all of them fit
        }
        if (bands != null && (s.horizonBands == null || s.horizonBands.length != (hh - 1) * size)) {
            s.horizonBands = new float[(hh - 1) * size];
            for (int h = 2; h <= hh; h++) {
                bands.start(band, m.model.startingCalibration(), m.model.relativeBands());
                System.arraycopy(band, 0, s.horizonBands, (h - 2) * size, size);
            }
        }
        // as for horizon 1 (calibrate): an actual the model was trained on is not observed
        if (bands != null && ts > m.model.provenance().dataEndMillis()) {
            for (int h = 2; h <= hh; h++) {
                double made = s.paths[slot(s.seq - h) + h - 1]; // the h-step forecast made at seq - h
                if (Double.isFinite(made)) {
                    System.arraycopy(s.horizonBands, (h - 2) * size, band, 0, size);
                    // a restored state that is not this calibrator's, or in the other units (a swap between a model
                    // with
                    // relative bands and one without): start afresh
                    if (!bands.fits(band) || bands.relative(band) != m.model.relativeBands()) {
                        bands.start(band, m.model.startingCalibration(), m.model.relativeBands());
                    }
                    bands.observe(band, made, actual);
                    System.arraycopy(band, 0, s.horizonBands, (h - 2) * size, size);
                }
            }
        }
        path[0] = forecast;
        m.ahead.extend(s.rnn, s.scaler, path, hh);
        for (int h = 2; sp != null && h <= hh; h++) {
            path[h - 1] = HoltWinters.combine(path[h - 1], HoltWinters.forecast(s.smoothing, m.season, sp, h), sp);
        }
        System.arraycopy(path, 0, s.paths, slot(s.seq), hh);
        if (bands == null) {
            return;
        }
        int levels = lo.length;
        for (int h = 1; h <= hh; h++) {
            boolean ready;
            if (h == 1) {
                ready = banded;
                if (ready) {
                    bands.bounds(s.bands, path[0], lo, hi);
                }
            } else {
                System.arraycopy(s.horizonBands, (h - 2) * size, band, 0, size);
                ready = bands.ready(band)
                        && bands.relative(band) == m.model.relativeBands()
                        && Double.isFinite(path[h - 1]);
                if (ready) {
                    bands.bounds(band, path[h - 1], lo, hi);
                }
            }
            for (int i = 0; i < levels; i++) {
                pathLower[(h - 1) * levels + i] = ready ? lo[i] : Double.NaN;
                pathUpper[(h - 1) * levels + i] = ready ? hi[i] : Double.NaN;
            }
        }
    }

    /**
     * The calibrations of horizons 2 .. H in the layout before the learning-rate schedule, each moved to the current
     * one ({@code ConformalBands.upgrade}); null if any of them is not such a state. Allocates: after a restore only.
     */
    private float[] upgradeHorizons(float[] old, int count, int size) {
        float[] all = new float[count * size];
        float[] one = new float[size - 1];
        for (int h = 0; h < count; h++) {
            System.arraycopy(old, h * (size - 1), one, 0, size - 1);
            float[] kept = bands.upgrade(one);
            if (kept == null) {
                return null;
            }
            System.arraycopy(kept, 0, all, h * size, size);
        }
        return all;
    }

    /**
     * Scores the previous forecast's band with this actual, then decides whether this forecast gets bounds. The
     * calibration is kept across model swaps (docs/state.md) unless the new model's bands are in other units
     * (relative to the forecast or not, {@code Model.relativeBands}); a key starts from the model's starting
     * calibration, relative when the model's bands are, and, when the model holds a starting scale for it ({@code
     * Model.startScale}: a key it was trained on), with that scale as its warm-up's errors ({@code
     * ConformalBands.prime}, as many as the scale is the mean of, up to the warm-up), so that it has bounds from its
     * first forecast, or after the rest of the warm-up (docs/intervals.md, "Warm-up and start"). An actual at or before the end of the model's training data ({@code Provenance.dataEndMillis}) is not
     * observed: the model was fitted to it, so its error is smaller than the errors the band must cover
     * (docs/intervals.md, "In-sample errors"). A replay from the start of a key's history (the backtest, a job
     * started at the earliest offset) then calibrates on out-of-sample errors only, as a live key does.
     */
    private void calibrate(SeriesState s, LoadedModel m, String key, long ts) {
        banded = false;
        if (bands == null) {
            return;
        }
        boolean fresh = false;
        boolean relative = m.model.relativeBands();
        if (!bands.fits(s.bands)) {
            // a state from before the learning-rate schedule keeps its calibration (ConformalBands.upgrade; such a
            // state is absolute); a new key, other levels, or a restored state from before the bands starts afresh
            float[] kept = relative ? null : bands.upgrade(s.bands);
            fresh = kept == null;
            s.bands = fresh ? bands.newState(m.model.startingCalibration(), relative) : kept;
        } else if (bands.relative(s.bands) != relative) { // a swap to a model with bands in the other units
            fresh = true;
            bands.start(s.bands, m.model.startingCalibration(), relative);
        }
        if (fresh) { // NaN (no scale for the key): it warms up
            bands.prime(s.bands, m.model.startScale(key), m.model.startErrors(key));
        }
        if (!fresh
                && Double.isFinite(s.lastForecast)
                && ts > m.model.provenance().dataEndMillis()) {
            bands.observe(s.bands, s.lastForecast, actual);
        }
        banded = bands.ready(s.bands) && Double.isFinite(forecast);
    }

    /** The last forecast's bounds per level (sorted) into lower and upper [L]; only when {@link #banded}. */
    void bounds(SeriesState s, double[] lower, double[] upper) {
        bands.bounds(s.bands, forecast, lower, upper);
    }

    /**
     * The one-step forecast the operator emits after {@link #apply} returned {@link #FORECAST} for the observation of
     * key at ts: its results, s's {@code seq}, the model's version and, when {@link #banded}, the bounds at levels
     * (the calibrator's levels, null without bands). A path (--horizon above 1) is the caller's to add.
     */
    Forecast forecast(SeriesState s, String key, long ts, long modelVersion, double[] levels) {
        Forecast fc = new Forecast();
        fc.key = key;
        fc.ts = ts;
        fc.targetTs = targetTs;
        fc.actual = actual;
        fc.forecast = forecast;
        fc.modelVersion = modelVersion;
        fc.warm = warm;
        fc.prevError = prevError;
        fc.seq = s.seq;
        fc.levels = levels;
        if (banded) {
            fc.lower = new double[levels.length];
            fc.upper = new double[levels.length];
            bounds(s, fc.lower, fc.upper);
        }
        return fc;
    }

    /**
     * Gives the key a smoothing state in m's units when m has a smoothing and the key's does not fit it (a new key,
     * another season, ln and not, a state from before the hybrid): afresh, or for a key's first model from the raw
     * observations collected before it. Drops the state under a model without smoothing. Allocates only then.
     */
    private void fitSmoothing(SeriesState s, LoadedModel m, Smoothing sp, long ts) {
        if (sp == null) {
            s.smoothing = null;
            return;
        }
        if (HoltWinters.fits(s.smoothing, m.season, sp)) {
            return;
        }
        s.smoothing = new double[HoltWinters.stateSize(m.season)];
        HoltWinters.reset(s.smoothing, sp);
        boolean before = s.raws != null && s.scalerSpace == 0 && s.rawCount > 0;
        if (!before && sp.start() != null && sp.start().at() == ts) {
            // the key starts at its first training row: from the starting states fitted there, as in training
            HoltWinters.begin(s.smoothing, m.season, sp);
            return;
        }
        if (s.raws != null && s.scalerSpace == 0) { // the key's first model: what arrived before it
            for (int i = 0; i < s.rawCount; i++) {
                s.rawAt(i, raw);
                HoltWinters.observe(s.smoothing, m.season, sp, raw[target]);
            }
        }
    }

    /**
     * Zeroes the recurrent state and runs the model over the input ring, oldest first; returns the last ŷ. The ring's
     * entries are binary16 (SeriesState.inputs), each read through {@code Binary16.round} once more (so a state
     * restored on the heap from a release that kept them exact re-primes as on RocksDB); this observation's own input,
     * when it made one, is the exact {@code m.x}, as a step would take it.
     */
    private float reprime(SeriesState s, LoadedModel m, boolean pushed) {
        if (s.rnn == null || s.rnn.length != m.stateSize()) {
            s.rnn = new float[m.stateSize()];
        } else {
            Arrays.fill(s.rnn, 0f);
        }
        if (entry.length != m.x.length) { // a model of another input width: only at such a swap
            entry = new float[m.x.length];
        }
        s.modelVersion = m.version;
        s.consumed = 0;
        float y = 0f;
        int older = pushed ? s.inputCount - 1 : s.inputCount;
        for (int i = 0; i < older; i++) {
            s.inputAt(i, entry, entry.length);
            Binary16.round(entry);
            y = m.net.step(entry, s.rnn, m.scratch);
            s.consumed++;
        }
        if (pushed) {
            y = m.net.step(m.x, s.rnn, m.scratch);
            s.consumed++;
        }
        return y;
    }

    /**
     * The key's scaler is in another feature space than m's (or there is none): start a fresh scaler in m's space
     * and empty the input ring (its inputs were scaled for another space). A key that had no model yet replays its
     * raw ring through the new scaler (skipping values m's transforms cannot take), refilling the input ring; the raw
     * ring is then dropped, as the input ring serves from now on. Forces a re-prime.
     */
    private void rebuildScaler(SeriesState s, LoadedModel m) {
        if (s.scaler == null || !s.scaler.fits(features, m.season)) {
            s.scaler = new ScalerState(features, m.season);
        } else {
            s.scaler.reset();
        }
        m.scaler.use(s.scaler);
        s.clearInputs();
        int stride = m.x.length;
        if (s.inputs.length != window * stride) {
            s.inputs = new float[window * stride];
        }
        if (s.raws != null) {
            for (int i = 0; i < s.rawCount; i++) {
                s.rawAt(i, raw);
                if (m.scaler.check(raw) == null && m.scaler.push(raw, m.x)) {
                    s.appendInput(m.x, stride);
                }
            }
            s.raws = null;
            s.rawCount = 0;
            s.rawHead = 0;
        }
        s.scalerSpace = m.space;
        s.modelVersion = 0;
    }

    /** Without a model only finiteness can be checked (the transform is not known yet). */
    private String finiteCheck(double[] values) {
        for (int k = 0; k < values.length; k++) {
            if (!Double.isFinite(values[k])) {
                return "feature " + k + " is not finite: " + values[k];
            }
        }
        return null;
    }
}
