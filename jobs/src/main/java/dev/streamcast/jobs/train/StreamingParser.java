package dev.streamcast.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.data.LongCsv;
import java.util.List;
import java.util.function.Function;

/**
 * Observation records as the trainer reads them from Kafka. TEMPORARY minimal reader of
 * {@code {"key","ts","value"}} / {@code {"key","ts","values":{...}}}, until the forecast job's parser is on main;
 * then {@link #of} delegates to it (one implementation, not two).
 */
final class StreamingParser {
    private StreamingParser() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    static Function<RawRecord, Observation> of(List<String> features, String target) {
        return r -> {
            try {
                JsonNode n = JSON.readTree(r.bytes);
                String key = n.path("key").asText("");
                JsonNode ts = n.get("ts");
                if (key.isEmpty() || ts == null) {
                    return null;
                }
                long t = ts.isNumber() ? ts.asLong() : LongCsv.parseTimestamp(ts.asText());
                double[] v = new double[features.size()];
                if (n.has("value") && features.size() == 1) {
                    v[0] = n.get("value").asDouble();
                } else {
                    JsonNode vs = n.path("values");
                    for (int k = 0; k < v.length; k++) {
                        if (!vs.has(features.get(k))) {
                            return null;
                        }
                        v[k] = vs.get(features.get(k)).asDouble();
                    }
                }
                for (double d : v) {
                    if (!Double.isFinite(d)) {
                        return null;
                    }
                }
                return new Observation(key, t, v, r.bytes, r.topic, r.partition, r.offset);
            } catch (Exception e) {
                return null;
            }
        };
    }
}
