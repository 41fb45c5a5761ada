package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.jobs.common.serde.ObservationParser;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns raw records into {@link Observation}s (see {@link ObservationParser} for the format). A record that cannot
 * be used goes to {@link Tags#DEAD_LETTERS} with its reason (malformed JSON, missing field, non-finite value, bad
 * timestamp, wrong feature count); nothing a topic holds can make this function throw.
 *
 * <p>Metrics: counters {@code observations} (parsed) and {@code deadLetters.<reason>} (e.g.
 * {@code deadLetters.bad_timestamp}).
 */
public class ParseObservation extends ProcessFunction<RawRecord, Observation> {

    private final ForecastConfig config;
    private transient ObservationParser parser;
    private transient Counter parsed;
    private transient Counter[] rejected;

    public ParseObservation(ForecastConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        parser = new ObservationParser(config.features(), config.target());
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
        Observation o = parser.parse(raw);
        if (o != null) {
            parsed.inc();
            out.collect(o);
        } else {
            rejected[parser.failure().ordinal()].inc();
            ctx.output(Tags.DEAD_LETTERS, BadRecord.of(raw, parser.failure(), parser.detail(), parser.failedKey()));
        }
    }
}
