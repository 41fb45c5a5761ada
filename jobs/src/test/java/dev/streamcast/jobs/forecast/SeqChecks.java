package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a consumer of the forecasts topic can check with {@code seq}, as Flink's own end-to-end tests do per key. */
final class SeqChecks {
    private SeqChecks() {}

    /** Per key, in topic order, seq is exactly 1, 2, ..., perKey: no forecast lost, none repeated. */
    static void assertContiguous(List<JsonNode> forecasts, int perKey) {
        List<Long> expected = new ArrayList<>();
        for (long s = 1; s <= perKey; s++) {
            expected.add(s);
        }
        bySeq(forecasts)
                .forEach((key, seqs) -> assertThat(seqs).as("seq of " + key).isEqualTo(expected));
    }

    /**
     * Per key, every seq from 1 to perKey is there (repeats allowed: at-least-once), and a repeated seq is the same
     * observation (same ts) each time.
     */
    static void assertNoneMissing(List<JsonNode> forecasts, int perKey) {
        Map<String, String> tsOf = new HashMap<>();
        for (JsonNode f : forecasts) {
            String id = f.get("key").asText() + "#" + f.get("seq").asLong();
            String ts = f.get("ts").asText();
            assertThat(tsOf.putIfAbsent(id, ts)).as("observation of " + id).isIn(null, ts);
        }
        bySeq(forecasts).forEach((key, seqs) -> {
            TreeSet<Long> distinct = new TreeSet<>(seqs);
            assertThat(distinct.size()).as("distinct seq of " + key).isEqualTo(perKey);
            assertThat(distinct.first()).isEqualTo(1L);
            assertThat(distinct.last()).isEqualTo((long) perKey);
        });
    }

    private static Map<String, List<Long>> bySeq(List<JsonNode> forecasts) {
        Map<String, List<Long>> seqs = new TreeMap<>();
        for (JsonNode f : forecasts) {
            seqs.computeIfAbsent(f.get("key").asText(), k -> new ArrayList<>())
                    .add(f.get("seq").asLong());
        }
        return seqs;
    }
}
