package dev.streamcast.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the test cluster is made of. (That it starts, runs a job and leaves no process or directory behind is
 * checked by {@link ClusterDeployTest}, which starts one anyway.)
 */
class StandaloneFlinkClusterTest {

    @Test
    void theClusterClasspathHoldsFlinkButNoneOfTheJobsOwnDependencies() {
        String cp = FlinkDistClasspath.fromTestClasspath();
        assertThat(cp)
                .contains(
                        "flink-runtime-2.2.1.jar",
                        "flink-runtime-web",
                        "flink-statebackend-rocksdb",
                        "flink-connector-base",
                        "log4j-core");
        assertThat(cp)
                .doesNotContain(
                        "flink-connector-kafka",
                        "kafka-clients",
                        "jackson-databind",
                        "streamcast",
                        "junit",
                        "-tests.jar",
                        "test-classes");
    }

    @Test
    void aSettingGivenToTheBuilderReplacesTheDefaultOnceAndOthersAreAdded(@TempDir Path dir) throws Exception {
        ClusterConfig.write(
                dir,
                8081,
                6123,
                6124,
                2,
                Map.of(
                        "taskmanager.memory.process.size", "1600m",
                        "taskmanager.load-balance.mode", "SLOTS"));
        var lines = Files.readAllLines(dir.resolve("conf/config.yaml"));
        assertThat(lines)
                .contains("taskmanager.memory.process.size: 1600m", "taskmanager.load-balance.mode: SLOTS")
                .doesNotContain("taskmanager.memory.process.size: 1200m")
                .contains("taskmanager.numberOfTaskSlots: 2", "rest.port: 8081");
        assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(':'))))
                .as("no key twice: which one would win is up to the YAML reader")
                .doesNotHaveDuplicates();
    }
}
