package dev.streamcast.jobs.forecast.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.jobs.forecast.ForecastFunction;
import dev.streamcast.jobs.forecast.SeriesStateSerializer;
import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.interval.ConformalBands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * State compatibility: savepoints of earlier releases' forecast operator (committed under
 * {@code src/test/resources/state-compat/}, made by {@link StateSnapshotGenerator}) restore into the current code, and
 * the forecasts and dead letters that follow equal those of an uninterrupted run of the current code over the same
 * input. A change to keyed or broadcast state without a migration fails here, as Flink's own per-release migration
 * tests do for Flink. Each savepoint is restored into the backend that wrote it and into the other one (canonical
 * savepoints may switch backends).
 */
class StateCompatibilityTest {
    /** Directories under state-compat/, one per release whose state must keep restoring. */
    static final List<String> RELEASES = List.of("1c87764", "2b2cccb", "71b87b5", "7339366");

    /**
     * Forecast fields added after a release, whose value after a restore of that release's state follows a documented
     * migration rather than the uninterrupted run; each is checked by {@link #checkMigrated}.
     */
    static final Map<String, Set<String>> MIGRATED =
            Map.of("1c87764", Set.of("seq", "lower", "upper"), "2b2cccb", Set.of("lower", "upper"));

    static Stream<Arguments> savepoints() {
        List<Arguments> a = new ArrayList<>();
        for (String release : RELEASES) {
            for (String written : List.of("hashmap", "rocksdb")) {
                for (String restoredInto : List.of("hashmap", "rocksdb")) {
                    a.add(Arguments.of(release, written, restoredInto));
                }
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0}: {1} savepoint restored into {2}")
    @MethodSource("savepoints")
    void aRestoredSavepointForecastsExactlyAsAnUninterruptedRun(
            String release, String written, String restoredInto, @TempDir Path tmp) throws Exception {
        CompatScenario.Models m = new CompatScenario.Models(
                resource(release, "model-v1.bin"),
                resource(release, "model-v2.bin"),
                resource(release, "model-v3.bin"));
        Path file = tmp.resolve(written + ".savepoint");
        Files.write(file, resource(release, written + ".savepoint"));
        OperatorSubtaskState savepoint = OperatorSnapshotUtil.readStateHandle(file.toString());

        var restored = CompatScenario.harness(restoredInto, savepoint);
        assertThat(restored.getBroadcastState(ForecastFunction.MODELS).get("current"))
                .as("the model in broadcast state")
                .isEqualTo(m.v2());
        assertThat(restored.numEventTimeTimers())
                .as("pending observations' timers")
                .isEqualTo(13);
        CompatScenario.after(restored, m);

        var uninterrupted = CompatScenario.harness(restoredInto, null);
        CompatScenario.before(uninterrupted, m);
        int before = uninterrupted.extractOutputValues().size();
        int deadBefore = deadLetters(uninterrupted).size();
        CompatScenario.after(uninterrupted, m);
        List<Forecast> all = uninterrupted.extractOutputValues();
        List<Forecast> expected = all.subList(before, all.size());
        List<BadRecord> dead = deadLetters(uninterrupted);

        List<Forecast> got = restored.extractOutputValues();
        Set<String> migrated = MIGRATED.getOrDefault(release, Set.of());
        assertThat(render(got, migrated))
                .as("forecasts after the restore, every field but %s", migrated)
                .containsExactlyElementsOf(render(expected, migrated));
        assertThat(render(deadLetters(restored), Set.of()))
                .as("dead letters after the restore, every field")
                .containsExactlyElementsOf(render(dead.subList(deadBefore, dead.size()), Set.of()));
        checkMigrated(migrated, got);
        if (release.equals("2b2cccb")) {
            checkBandsKeptAtTheSteadyRate(all.subList(0, before), got);
        }
        // the scenario reaches what it means to: every key forecasts, under versions 2 and 3, warm and cold
        assertThat(got).extracting(f -> f.key).contains("seasonal", "stale", "cold", "early", "pending");
        assertThat(got).extracting(f -> f.modelVersion).contains(2L, 3L);
        assertThat(got).extracting(f -> f.warm).contains(true, false);
        assertThat(deadLetters(restored))
                .extracting(b -> b.reason + " " + b.key)
                .contains("DUPLICATE pending");
        restored.close();
        uninterrupted.close();
    }

    /**
     * State of 2b2cccb, written by Flink's POJO serializer, is migrated at restore to the hand-written
     * {@code SeriesStateSerializer} (docs/state.md): a savepoint taken right after the restore holds the new layout, and
     * restores into the other backend to forecast exactly as the first restore does. On RocksDB the migration
     * rewrites every value at restore; on the heap the next snapshot writes the new layout.
     */
    @ParameterizedTest(name = "2b2cccb {0} savepoint, restored, saved again and restored into {1}")
    @MethodSource("hops")
    void aMigratedStateIsSavedInTheNewLayoutAndRestoresIntoEitherBackend(String first, String second, @TempDir Path tmp)
            throws Exception {
        String release = "2b2cccb";
        CompatScenario.Models m = new CompatScenario.Models(
                resource(release, "model-v1.bin"),
                resource(release, "model-v2.bin"),
                resource(release, "model-v3.bin"));
        Path file = tmp.resolve(first + ".savepoint");
        Files.write(file, resource(release, first + ".savepoint"));
        OperatorSubtaskState old = OperatorSnapshotUtil.readStateHandle(file.toString());

        var migrated = CompatScenario.harness(first, old);
        OperatorSubtaskState again = migrated.snapshotWithLocalState(
                        2L, 2L, SavepointType.savepoint(SavepointFormatType.CANONICAL))
                .getJobManagerOwnedState();
        migrated.close();
        Path saved = tmp.resolve("again.savepoint");
        OperatorSnapshotUtil.writeStateHandle(again, saved.toString());
        assertThat(new String(Files.readAllBytes(saved), StandardCharsets.ISO_8859_1))
                .as("the new savepoint's serializer snapshot of the series state")
                .contains(SeriesStateSerializer.Snapshot.class.getName());
        assertThat(new String(resource(release, first + ".savepoint"), StandardCharsets.ISO_8859_1))
                .doesNotContain(SeriesStateSerializer.Snapshot.class.getName());
        var hop = CompatScenario.harness(second, again);
        CompatScenario.after(hop, m);

        var direct = CompatScenario.harness(second, old);
        CompatScenario.after(direct, m);
        assertThat(render(hop.extractOutputValues(), Set.of()))
                .as("forecasts after two restores, every field")
                .containsExactlyElementsOf(render(direct.extractOutputValues(), Set.of()));
        assertThat(render(deadLetters(hop), Set.of()))
                .as("dead letters after two restores")
                .containsExactlyElementsOf(render(deadLetters(direct), Set.of()));
        assertThat(hop.extractOutputValues()).hasSizeGreaterThan(100);
        hop.close();
        direct.close();
    }

    static Stream<Arguments> hops() {
        return Stream.of(Arguments.of("hashmap", "rocksdb"), Arguments.of("rocksdb", "hashmap"));
    }

    /**
     * seq (issue 11) did not exist before it was added: a key restored from such state counts from 0 there, so its
     * forecasts after the restore carry seq 1, 2, 3, ... (docs/state.md; SequenceNumberTest).
     */
    private static void checkMigrated(Set<String> migrated, List<Forecast> got) throws ReflectiveOperationException {
        if (migrated.contains("lower") && migrated.contains("seq")) {
            checkBandsStartAfresh(got);
        }
        if (migrated.contains("seq")) {
            Field seq = Forecast.class.getField("seq");
            Map<String, Long> next = new HashMap<>();
            for (Forecast f : got) {
                long expected = next.merge(f.key, 1L, Long::sum);
                assertThat(seq.getLong(f)).as("seq of %s@%d", f.key, f.ts).isEqualTo(expected);
            }
        }
    }

    /**
     * The prediction intervals (issue 13) did not exist before they were added: a key restored from such state starts
     * its calibration at its first forecast after the restore, from the serving model's starting calibration (these
     * models have none: {@link Calibration#GAUSSIAN}), so its first {@link ConformalBands#DEFAULT_WARMUP} forecasts
     * carry no bounds and the later ones those of a fresh calibrator over the key's forecasts since the restore
     * (docs/state.md).
     */
    private static void checkBandsStartAfresh(List<Forecast> got) {
        Map<String, float[]> state = new HashMap<>();
        Map<String, Double> previous = new HashMap<>();
        ConformalBands ref = new ConformalBands(0.8, 0.95);
        for (Forecast f : got) {
            float[] s = state.computeIfAbsent(f.key, k -> ref.newState(Calibration.GAUSSIAN));
            Double prev = previous.put(f.key, f.forecast);
            if (prev != null) {
                ref.observe(s, prev, f.actual);
            }
            if (!ref.ready(s)) {
                assertThat(f.lower)
                        .as("bounds of %s@%d, in the warm-up after the restore", f.key, f.ts)
                        .isNull();
            } else {
                assertThat(f.lower)
                        .as("lower bounds of %s@%d", f.key, f.ts)
                        .containsExactly(ref.lower(s, 0, f.forecast), ref.lower(s, 1, f.forecast));
                assertThat(f.upper)
                        .as("upper bounds of %s@%d", f.key, f.ts)
                        .containsExactly(ref.upper(s, 0, f.forecast), ref.upper(s, 1, f.forecast));
            }
        }
        assertThat(got).as("some forecast after the restore has bounds").anyMatch(f -> f.lower != null);
    }

    /**
     * 2b2cccb's bands had no learning-rate schedule (a constant η) and 3 + 2L floats per key: a restored key keeps its
     * calibration and goes on at the steady η (ConformalBands.upgrade, docs/state.md), so its bounds after the restore
     * are those of a calibrator that ran at the steady η from its first forecast (as the code that wrote the savepoint
     * did) over the same forecasts, up to float rounding (that code kept the trackers in double); a key that had no
     * forecast before the restore starts afresh, with the starting steps, as in an uninterrupted run.
     */
    private static void checkBandsKeptAtTheSteadyRate(List<Forecast> before, List<Forecast> got) {
        ConformalBands ref = new ConformalBands(0.8, 0.95);
        Map<String, float[]> state = new HashMap<>();
        Map<String, Double> previous = new HashMap<>();
        for (Forecast f : before) {
            float[] s = state.computeIfAbsent(f.key, k -> steady(ref));
            Double prev = previous.put(f.key, f.forecast);
            if (prev != null) {
                ref.observe(s, prev, f.actual);
            }
        }
        for (Forecast f : got) {
            float[] s = state.computeIfAbsent(f.key, k -> ref.newState(Calibration.GAUSSIAN));
            Double prev = previous.put(f.key, f.forecast);
            if (prev != null) {
                ref.observe(s, prev, f.actual);
            }
            if (!ref.ready(s)) {
                assertThat(f.lower)
                        .as("bounds of %s@%d, warming up", f.key, f.ts)
                        .isNull();
                continue;
            }
            assertThat(f.lower).as("bounds of %s@%d", f.key, f.ts).isNotNull();
            for (int i = 0; i < 2; i++) {
                double lo = ref.lower(s, i, f.forecast);
                double hi = ref.upper(s, i, f.forecast);
                assertThat(f.lower[i])
                        .as("lower %d of %s@%d", i, f.key, f.ts)
                        .isCloseTo(lo, within(1e-4 * (1 + Math.abs(lo))));
                assertThat(f.upper[i])
                        .as("upper %d of %s@%d", i, f.key, f.ts)
                        .isCloseTo(hi, within(1e-4 * (1 + Math.abs(hi))));
            }
        }
        assertThat(got).as("some forecast after the restore has bounds").anyMatch(f -> f.lower != null);
    }

    /** A fresh calibrator state whose tracker learns at the steady η from its first update (k = K, index 3). */
    private static float[] steady(ConformalBands ref) {
        float[] s = ref.newState(Calibration.GAUSSIAN);
        s[3] = ref.startingSteps();
        return s;
    }

    /**
     * Every public field of each element (fields added later are compared too), one line per element, grouped by key
     * in arrival order (timers of different keys at the same timestamp fire in no defined order).
     */
    private static List<String> render(List<?> xs, Set<String> skipped) throws IllegalAccessException {
        List<String> lines = new ArrayList<>();
        List<Object> byKey = new ArrayList<>(xs);
        byKey.sort(Comparator.comparing(x -> String.valueOf(keyOf(x))));
        for (Object x : byKey) {
            StringBuilder b = new StringBuilder();
            for (Field f : x.getClass().getFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !skipped.contains(f.getName())) {
                    Object v = f.get(x);
                    b.append(f.getName())
                            .append('=')
                            .append(
                                    v instanceof byte[] bytes
                                            ? Arrays.toString(bytes)
                                            : v instanceof double[] ds ? Arrays.toString(ds) : String.valueOf(v))
                            .append(' ');
                }
            }
            lines.add(b.toString());
        }
        return lines;
    }

    private static Object keyOf(Object x) {
        try {
            return x.getClass().getField("key").get(x);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String release, String name) {
        String path = "/state-compat/" + release + "/" + name;
        try (InputStream in = StateCompatibilityTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<BadRecord> deadLetters(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h) {
        List<BadRecord> out = new ArrayList<>();
        var q = h.getSideOutput(Tags.DEAD_LETTERS);
        if (q != null) {
            for (StreamRecord<BadRecord> r : q) {
                out.add(r.getValue());
            }
        }
        return out;
    }
}
