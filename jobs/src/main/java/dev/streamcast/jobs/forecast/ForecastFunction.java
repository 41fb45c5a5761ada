package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.model.interval.ConformalBands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One-step-ahead forecasts per series: observations keyed by series, model files on the broadcast side.
 *
 * <p><b>Models.</b> The broadcast state {@link #MODELS} holds the current model file under {@link #CURRENT}; a
 * payload is admitted by {@link ModelAdmission} (decodes, same features and target as the configuration, newer
 * version) or rejected (logged once, counted, current model kept). Without one, the initial model given at start
 * serves. Keys re-prime lazily at their next observation (see {@link SeriesUpdater}), so a swap costs no pause.
 *
 * <p><b>Ordering.</b> Per key, observations are applied in timestamp order. With {@code outOfOrdernessMillis == 0}
 * each is applied on arrival: a timestamp equal to the last applied one is a {@link Reason#DUPLICATE}, an older one
 * {@link Reason#TOO_LATE}; no watermark is needed and latency is minimal. With a bound B &gt; 0 each is held in the
 * key's pending buffer and applied by an event-time timer when the watermark passes its timestamp, so records that
 * arrive out of order within B are reordered, at the price of holding every forecast back until the watermark
 * (about B, plus the source's watermark interval, and longer if a partition idles): choose B as the smallest delay
 * the sources really show. A timestamp already applied or already pending is a DUPLICATE; one at or behind the
 * watermark (or older than the last applied) is TOO_LATE. The watermarks come from the job
 * ({@code forBoundedOutOfOrderness(B)}).
 *
 * <p><b>Bad data never throws:</b> unusable observations go to {@link Tags#DEAD_LETTERS} with their original bytes.
 * The state layout and its TTL are described in docs/state.md and {@link SeriesState}.
 */
public class ForecastFunction extends KeyedBroadcastProcessFunction<String, Observation, byte[], Forecast> {
    private static final long serialVersionUID = 1L;

    /** The key under which {@link #MODELS} holds the current model file. */
    public static final String CURRENT = ModelHolder.CURRENT;
    /** Broadcast state: the current model file's bytes under {@link #CURRENT}. */
    public static final MapStateDescriptor<String, byte[]> MODELS =
            new MapStateDescriptor<>("models", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

    private final ForecastConfig config;
    private final byte[] initialModel;

    private transient ValueState<SeriesState> series;
    private transient MapState<Long, Observation> pending;
    private transient ModelHolder models;
    private transient SeriesUpdater updater;
    private transient ForecastMetrics metrics;
    /** The interval levels, sorted, shared by every forecast; null when the bands are off. */
    private transient double[] bandLevels;

    /** Reads {@code config.initialModel()} (a model file path), if set, here at job build time. */
    public ForecastFunction(ForecastConfig config) {
        this(config, readInitialModel(config));
    }

    /**
     * @param initialModel a model file served while the broadcast state holds none, or null
     * @throws IllegalArgumentException if the initial model cannot serve this configuration
     */
    public ForecastFunction(ForecastConfig config, byte[] initialModel) {
        this.config = config;
        if (initialModel != null) {
            ModelAdmission.Verdict v = ModelAdmission.judge(initialModel, config, 0L);
            if (!v.accepted()) {
                throw new IllegalArgumentException("initial-model cannot be used: " + v.rejection());
            }
        }
        this.initialModel = initialModel;
    }

    private static byte[] readInitialModel(ForecastConfig config) {
        if (config.initialModel() == null) {
            return null;
        }
        try {
            return Files.readAllBytes(Path.of(config.initialModel()));
        } catch (IOException e) {
            throw new IllegalArgumentException("initial-model: cannot read '" + config.initialModel() + "': " + e, e);
        }
    }

    /** Per-key state descriptors, each with the TTL of {@code config.stateTtlMillis()}. */
    static ValueStateDescriptor<SeriesState> seriesDescriptor(ForecastConfig config) {
        // the hand-written serializer (not Flink's reflective POJO one): RocksDB runs it twice per observation
        var d = new ValueStateDescriptor<>("series", SeriesStateSerializer.INSTANCE);
        d.enableTimeToLive(ttl(config));
        return d;
    }

    static MapStateDescriptor<Long, Observation> pendingDescriptor(ForecastConfig config) {
        var d = new MapStateDescriptor<>("pending", Types.LONG, TypeInformation.of(Observation.class));
        d.enableTimeToLive(ttl(config));
        return d;
    }

    private static StateTtlConfig ttl(ForecastConfig config) {
        // Processing time since the key's last write: an idle series (no applied observation) expires. Expired
        // entries are dropped when read, in snapshots, by RocksDB compaction, and on the heap by visiting one more
        // entry per state access (Flink's default visits 5: a fifth of the operator's time with 10k keys).
        return StateTtlConfig.newBuilder(Duration.ofMillis(config.stateTtlMillis()))
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .cleanupFullSnapshot()
                .cleanupIncrementally(1, false)
                .cleanupInRocksdbCompactFilter(1000)
                .build();
    }

    @Override
    public void open(OpenContext ctx) {
        series = getRuntimeContext().getState(seriesDescriptor(config));
        pending = getRuntimeContext().getMapState(pendingDescriptor(config));
        models = new ModelHolder(config, initialModel);
        double[] levels = config.intervalLevelArray();
        updater = new SeriesUpdater(
                config.windowSize(),
                config.features().size(),
                config.targetIndex(),
                levels.length == 0 ? null : new ConformalBands(levels),
                config.horizon());
        bandLevels = levels.length == 0 ? null : updater.bands.levels();
        metrics = new ForecastMetrics(getRuntimeContext().getMetricGroup(), models::version);
    }

    @Override
    public void processBroadcastElement(byte[] payload, Context ctx, Collector<Forecast> out) throws Exception {
        ModelAdmission.Verdict v = models.offer(payload, ctx.getBroadcastState(MODELS));
        (v.accepted() ? metrics.modelSwaps : metrics.modelRejections).inc();
    }

    @Override
    public void processElement(Observation o, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        metrics.observations.inc();
        int f = config.features().size();
        if (o.values == null || o.values.length != f) {
            deadLetter(
                    ctx,
                    o,
                    Reason.WRONG_FEATURE_COUNT,
                    "expected " + f + " values " + config.features() + ", found "
                            + (o.values == null ? "none" : o.values.length));
            return;
        }
        SeriesState s = series.value();
        long last = s == null ? Long.MIN_VALUE : s.lastTs;
        if (config.outOfOrdernessMillis() == 0) {
            if (o.ts == last) {
                deadLetter(ctx, o, Reason.DUPLICATE, "ts " + o.ts + " was already applied");
            } else if (o.ts < last) {
                deadLetter(ctx, o, Reason.TOO_LATE, "ts " + o.ts + " is older than the last applied " + last);
            } else {
                apply(s, o, ctx, out);
            }
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (o.ts == last || pending.contains(o.ts)) {
            deadLetter(
                    ctx, o, Reason.DUPLICATE, "ts " + o.ts + " was already " + (o.ts == last ? "applied" : "received"));
        } else if (o.ts <= watermark || o.ts < last) {
            deadLetter(
                    ctx,
                    o,
                    Reason.TOO_LATE,
                    "ts " + o.ts + " is behind the watermark " + watermark + " (out-of-orderness bound "
                            + config.outOfOrdernessMillis() + " ms)");
        } else {
            pending.put(o.ts, o);
            ctx.timerService().registerEventTimeTimer(o.ts);
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Forecast> out) throws Exception {
        Observation o = pending.get(ts);
        if (o == null) {
            return; // expired with the key's state
        }
        pending.remove(ts);
        apply(series.value(), o, ctx, out);
    }

    /** Applies an in-order observation; s is the key's state or null for a new key. */
    private void apply(SeriesState s, Observation o, ReadOnlyContext ctx, Collector<Forecast> out) throws Exception {
        boolean fresh = s == null;
        if (fresh) {
            s = SeriesState.create(config.windowSize(), config.features().size());
        }
        LoadedModel m = models.current(ctx.getBroadcastState(MODELS));
        int outcome = updater.apply(s, o.key, o.values, o.ts, m);
        if (outcome == SeriesUpdater.INVALID) {
            if (!fresh) {
                series.update(s); // a rebuild for a new model may have run; keep it
            }
            deadLetter(ctx, o, Reason.INVALID_VALUE, updater.invalid);
            return;
        }
        series.update(s);
        if (outcome == SeriesUpdater.FORECAST) {
            Forecast fc = updater.forecast(s, o.key, o.ts, m.version, bandLevels);
            if (config.horizon() > 1) {
                path(fc, s);
            }
            out.collect(fc);
            metrics.forecasts.inc();
            metrics.scored(updater.prevError);
        }
    }

    /** The path of H steps, their target timestamps and, with the bands on, their bounds (docs/horizon.md). */
    private void path(Forecast fc, SeriesState s) {
        int hh = config.horizon();
        fc.path = updater.path.clone();
        fc.pathTs = new long[hh];
        for (int h = 1; h <= hh; h++) {
            fc.pathTs[h - 1] = fc.ts + Math.round(h * s.interval);
        }
        if (bandLevels != null) {
            fc.pathLower = updater.pathLower.clone();
            fc.pathUpper = updater.pathUpper.clone();
        }
    }

    private void deadLetter(ReadOnlyContext ctx, Observation o, Reason reason, String detail) {
        metrics.deadLetter(reason);
        ctx.output(Tags.DEAD_LETTERS, BadRecord.of(o, reason, detail));
    }

    /** For tests: this instance's metrics. */
    ForecastMetrics metrics() {
        return metrics;
    }
}
