package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.serde.ObservationParser;
import java.util.List;
import java.util.function.Function;

/**
 * Observation records as the trainer reads them from Kafka: through the forecast job's own {@link ObservationParser}
 * (one implementation, not two), so a record the job would dead-letter is a bad row here.
 */
final class StreamingParser {
    private StreamingParser() {}

    /** A parser for records with these features; null for a record the job would refuse. Not thread-safe. */
    static Function<RawRecord, Observation> of(List<String> features, String target) {
        ObservationParser parser = new ObservationParser(features, target);
        return parser::parse;
    }
}
