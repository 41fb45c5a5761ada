package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.ForecastConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator instance's view of the current model. The broadcast state (the payload bytes under {@link #CURRENT})
 * is the source of truth; this keeps the decoded model in a transient cache, built lazily from the state at the first
 * event after open (so after a restore too) and replaced by every admitted payload.
 * The function's {@code processBroadcastElement} is the only writer of that state, so nothing else can make the
 * cache stale. When the broadcast state is empty the initial model given at start serves.
 */
final class ModelHolder {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHolder.class);
    private static final int REMEMBERED_REJECTIONS = 64;

    /** The key under which the broadcast state holds the current model file. */
    static final String CURRENT = "current";

    private final ForecastConfig config;
    private final byte[] initial;
    private boolean synced;
    private LoadedModel cached;
    /** Hashes of recently rejected payloads, so that each is logged once (a compacted topic replays them). */
    private final Map<Integer, Boolean> rejected = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> e) {
            return size() > REMEMBERED_REJECTIONS;
        }
    };

    ModelHolder(ForecastConfig config, byte[] initial) {
        this.config = config;
        this.initial = initial;
    }

    /**
     * The model to serve with, or null if none. The broadcast state is read once after open (it may hold a restored
     * model); after that only {@link #offer} changes it, and it updates the cache itself, so the per-event cost is a
     * field read.
     */
    LoadedModel current(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
        if (!synced) {
            byte[] bytes = state.get(CURRENT);
            load(bytes != null ? bytes : initial);
            synced = true;
        }
        return cached;
    }

    /** Whether the cache reflects the broadcast state (false until the first read after open). */
    boolean synced() {
        return synced;
    }

    /** Version of the cached model, 0 if none (the gauge; the cache is current after any event). */
    long version() {
        LoadedModel m = cached;
        return m == null ? 0L : m.version;
    }

    private void load(byte[] bytes) {
        cached = null;
        if (bytes == null) {
            return;
        }
        try {
            cached = new LoadedModel(bytes, ModelAdmission.decode(bytes));
            LOG.info("Loaded model version {} ({}) from state", cached.version, cached.shape());
        } catch (RuntimeException e) {
            // Only possible if the codec changed incompatibly between runs: serve nothing rather than fail forever.
            LOG.error(
                    "The stored model ({} bytes) cannot be decoded; no forecasts until a new model arrives",
                    bytes.length,
                    e);
        }
    }

    /**
     * Offers a payload from the models topic: stores it in the broadcast state and serves it if admitted,
     * otherwise logs why (once per payload) and keeps the current model.
     *
     * @return the verdict
     */
    ModelAdmission.Verdict offer(byte[] payload, BroadcastState<String, byte[]> state) throws Exception {
        LoadedModel old = current(state);
        long oldVersion = old == null ? 0L : old.version;
        ModelAdmission.Verdict v = ModelAdmission.judge(payload, config, oldVersion);
        if (!v.accepted()) {
            if (rejected.put(payload == null ? 0 : Arrays.hashCode(payload), Boolean.TRUE) == null) {
                if (old != null && Arrays.equals(payload, old.bytes)) {
                    LOG.info("Model version {} received again; already running it", oldVersion);
                } else {
                    LOG.warn("Rejected model payload, keeping version {}: {}", oldVersion, v.rejection());
                }
            }
            return v;
        }
        state.put(CURRENT, payload);
        cached = new LoadedModel(payload, v.model());
        LOG.info(
                "Model swap: version {} ({}) -> version {} ({}); keys re-prime at their next observation",
                oldVersion,
                old == null ? "none" : old.shape(),
                cached.version,
                cached.shape());
        return v;
    }
}
