package dev.streamcast.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
