package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.ForecastConfig;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * {@code --latency-mode} against the default throughput settings, at the level of the configuration: the network
 * buffer timeout Flink gets (and applies to the environment), the producers' batching and the observations consumer's
 * fetches.
 */
class LatencyModeTest {

    private static final ForecastConfig THROUGHPUT = ForecastConfig.fromArgs(new String[0]);
    private static final ForecastConfig LATENCY = ForecastConfig.fromArgs(new String[] {"--latency-mode"});

    @Test
    void theFlagIsOffByDefault() {
        assertThat(THROUGHPUT.latencyMode()).isFalse();
        assertThat(LATENCY.latencyMode()).isTrue();
        assertThat(ForecastConfig.defaults().latencyMode()).isFalse();
    }

    @Test
    void theBufferTimeoutIsFlinksDefaultOrThreeMilliseconds() {
        assertThat(ForecastJob.flinkConfiguration(THROUGHPUT).get(ExecutionOptions.BUFFER_TIMEOUT))
                .isEqualTo(Duration.ofMillis(100));
        assertThat(ForecastJob.flinkConfiguration(LATENCY).get(ExecutionOptions.BUFFER_TIMEOUT))
                .isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void buildingTheJobAppliesTheBufferTimeoutToTheEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ForecastJob.forKafka(LATENCY).build(env);
        assertThat(env.getBufferTimeout()).isEqualTo(3L);

        StreamExecutionEnvironment d = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ForecastJob.forKafka(THROUGHPUT).build(d);
        assertThat(d.getBufferTimeout()).isEqualTo(100L);
    }

    @Test
    void theProducersBatchAndCompressByDefaultAndSendAtOnceInLatencyMode() {
        assertThat(KafkaEndpoints.producerTuning(THROUGHPUT))
                .containsEntry("linger.ms", "20")
                .containsEntry("batch.size", "262144")
                .containsEntry("compression.type", "zstd");
        assertThat(KafkaEndpoints.producerTuning(LATENCY))
                .containsEntry("linger.ms", "0")
                .containsEntry("batch.size", "16384")
                .containsEntry("compression.type", "none");
    }

    @Test
    void theConsumerWaitsForFullerFetchesByDefaultAndAnswersAtTheFirstByteInLatencyMode() {
        assertThat(KafkaEndpoints.consumerTuning(THROUGHPUT))
                .containsEntry("fetch.min.bytes", "65536")
                .containsEntry("fetch.max.wait.ms", "50")
                .containsEntry("max.poll.records", "2000");
        assertThat(KafkaEndpoints.consumerTuning(LATENCY))
                .containsEntry("fetch.min.bytes", "1")
                .containsEntry("fetch.max.wait.ms", "10")
                .containsEntry("max.poll.records", "500");
    }
}
