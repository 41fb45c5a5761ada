package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.W;
import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.config;
import static dev.streamcast.jobs.forecast.TestSupport.deadLetters;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static dev.streamcast.jobs.forecast.TestSupport.harness;
import static dev.streamcast.jobs.forecast.TestSupport.obs;
import static dev.streamcast.jobs.forecast.TestSupport.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-key event-time order: immediate application without a bound, timer-driven reordering within one. */
class OrderingTest {

    @Test
    void withoutABoundEachObservationIsAppliedOnArrival() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        h.processElement(obs("a", 10L, 1.0), 10L);
        h.processElement(obs("a", 20L, 1.5), 20L);
        assertThat(h.extractOutputValues()).extracting(f -> f.ts).containsExactly(10L, 20L);
        assertThat(h.extractOutputValues()).extracting(f -> f.targetTs).containsExactly(10L, 30L);
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void withoutABoundAnOlderTimestampIsTooLateAndAnEqualOneADuplicate() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        h.processElement(obs("a", 20L, 1.0), 20L);
        h.processElement(obs("a", 10L, 2.0), 21L);
        h.processElement(obs("a", 20L, 3.0), 22L);
        h.processElement(obs("b", 10L, 4.0), 23L); // another key has its own order
        assertThat(h.extractOutputValues()).extracting(f -> f.key + "@" + f.ts).containsExactly("a@20", "b@10");
        List<BadRecord> dl = deadLetters(h);
        assertThat(dl).extracting(b -> b.reason).containsExactly(Reason.TOO_LATE, Reason.DUPLICATE);
        assertThat(dl.get(0).detail).contains("10").contains("20");
    }

    @Test
    void withABoundOutOfOrderRecordsAreAppliedInTimestampOrderWhenTheWatermarkPasses() throws Exception {
        double[] v = series(6, 11);
        var h = harness(new ForecastFunction(config(W, 100)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        long[] arrival = {10, 30, 20, 50, 40, 60};
        for (long ts : arrival) {
            h.processElement(obs("a", ts, v[(int) (ts / 10) - 1]), ts);
        }
        assertThat(h.extractOutputValues()).as("held until the watermark").isEmpty();
        h.processWatermark(35L);
        assertThat(h.extractOutputValues()).extracting(f -> f.ts).containsExactly(10L, 20L, 30L);
        h.processWatermark(100L);
        List<Forecast> out = h.extractOutputValues();
        assertThat(out).extracting(f -> f.ts).containsExactly(10L, 20L, 30L, 40L, 50L, 60L);

        // the same forecasts as an in-order run without a bound
        var inOrder = harness(new ForecastFunction(config(W, 0)));
        inOrder.processBroadcastElement(bytes(diffModel(1)), 0L);
        for (int i = 0; i < 6; i++) {
            inOrder.processElement(obs("a", (i + 1) * 10L, v[i]), (i + 1) * 10L);
        }
        assertThat(out)
                .extracting(f -> f.forecast)
                .containsExactlyElementsOf(inOrder.extractOutputValues().stream()
                        .map(f -> f.forecast)
                        .toList());
        assertThat(TestSupport.keyedEntries(h))
                .as("pending buffer emptied; one series state")
                .isEqualTo(1);
    }

    @Test
    void withABoundAPendingOrAppliedTimestampIsADuplicateAndOneBehindTheWatermarkIsTooLate() throws Exception {
        var h = harness(new ForecastFunction(config(W, 100)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        h.processElement(obs("a", 10L, 1.0), 10L);
        h.processElement(obs("a", 50L, 2.0), 50L);
        h.processElement(obs("a", 50L, 2.5), 51L); // pending already
        h.processWatermark(20L);
        h.processElement(obs("a", 10L, 3.0), 52L); // applied already
        h.processElement(obs("a", 15L, 3.0), 53L); // behind the watermark
        h.processElement(obs("a", 20L, 3.0), 54L); // at the watermark
        h.processElement(obs("a", 30L, 3.0), 55L); // ahead of it: still in time
        h.processWatermark(60L);
        assertThat(h.extractOutputValues()).extracting(f -> f.ts).containsExactly(10L, 30L, 50L);
        assertThat(deadLetters(h))
                .extracting(b -> b.reason)
                .containsExactly(Reason.DUPLICATE, Reason.DUPLICATE, Reason.TOO_LATE, Reason.TOO_LATE);
        assertThat(deadLetters(h).get(0).detail).contains("received");
    }

    @Test
    void theTargetTimestampFollowsTheTypicalInterval() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        long[] ts = {1000, 2000, 3000, 4000, 5000};
        for (long t : ts) {
            h.processElement(obs("a", t, 1.0 + t / 1000.0), t);
        }
        assertThat(h.extractOutputValues())
                .extracting(f -> f.targetTs - f.ts)
                .containsExactly(0L, 1000L, 1000L, 1000L, 1000L);
    }
}
