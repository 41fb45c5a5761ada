package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.model.Model;
import dev.streamcast.model.interval.ConformalBands;
import dev.streamcast.model.io.ModelCodec;
import org.apache.flink.api.common.state.v2.ValueStateDescriptor;

/**
 * Bench only (it sits in the job's package to reach its package-private classes): what {@link
 * ForecastFunction#processElement} does with an in-order observation, with one fixed model instead of the broadcast
 * state's. The same {@link SeriesUpdater}, {@link LoadedModel}, {@link SeriesState} and the same {@link Forecast}
 * ({@link SeriesUpdater#forecast}); without the metrics (two counters and a histogram) and without the dead-letter branches
 * (the drivers send only valid, in-order observations).
 */
public final class FixedModelUpdate {
    private final ForecastConfig config;
    private final LoadedModel model;
    private final SeriesUpdater updater;
    private final double[] bandLevels;

    /** One per operator instance (not thread-safe, as {@link SeriesUpdater}). */
    public FixedModelUpdate(ForecastConfig config, Model model) {
        if (config.horizon() != 1) {
            throw new IllegalArgumentException("only --horizon 1 (no path), found " + config.horizon());
        }
        this.config = config;
        this.model = new LoadedModel(ModelCodec.encode(model), model);
        double[] levels = config.intervalLevelArray();
        this.updater = new SeriesUpdater(
                config.windowSize(),
                config.features().size(),
                config.targetIndex(),
                levels.length == 0 ? null : new ConformalBands(levels),
                config.horizon());
        this.bandLevels = levels.length == 0 ? null : updater.bands.levels();
    }

    /**
     * The job's per-key state descriptor on the asynchronous state API: the same name, serializer and TTL as {@link
     * ForecastFunction#seriesDescriptor}.
     */
    public static ValueStateDescriptor<SeriesState> asyncSeriesDescriptor(ForecastConfig config) {
        var d = new ValueStateDescriptor<>("series", SeriesStateSerializer.INSTANCE);
        d.enableTimeToLive(ForecastFunction.seriesDescriptor(config).getTtlConfig());
        return d;
    }

    /** The key's state to update: s, or a new one for a new key (s == null). */
    public SeriesState stateOf(SeriesState s) {
        return s != null
                ? s
                : SeriesState.create(config.windowSize(), config.features().size());
    }

    /**
     * Applies o to s in place (as {@code ForecastFunction.apply}); returns the forecast to emit, or null (no
     * forecast; an invalid value, which the drivers never send, also gives null). The caller writes s back.
     */
    public Forecast apply(SeriesState s, Observation o) {
        int outcome = updater.apply(s, o.key, o.values, o.ts, model);
        if (outcome != SeriesUpdater.FORECAST) {
            return null;
        }
        return updater.forecast(s, o.key, o.ts, model.version, bandLevels);
    }
}
