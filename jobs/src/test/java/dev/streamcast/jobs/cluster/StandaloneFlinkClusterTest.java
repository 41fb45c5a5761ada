package dev.streamcast.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test cluster itself: it comes up with its slots, and leaves no process and no directory behind. */
class StandaloneFlinkClusterTest {

    @Test
    void startsOneTaskManagerWithItsSlotsAndCleansUpEverything() throws Exception {
        List<ProcessHandle> jvms;
        Path dir;
        try (StandaloneFlinkCluster cluster = StandaloneFlinkCluster.start(2, Duration.ofSeconds(120))) {
            JsonNode overview = cluster.rest().overview();
            assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
            assertThat(overview.path("slots-total").asInt()).isEqualTo(2);
            assertThat(overview.path("flink-version").asText()).isEqualTo("2.2.1");
            assertThat(cluster.rest().get("/jars").path("files").isArray())
                    .as("the web submission endpoints (flink-runtime-web) are up").isTrue();
            jvms = cluster.processes();
            dir = cluster.directory();
            assertThat(jvms).hasSize(2).allMatch(ProcessHandle::isAlive);
        }
        assertThat(jvms).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(dir)).isFalse();
    }

    @Test
    void theClusterClasspathHoldsFlinkButNoneOfTheJobsOwnDependencies() {
        String cp = FlinkDistClasspath.fromTestClasspath();
        assertThat(cp).contains("flink-runtime-2.2.1.jar", "flink-runtime-web", "flink-statebackend-rocksdb",
                "flink-connector-base", "log4j-core");
        assertThat(cp).doesNotContain("flink-connector-kafka", "kafka-clients", "jackson-databind", "streamcast",
                "junit", "-tests.jar", "test-classes");
    }
}
