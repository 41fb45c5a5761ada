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
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;

/** {@code seq}: per key, the observations applied to its state; refused records do not count. */
class SequenceNumberTest {

    @Test
    void eachKeyCountsItsAppliedObservationsAndRefusedOnesDoNotCount() throws Exception {
        double[] v = series(20, 41);
        var h = harness(new ForecastFunction(config(W, 0)));
        h.processElement(obs("a", 0L, v[0]), 0L); // applied without a model: counted, no forecast
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        for (int i = 1; i < 10; i++) {
            h.processElement(obs("a", i * 10L, v[i]), i * 10L);
            h.processElement(obs("b", i * 10L, v[i]), i * 10L);
            h.processElement(obs("a", i * 10L, v[i]), i * 10L); // a duplicate
            h.processElement(obs("b", i * 10L - 15, v[i]), i * 10L); // too late
        }
        h.processElement(obs("a", 100L, Double.NaN), 100L); // invalid
        h.processElement(obs("a", 110L, v[11]), 110L);
        assertThat(h.extractOutputValues().stream().filter(f -> f.key.equals("a")))
                .extracting(f -> f.seq)
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(h.extractOutputValues().stream().filter(f -> f.key.equals("b")))
                .extracting(f -> f.seq)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void seqSurvivesASnapshot() throws Exception {
        double[] v = series(30, 42);
        var original = harness(new ForecastFunction(config(W, 50)));
        original.processBroadcastElement(bytes(diffModel(1)), 0L);
        for (int i = 0; i < 10; i++) {
            original.processElement(obs("a", i * 10L, v[i]), i * 10L);
        }
        original.processWatermark(100L);
        OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
        var restored = harness(new ForecastFunction(config(W, 50)), snapshot);
        restored.processElement(obs("a", 110L, v[11]), 110L);
        restored.processWatermark(200L);
        assertThat(original.extractOutputValues()).extracting(f -> f.seq).endsWith(10L);
        assertThat(restored.extractOutputValues()).extracting(f -> f.seq).containsExactly(11L);
    }

    /**
     * {@code forecast-operator-before-seq.snapshot} was written by the operator as it was before {@code seq} existed
     * (key a: model v5, 20 observations of {@code series(30, 34)} at ts 0, 10, .., 190, out-of-orderness 0). It
     * restores: the key continues exactly where it was, and its seq starts again from 0, as documented.
     */
    @Test
    void aSnapshotFromBeforeSeqRestoresAndCountsFromZero() throws Exception {
        OperatorSubtaskState old = OperatorSnapshotUtil.readStateHandle(
                OperatorSnapshotUtil.getResourceFilename("state/forecast-operator-before-seq.snapshot"));
        double[] v = series(30, 34);
        var restored = harness(new ForecastFunction(config(W, 0)), old);
        restored.processElement(obs("a", 200L, v[20]), 200L);
        restored.processElement(obs("a", 210L, v[21]), 210L);
        Forecast f = restored.extractOutputValues().get(0);
        assertThat(f.modelVersion).isEqualTo(5L);
        assertThat(f.forecast)
                .as("continued, not re-primed")
                .isEqualTo(TestSupport.freshRun(diffModel(5), TestSupport.slice(v, 0, 21), Integer.MAX_VALUE));
        assertThat(restored.extractOutputValues()).extracting(x -> x.seq).containsExactly(1L, 2L);
    }
}
