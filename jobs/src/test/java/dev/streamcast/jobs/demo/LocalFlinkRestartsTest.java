package dev.streamcast.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo counts the forecast job's restarts (and gives up after {@link Demo#MAX_RESTARTS}): a job that fails. */
class LocalFlinkRestartsTest {

    static final class Failing implements MapFunction<Long, Long> {
        @Override
        public Long map(Long x) {
            throw new IllegalStateException("record " + x + " cannot be written");
        }
    }

    @Test
    void eachFailureOfTheJobIsCountedWithItsCause(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (LocalFlink flink = LocalFlink.start(port, dir, 1)) {
            assertThat(flink.failures()).isZero();
            flink.submit("failing", 1, env -> {
                Configuration c = new Configuration();
                c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
                c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 100);
                c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(300));
                env.configure(c);
                env.fromSequence(1, 10).map(new Failing()).sinkTo(new DiscardingSink<>());
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (flink.failures() < Demo.MAX_RESTARTS && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(flink.failures()).isGreaterThanOrEqualTo(Demo.MAX_RESTARTS);
            assertThat(flink.lastFailure()).contains("IllegalStateException").contains("cannot be written");
        }
    }
}
