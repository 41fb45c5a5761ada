package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Assertions over the forecasts topic of {@link ForecastJobKafkaTest}. */
final class ItChecks {
    private ItChecks() {}

    private static final long T0 = Instant.parse("2024-01-02T00:00:00Z").toEpochMilli();
    private static final long STEP = 60_000;

    static int roundOf(JsonNode f) {
        return (int) ((Instant.parse(f.get("ts").asText()).toEpochMilli() - T0) / STEP);
    }

    /** Per key, in time order, the model version never goes back, and every key saw v1, v2 and v3. */
    static void assertVersionsOnlyIncrease(List<JsonNode> forecasts) {
        Map<String, List<JsonNode>> byKey = forecasts.stream()
                .collect(Collectors.groupingBy(f -> f.get("key").asText()));
        byKey.forEach((key, fs) -> {
            List<Long> versions = fs.stream()
                    .sorted(Comparator.comparingInt(ItChecks::roundOf))
                    .map(f -> f.get("model_version").asLong())
                    .toList();
            assertThat(versions)
                    .as("model versions of " + key + " in time order")
                    .isSorted();
            assertThat(Set.copyOf(versions))
                    .as("versions " + key + " was forecast with")
                    .containsExactlyInAnyOrder(1L, 2L, 3L);
        });
    }

    /**
     * In the given rounds, the keys of every subtask were forecast by {@code version}, and (for sign ±1) at least
     * 90% of those forecasts lie on that side of the actual value: the new weights, not just the new version
     * number, are in use on every subtask.
     */
    static void assertEverySubtaskRuns(
            List<JsonNode> forecasts, List<Integer> rounds, long version, int sign, int parallelism) {
        Map<Integer, List<JsonNode>> bySubtask = new TreeMap<>();
        for (JsonNode f : forecasts) {
            if (rounds.contains(roundOf(f))) {
                bySubtask
                        .computeIfAbsent(
                                ForecastJobKafkaTest.subtaskOf(f.get("key").asText()), s -> new ArrayList<>())
                        .add(f);
            }
        }
        assertThat(bySubtask.keySet())
                .as("subtasks with keys in rounds " + rounds)
                .hasSize(parallelism);
        bySubtask.forEach((subtask, fs) -> {
            assertThat(fs)
                    .as("forecasts of subtask " + subtask + " in rounds " + rounds)
                    .allMatch(f -> f.get("model_version").asLong() == version);
            long above = fs.stream()
                    .filter(f -> f.get("forecast").asDouble() > f.get("actual").asDouble())
                    .count();
            System.out.printf(
                    "v%d subtask %d: %d forecasts of %d keys, %d above the actual%n",
                    version,
                    subtask,
                    fs.size(),
                    fs.stream().map(f -> f.get("key").asText()).distinct().count(),
                    above);
            if (sign != 0) {
                long onSide = sign > 0
                        ? above
                        : fs.stream()
                                .filter(f -> f.get("forecast").asDouble()
                                        < f.get("actual").asDouble())
                                .count();
                assertThat(onSide)
                        .as("subtask " + subtask + ": forecasts " + (sign > 0 ? "above" : "below")
                                + " the actual under v" + version + ", of " + fs.size())
                        .isGreaterThanOrEqualTo((long) Math.ceil(0.9 * fs.size()));
            }
        });
    }
}
