package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.W;
import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.config;
import static dev.streamcast.jobs.forecast.TestSupport.deadLetters;
import static dev.streamcast.jobs.forecast.TestSupport.harness;
import static dev.streamcast.jobs.forecast.TestSupport.modelConfig;
import static dev.streamcast.jobs.forecast.TestSupport.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.Reason;
import dev.streamcast.model.Transform;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every reason this function dead-letters, with the original bytes and coordinates; nothing throws. */
class DeadLetterTest {

    @Test
    void everyReasonThisFunctionEmitsIsSideOutputWithTheOriginalRecord() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processBroadcastElement(bytes(TestSupport.model(modelConfig(4, Transform.LOG_DIFF), 1, 5)), 0L);
        h.processElement(obs("a", 10L, 100.0), 10L);
        h.processElement(obs("a", 20L, -5.0), 20L); // log-diff of a non-positive value
        Observation two = obs("a", 30L, 1.0);
        two.values = new double[] {1.0, 2.0};
        h.processElement(two, 30L);
        Observation none = obs("a", 31L, 1.0);
        none.values = null;
        h.processElement(none, 31L);
        h.processElement(obs("a", 10L, 101.0), 40L);
        h.processElement(obs("a", 5L, 101.0), 41L);
        h.processElement(obs("a", 50L, 101.0), 50L);

        List<BadRecord> dl = deadLetters(h);
        assertThat(dl)
                .extracting(b -> b.reason)
                .containsExactly(
                        Reason.INVALID_VALUE,
                        Reason.WRONG_FEATURE_COUNT,
                        Reason.WRONG_FEATURE_COUNT,
                        Reason.DUPLICATE,
                        Reason.TOO_LATE);
        BadRecord invalid = dl.get(0);
        assertThat(invalid.raw).isEqualTo(obs("a", 20L, -5.0).raw);
        assertThat(invalid.topic).isEqualTo("observations");
        assertThat(invalid.partition).isEqualTo(3);
        assertThat(invalid.offset).isEqualTo(1020L);
        assertThat(invalid.key).isEqualTo("a");
        assertThat(invalid.detail).contains("-5.0");
        assertThat(h.extractOutputValues()).extracting(f -> f.ts).containsExactly(10L, 50L);
        // the rejected value left no trace: the next forecast scores against the one made at ts 10
        assertThat(h.extractOutputValues().get(1).prevError)
                .isEqualTo(101.0 - h.extractOutputValues().get(0).forecast);

        ForecastMetrics m = TestSupport.metrics(h);
        assertThat(m.observations.getCount()).isEqualTo(7);
        assertThat(m.deadLetters(Reason.INVALID_VALUE)).isEqualTo(1);
        assertThat(m.deadLetters(Reason.WRONG_FEATURE_COUNT)).isEqualTo(2);
        assertThat(m.deadLetters(Reason.DUPLICATE)).isEqualTo(1);
        assertThat(m.deadLetters(Reason.TOO_LATE)).isEqualTo(1);
        for (Reason r : EnumSet.complementOf(
                EnumSet.of(Reason.INVALID_VALUE, Reason.WRONG_FEATURE_COUNT, Reason.DUPLICATE, Reason.TOO_LATE))) {
            assertThat(m.deadLetters(r)).as(r.id()).isZero();
        }
    }

    @Test
    void nonFiniteValuesAreInvalidEvenBeforeAModel() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processElement(obs("a", 10L, Double.NaN), 10L);
        h.processElement(obs("a", 20L, Double.POSITIVE_INFINITY), 20L);
        h.processElement(obs("a", 30L, 1.0), 30L);
        assertThat(deadLetters(h))
                .extracting(b -> b.reason)
                .containsExactly(Reason.INVALID_VALUE, Reason.INVALID_VALUE);
        assertThat(TestSupport.keyedEntries(h))
                .as("an invalid first record stores nothing")
                .isEqualTo(1);
    }

    @Test
    void valuesTheNewModelsTransformCannotTakeAreSkippedWhenItsScalerIsRebuilt() throws Exception {
        var h = harness(new ForecastFunction(config(W, 0)));
        double[] v = {3, -1, 4, 0, 5, 9};
        for (int i = 0; i < v.length; i++) {
            h.processElement(obs("a", i * 10L, v[i]), i * 10L);
        }
        var logDiff = TestSupport.model(modelConfig(4, Transform.LOG_DIFF), 1, 5);
        h.processBroadcastElement(bytes(logDiff), 100L);
        h.processElement(obs("a", 100L, 10.0), 100L);
        assertThat(h.extractOutputValues()).hasSize(1);
        assertThat(h.extractOutputValues().get(0).forecast)
                // re-primed from the ring the raw values were replayed into (binary16), this observation's input exact
                .isEqualTo(TestSupport.reprimed(logDiff, new double[] {3, 4, 5, 9, 10}, W, 1));
    }
}
