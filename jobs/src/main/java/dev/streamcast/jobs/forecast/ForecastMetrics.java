package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.Reason;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The forecast operator's metrics, registered once in {@code open}: counters {@code observations},
 * {@code forecasts}, {@code modelSwaps}, {@code modelRejections}, {@code deadLetters.<reason>} (one per
 * {@link Reason}, e.g. {@code deadLetters.too_late}); gauges {@code modelVersion} (0 = none) and
 * {@code rollingMae}: the exponentially weighted mean of |prevError| over this instance's forecasts, with weight
 * {@link #MAE_ALPHA} per new error (a memory of about 1/α = 100 scored forecasts), NaN until the first.
 */
final class ForecastMetrics {
    static final double MAE_ALPHA = 0.01;

    final Counter observations;
    final Counter forecasts;
    final Counter modelSwaps;
    final Counter modelRejections;
    private final Map<Reason, Counter> deadLetters = new EnumMap<>(Reason.class);
    private double mae = Double.NaN;

    ForecastMetrics(MetricGroup group, LongSupplier modelVersion) {
        observations = group.counter("observations");
        forecasts = group.counter("forecasts");
        modelSwaps = group.counter("modelSwaps");
        modelRejections = group.counter("modelRejections");
        MetricGroup dl = group.addGroup("deadLetters");
        for (Reason r : Reason.values()) {
            deadLetters.put(r, dl.counter(r.id()));
        }
        group.gauge("modelVersion", (Gauge<Long>) modelVersion::getAsLong);
        group.gauge("rollingMae", (Gauge<Double>) this::rollingMae);
    }

    void deadLetter(Reason r) {
        deadLetters.get(r).inc();
    }

    long deadLetters(Reason r) {
        return deadLetters.get(r).getCount();
    }

    /** Folds one scored forecast's error into the rolling MAE (ignores NaN: nothing to score). */
    void scored(double prevError) {
        if (Double.isFinite(prevError)) {
            double e = Math.abs(prevError);
            mae = Double.isNaN(mae) ? e : mae + MAE_ALPHA * (e - mae);
        }
    }

    double rollingMae() {
        return mae;
    }
}
