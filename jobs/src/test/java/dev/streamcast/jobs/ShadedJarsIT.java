package dev.streamcast.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** Runs after packaging (failsafe): what each shaded jar must and must not contain. */
class ShadedJarsIT {

    private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target");

    private static List<String> entries(String jar) throws Exception {
        Path p = TARGET.resolve(jar);
        assertThat(p).as(jar + " is built by mvn package").exists();
        try (JarFile f = new JarFile(p.toFile())) {
            return f.stream().map(ZipEntry::getName).toList();
        }
    }

    /** The entries under any of the prefixes (so that a failure lists only the offenders). */
    private static List<String> matching(List<String> entries, String... prefixes) {
        return entries.stream()
                .filter(n -> Arrays.stream(prefixes).anyMatch(n::startsWith))
                .toList();
    }

    private static String mainClass(String jar) throws Exception {
        try (JarFile f = new JarFile(TARGET.resolve(jar).toFile())) {
            return f.getManifest().getMainAttributes().getValue("Main-Class");
        }
    }

    @Test
    void theClusterJarHasNoNd4jNoKafkaBrokerAndNoFlinkRuntime() throws Exception {
        List<String> e = entries("streamcast-job.jar");
        assertThat(matching(e, "org/nd4j/", "org/bytedeco/")).as("ND4J").isEmpty();
        assertThat(matching(
                        e,
                        "kafka/server/",
                        "kafka/log/",
                        "org/apache/kafka/raft/",
                        "org/apache/kafka/metadata/",
                        "org/apache/kafka/server/config/",
                        "scala/"))
                .as("the Kafka broker")
                .isEmpty();
        assertThat(matching(
                        e,
                        "org/apache/flink/runtime/",
                        "org/apache/flink/streaming/api/environment/",
                        "org/apache/flink/api/common/functions/",
                        "org/apache/logging/",
                        "log4j2.properties"))
                .as("what the cluster provides")
                .isEmpty();
        assertThat(matching(e, "dev/streamcast/jobs/kafka/"))
                .as("the embedded broker wrapper")
                .isEmpty();
        assertThat(e)
                .contains(
                        "dev/streamcast/jobs/Main.class",
                        "dev/streamcast/jobs/forecast/ForecastJob.class",
                        "dev/streamcast/model/io/ModelCodec.class",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                        "com/fasterxml/jackson/core/JsonFactory.class");
        assertThat(mainClass("streamcast-job.jar")).isEqualTo("dev.streamcast.jobs.Main");
        System.out.println("streamcast-job.jar: " + Files.size(TARGET.resolve("streamcast-job.jar")) + " bytes");
    }

    @Test
    void theLocalJarRunsAMiniClusterAnEmbeddedBrokerAndTheTrainerWithNd4j() throws Exception {
        List<String> e = entries("streamcast.jar");
        assertThat(matching(e, "org/nd4j/linalg/cpu/nativecpu/", "org/bytedeco/openblas/linux-x86_64/"))
                .as("ND4J with its linux-x86_64 natives, for the train command")
                .isNotEmpty();
        assertThat(e)
                .contains(
                        "dev/streamcast/jobs/Main.class",
                        "dev/streamcast/jobs/train/TrainCommand.class",
                        "org/nd4j/linalg/factory/Nd4j.class",
                        "org/apache/flink/runtime/minicluster/MiniCluster.class",
                        "org/apache/flink/client/deployment/executors/LocalExecutor.class",
                        "kafka/server/KafkaRaftServer.class",
                        "dev/streamcast/jobs/kafka/EmbeddedKafka.class");
        assertThat(mainClass("streamcast.jar")).isEqualTo("dev.streamcast.jobs.Main");
        System.out.println("streamcast.jar: " + Files.size(TARGET.resolve("streamcast.jar")) + " bytes");
    }
}
