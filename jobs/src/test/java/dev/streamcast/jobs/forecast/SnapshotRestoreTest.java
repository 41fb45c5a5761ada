package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.W;
import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.config;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static dev.streamcast.jobs.forecast.TestSupport.harness;
import static dev.streamcast.jobs.forecast.TestSupport.obs;
import static dev.streamcast.jobs.forecast.TestSupport.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Observation;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A snapshot carries all state: keyed (recurrent, scaler, rings, last forecast), pending buffer and broadcast. */
class SnapshotRestoreTest {
    private static final String[] KEYS = {"a", "b", "c"};

    private static void feed(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h, double[][] v, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            for (int k = 0; k < KEYS.length; k++) {
                // within each key, pairs arrive swapped: reordering is pending across the snapshot
                int j = i % 2 == 0 ? i + 1 : i - 1;
                h.processElement(obs(KEYS[k], j * 10L, v[k][j]), i * 10L);
            }
            h.processWatermark(i * 10L - 25);
        }
    }

    private static List<String> render(List<Forecast> out) {
        List<String> s = new ArrayList<>();
        for (Forecast f : out) {
            s.add(f.key + "@" + f.ts + " v" + f.modelVersion + " " + f.forecast + " err " + f.prevError + " warm "
                    + f.warm + " target " + f.targetTs);
        }
        return s;
    }

    @Test
    void afterARestoreForecastsContinueExactlyAsWithoutOne() throws Exception {
        double[][] v = {series(40, 31), series(40, 32), series(40, 33)};
        var original = harness(new ForecastFunction(config(W, 50)));
        original.processBroadcastElement(bytes(diffModel(1)), 0L);
        feed(original, v, 0, 12);
        original.processBroadcastElement(bytes(diffModel(2)), 120L); // a and b re-prime before, c after the snapshot
        original.processElement(obs("a", 120L, v[0][12]), 120L);
        original.processElement(obs("b", 120L, v[1][12]), 120L);
        original.processWatermark(120L);
        original.processElement(obs("a", 140L, v[0][14]), 140L); // pending at the snapshot
        assertThat(original.numEventTimeTimers()).isEqualTo(1);

        OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
        int emittedBefore = original.extractOutputValues().size();

        var restored = harness(new ForecastFunction(config(W, 50)), snapshot);
        assertThat(restored.getBroadcastState(ForecastFunction.MODELS).get(ForecastFunction.CURRENT))
                .isEqualTo(bytes(diffModel(2)));
        assertThat(restored.numEventTimeTimers())
                .as("the pending observation's timer")
                .isEqualTo(1);

        for (var h : List.of(original, restored)) {
            // c@120 never comes (a gap); its first observation under v2 re-primes after the restore
            h.processElement(obs("c", 130L, v[2][13]), 130L);
            h.processElement(obs("a", 130L, v[0][13]), 131L);
            h.processWatermark(135L);
            feed(h, v, 14, 30);
            h.processBroadcastElement(bytes(diffModel(3)), 300L);
            feed(h, v, 30, 38);
            h.processWatermark(Long.MAX_VALUE - 1);
        }
        List<Forecast> after = original.extractOutputValues();
        List<String> expected = render(after.subList(emittedBefore, after.size()));
        assertThat(render(restored.extractOutputValues())).containsExactlyElementsOf(expected);
        assertThat(emittedBefore).isEqualTo(3 * 12 + 2);
        assertThat(expected).as("38 per key, but no c@120 and no b@130").hasSize(3 * 38 - 2 - emittedBefore);
        assertThat(after).extracting(f -> f.modelVersion).contains(1L, 2L, 3L);
        // a@140 is fed again by feed(14, ..): the restored pending buffer knows it
        assertThat(TestSupport.deadLetters(restored))
                .extracting(b -> b.reason + " " + b.key + "@" + b.offset)
                .containsExactly("DUPLICATE a@1140");
    }

    @Test
    void aRestoredModelIsDecodedLazilyAndTheInitialModelDoesNotOverrideIt() throws Exception {
        double[] v = series(30, 34);
        var original = harness(new ForecastFunction(config(W, 0)));
        original.processBroadcastElement(bytes(diffModel(5)), 0L);
        for (int i = 0; i < 20; i++) {
            original.processElement(obs("a", i * 10L, v[i]), i * 10L);
        }
        OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
        // started again with an older initial model: the restored broadcast state wins
        var restored = harness(new ForecastFunction(config(W, 0), bytes(diffModel(4))), snapshot);
        for (var h : List.of(original, restored)) {
            h.processElement(obs("a", 200L, v[20]), 200L);
        }
        Forecast a = original.extractOutputValues().get(20);
        Forecast b = restored.extractOutputValues().get(0);
        assertThat(b.modelVersion).isEqualTo(5L);
        assertThat(b.forecast).isEqualTo(a.forecast);
        assertThat(b.prevError).isEqualTo(a.prevError);
        assertThat(b.forecast)
                .as("continued, not re-primed")
                .isEqualTo(TestSupport.freshRun(diffModel(5), TestSupport.slice(v, 0, 21), Integer.MAX_VALUE));
    }
}
