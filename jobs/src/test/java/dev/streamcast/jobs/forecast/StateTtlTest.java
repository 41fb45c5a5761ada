package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.W;
import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static dev.streamcast.jobs.forecast.TestSupport.harness;
import static dev.streamcast.jobs.forecast.TestSupport.obs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle keys expire after the configured TTL (processing time since the key's last applied observation). */
class StateTtlTest {

    @Test
    void anIdleKeyExpiresAndStartsAgainAsANewSeries() throws Exception {
        var cfg = TestSupport.config(W, 0, 1_000L, List.of("value"), "value");
        var h = harness(new ForecastFunction(cfg));
        h.processBroadcastElement(bytes(diffModel(1)), 0L);
        h.setStateTtlProcessingTime(0L);
        h.processElement(obs("a", 10L, 1.0), 10L);
        h.processElement(obs("a", 20L, 2.0), 20L);
        h.setStateTtlProcessingTime(900L);
        h.processElement(obs("a", 20L, 2.0), 30L); // still known: a duplicate
        h.setStateTtlProcessingTime(2_000L);
        h.processElement(obs("a", 15L, 3.0), 40L); // expired: accepted as the first observation of a new series

        assertThat(TestSupport.deadLetters(h)).extracting(b -> b.reason).containsExactly(Reason.DUPLICATE);
        var out = h.extractOutputValues();
        assertThat(out).extracting(f -> f.ts).containsExactly(10L, 20L, 15L);
        assertThat(out.get(2).prevError).isNaN();
        assertThat(out.get(2).forecast).as("naive: no input yet").isEqualTo(3.0);
    }

    @Test
    void everyKeyedStateHasTheConfiguredTtl() {
        var cfg = TestSupport.config(W, 5, 12_345L, List.of("value"), "value");
        assertThat(ForecastFunction.seriesDescriptor(cfg)
                        .getTtlConfig()
                        .getTimeToLive()
                        .toMillis())
                .isEqualTo(12_345L);
        assertThat(ForecastFunction.pendingDescriptor(cfg)
                        .getTtlConfig()
                        .getTimeToLive()
                        .toMillis())
                .isEqualTo(12_345L);
    }
}
