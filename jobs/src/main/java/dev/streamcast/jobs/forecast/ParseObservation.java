package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.common.Tags;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns raw records into {@link Observation}s (see {@link ObservationGate} for the checks and
 * {@code ObservationParser} for the format). A record that cannot be used goes to {@link Tags#DEAD_LETTERS} with its
 * reason (too large, malformed JSON, missing field, non-finite value, bad timestamp, wrong feature count, key too
 * long, future timestamp); a too-large record only with its first bytes. Nothing a topic holds can make this
 * function throw.
 *
 * <p>Metrics: counters {@code observations} (parsed) and {@code deadLetters.<reason>} (e.g.
 * {@code deadLetters.bad_timestamp}).
 */
public class ParseObservation extends ProcessFunction<RawRecord, Observation> {

    private final ForecastConfig config;
    private transient ObservationGate gate;
    private transient Counter parsed;
    private transient Counter[] rejected;

    public ParseObservation(ForecastConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        gate = new ObservationGate(config);
        MetricGroup group = getRuntimeContext().getMetricGroup();
        parsed = group.counter("observations");
        MetricGroup dl = group.addGroup("deadLetters");
        rejected = new Counter[Reason.values().length];
        for (Reason r : Reason.values()) {
            rejected[r.ordinal()] = dl.counter(r.id());
        }
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Observation> out) {
        Observation o = gate.admit(raw);
        if (o != null) {
            parsed.inc();
            out.collect(o);
        } else {
            Reason why = gate.failure();
            rejected[why.ordinal()].inc();
            RawRecord kept = why == Reason.TOO_LARGE ? raw.excerpt() : raw;
            ctx.output(Tags.DEAD_LETTERS, BadRecord.of(kept, why, gate.detail(), gate.failedKey()));
        }
    }
}
