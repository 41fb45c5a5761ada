package dev.streamcast.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamcast.jobs.common.ForecastConfig;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class ForecastJobTest {

    private static StreamGraph graph(String... args) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ForecastJob.forKafka(ForecastConfig.fromArgs(args)).build(env);
        return env.getStreamGraph(false);
    }

    @Test
    void everyOperatorHasAStableUidAndAName() {
        List<StreamNode> nodes = List.copyOf(graph().getStreamNodes());
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.getTransformationUID())
                    .as("uid of " + n.getOperatorName())
                    .isNotBlank();
            assertThat(n.getOperatorName()).isNotBlank();
        });
        assertThat(nodes)
                .extracting(StreamNode::getTransformationUID)
                .doesNotHaveDuplicates()
                .contains(
                        "observations-source",
                        "models-source",
                        "parse-observations",
                        "forecast",
                        "forecasts-sink",
                        "dead-letters-sink");
    }

    @Test
    void checkpointingStateBackendAndGenericTypesComeFromTheConfiguration() {
        Configuration c = ForecastJob.flinkConfiguration(ForecastConfig.fromArgs(new String[] {
            "--checkpoint-interval", "30s", "--state-backend", "rocksdb", "--checkpoint-dir", "file:///tmp/ck"
        }));
        assertThat(c.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(c.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///tmp/ck");
        assertThat(c.get(PipelineOptions.GENERIC_TYPES)).isFalse();

        Configuration d = ForecastJob.flinkConfiguration(ForecastConfig.defaults());
        assertThat(d.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
    }

    @Test
    void buildingAppliesTheSettingsToTheEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ForecastJob.forKafka(ForecastConfig.fromArgs(new String[] {"--parallelism", "3"}))
                .build(env);
        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isTrue();
        assertThat(env.getConfiguration().get(PipelineOptions.GENERIC_TYPES)).isFalse();
        assertThat(env.getParallelism()).isEqualTo(3);
    }

    @Test
    void aLocalRunWithoutACheckpointDirCheckpointsToFilesNotToJobManagerMemory() {
        StreamExecutionEnvironment local = StreamExecutionEnvironment.createLocalEnvironment(1);
        ForecastJob.forKafka(ForecastConfig.defaults()).build(local);
        assertThat(local.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo(ForecastJob.localCheckpointDir())
                .startsWith("file:/")
                .contains("streamcast-checkpoints");

        StreamExecutionEnvironment given = StreamExecutionEnvironment.createLocalEnvironment(1);
        ForecastJob.forKafka(ForecastConfig.fromArgs(new String[] {"--checkpoint-dir", "file:///data/ck"}))
                .build(given);
        assertThat(given.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///data/ck");
    }

    @Test
    void anExactlyOnceJobBuilds() {
        assertThat(graph("--delivery", "exactly-once").getStreamNodes()).isNotEmpty();
    }
}
