package dev.streamcast.jobs.data;

import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.serde.ObservationParser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Observations read from a Kafka topic as a {@link LongCsv.Table}, so the trainer and the backtest treat a topic like
 * a CSV file: every record goes through a parser (normally the forecast job's own {@link ObservationParser}, one
 * implementation, not two), a record it refuses becomes a {@link LongCsv.BadRow}, and only observations with
 * {@code from <= ts < to} are kept. {@link LongCsv.Table#bySeries()} then orders each key and drops duplicate
 * timestamps (the first record read wins, as in the job, which dead-letters a later duplicate).
 *
 * <p>A record's "line" is its running number in read order, from 1 (the topic is read partition by partition as the
 * consumer returns it); the bad row's text names its partition and offset.
 */
public final class KafkaObservations {
    private KafkaObservations() {}

    /** Reads {@code topic} with the forecast job's parser for these features; a bad row's reason is the parser's. */
    public static LongCsv.Table read(
            String bootstrap, String topic, List<String> features, String target, long from, long to) {
        ObservationParser parser = new ObservationParser(features, target);
        return read(
                bootstrap,
                topic,
                features,
                parser::parse,
                () -> parser.failure() + (parser.detail() == null ? "" : ": " + parser.detail()),
                from,
                to);
    }

    /**
     * @param parser an observation with values in {@code features} order, or null for a record it refuses
     * @param why the reason of the last refusal
     */
    private static LongCsv.Table read(
            String bootstrap,
            String topic,
            List<String> features,
            Function<RawRecord, Observation> parser,
            Supplier<String> why,
            long from,
            long to) {
        List<LongCsv.Row> rows = new ArrayList<>();
        List<LongCsv.BadRow> bad = new ArrayList<>();
        long[] n = {0};
        TopicScan.readAll(bootstrap, topic, 1 << 20, r -> {
            long line = ++n[0];
            Observation o = parser.apply(
                    new RawRecord(r.value() == null ? new byte[0] : r.value(), r.topic(), r.partition(), r.offset()));
            if (o == null) {
                bad.add(new LongCsv.BadRow(line, why.get(), "partition " + r.partition() + " offset " + r.offset()));
            } else if (o.ts >= from && o.ts < to) {
                rows.add(new LongCsv.Row(o.key, o.ts, o.values, line));
            }
        });
        return new LongCsv.Table(List.copyOf(features), rows, bad);
    }
}
