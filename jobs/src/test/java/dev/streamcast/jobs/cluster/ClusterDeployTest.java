package dev.streamcast.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamcast.jobs.cluster.ForecastTail.Seen;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The deployment path of issue 7, for real: a standalone Flink cluster (JobManager and TaskManager JVMs from the
 * Flink jars), a KRaft Kafka broker, and the slim job jar submitted through the REST API. The job forecasts, is
 * stopped with a savepoint, is resubmitted from it, and carries on: per-key state and the model survive, and every
 * observation is answered exactly once across the restart.
 *
 * <p>Runs in {@code mvn verify} (Failsafe, after {@code package} made {@code target/streamcast-job.jar}).
 */
class ClusterDeployTest {
    static final Path JOB_JAR = Path.of("target", "streamcast-job.jar");
    static final String ENTRY = "dev.streamcast.jobs.Main";
    static final int PARTITIONS = 2;
    static final int KEYS = 6;
    static final int PER_PHASE = 30;
    static final long MODEL_VERSION = 7;

    @Test
    void forecastsSurviveStopWithSavepointAndResubmission() throws Exception {
        assertThat(JOB_JAR)
                .as("the slim job jar; run `mvn package` (or verify) first")
                .exists();
        long t0 = System.nanoTime();
        // The broker starts in this JVM while the cluster's JVMs come up.
        CompletableFuture<EmbeddedKafka> broker = CompletableFuture.supplyAsync(ClusterDeployTest::startKafka);
        StandaloneFlinkCluster started;
        try {
            started = StandaloneFlinkCluster.start(2, Duration.ofSeconds(180));
        } catch (Exception | Error e) {
            broker.thenAccept(EmbeddedKafka::close);
            throw e;
        }
        List<ProcessHandle> jvms = started.processes();
        Path clusterDir = started.directory();
        try (StandaloneFlinkCluster cluster = started;
                EmbeddedKafka kafka = broker.join()) {
            long up = System.nanoTime();
            try {
                run(kafka, cluster, t0, up);
            } catch (Throwable t) {
                cluster.printLogs(System.err, 300);
                throw t;
            }
        }
        assertThat(jvms).as("the cluster's JVMs are gone").hasSize(2).noneMatch(ProcessHandle::isAlive);
        if (!Boolean.getBoolean(StandaloneFlinkCluster.KEEP_PROPERTY)) {
            assertThat(clusterDir).as("the cluster's directory is gone").doesNotExist();
        }
        System.out.printf("ClusterDeployTest: total %.1f s including cleanup%n", (System.nanoTime() - t0) / 1e9);
    }

    private static EmbeddedKafka startKafka() {
        try {
            return EmbeddedKafka.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run(EmbeddedKafka kafka, StandaloneFlinkCluster cluster, long t0, long up) throws Exception {
        String bs = kafka.bootstrapServers();
        kafka.createTopic("observations", PARTITIONS, false);
        kafka.createTopic("forecasts", PARTITIONS, false);
        kafka.createTopic("observations-dlq", 1, false);
        kafka.createTopic("models", 1, true);
        FlinkRest rest = cluster.rest();
        String jar = rest.uploadJar(JOB_JAR);
        assertThatThrownBy(() -> rest.run(jar, ENTRY, List.of("forecast", "--no-such-option", "1"), null))
                .as("a bad option is refused")
                .hasMessageContaining("answered 400");
        assertThat(rest.overview().path("taskmanagers").asInt())
                .as("and the JobManager lives on")
                .isEqualTo(1);
        List<String> args = List.of(
                "forecast",
                "--bootstrap-servers",
                bs,
                "--parallelism",
                "2",
                "--checkpoint-interval",
                "2s",
                "--window-size",
                "8",
                "--model-key",
                TestData.MODEL_KEY);
        String job1 = rest.run(jar, ENTRY, args, null);
        JobWatch watch1 = new JobWatch(rest, job1);
        watch1.awaitRunning(Duration.ofSeconds(90));
        long running1 = System.nanoTime();

        try (TestData data = new TestData(bs);
                ForecastTail tail = new ForecastTail(bs, "forecasts", PARTITIONS)) {
            data.publishModel(MODEL_VERSION);
            // Both subtasks have the model once a probe key of each has been answered; only then the real keys.
            List<String> probes = TestData.probeKeys(2, 128); // 128: the default max parallelism at parallelism 2
            long probeDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            for (int n = 0; !answeredAll(tail, probes, watch1); n++) {
                assertThat(System.nanoTime())
                        .as("probe keys %s answered within 90 s: the model was not taken up", probes)
                        .isLessThan(probeDeadline);
                data.probe(probes, n);
            }
            data.sendPhase(KEYS, 0, PER_PHASE);
            tail.pollUntil(
                    s -> real(s).size() >= KEYS * PER_PHASE,
                    Duration.ofSeconds(90),
                    "phase 1 forecasts",
                    watch1::assertAlive);
            long phase1 = System.nanoTime();

            String savepoint = rest.stopWithSavepoint(job1, cluster.savepointDir(), Duration.ofSeconds(120));
            watch1.awaitTerminal("FINISHED", Duration.ofSeconds(60));
            long stopped = System.nanoTime();
            assertThat(Path.of(URI.create(savepoint))).isDirectory();

            String job2 = rest.run(jar, ENTRY, args, savepoint);
            JobWatch watch2 = new JobWatch(rest, job2);
            watch2.awaitRunning(Duration.ofSeconds(90));
            data.sendPhase(KEYS, PER_PHASE, PER_PHASE);
            tail.pollUntil(
                    s -> real(s).size() >= 2 * KEYS * PER_PHASE,
                    Duration.ofSeconds(90),
                    "phase 2 forecasts",
                    watch2::assertAlive);
            long phase2 = System.nanoTime();
            List<Seen> all = real(tail.pollFor(Duration.ofSeconds(3)));

            Map<String, Long> perObservation =
                    all.stream().collect(Collectors.groupingBy(s -> s.key() + "@" + s.ts(), Collectors.counting()));
            assertThat(perObservation)
                    .as("one forecast per observation, none lost, none repeated")
                    .hasSize(2 * KEYS * PER_PHASE)
                    .allSatisfy((obs, n) -> assertThat(n).as(obs).isEqualTo(1L));
            assertThat(all)
                    .as("every forecast from the published model, before and after the restart")
                    .allSatisfy(s -> assertThat(s.modelVersion()).isEqualTo(MODEL_VERSION));
            List<Seen> after = all.stream()
                    .filter(s -> TestData.phaseOf(s.ts(), PER_PHASE) == 1)
                    .toList();
            assertThat(after)
                    .as("after the restart, every key's state was restored: warm, with its last forecast")
                    .hasSize(KEYS * PER_PHASE)
                    .allSatisfy(
                            s -> assertThat(s.warm()).as(s.json().toString()).isTrue())
                    .allSatisfy(s ->
                            assertThat(s.hasPrevError()).as(s.json().toString()).isTrue());
            assertThat(ForecastTail.count(bs, "observations-dlq", 1, Duration.ofSeconds(1)))
                    .isZero();

            System.out.printf(
                    "ClusterDeployTest: Kafka + cluster up %.1f s, first job running %.1f s, phase 1 "
                            + "answered %.1f s, stopped with savepoint %.1f s, resubmitted and phase 2 answered %.1f s%n",
                    sec(t0, up), sec(up, running1), sec(running1, phase1), sec(phase1, stopped), sec(stopped, phase2));
        }
    }

    private static boolean answeredAll(ForecastTail tail, List<String> keys, JobWatch watch) {
        watch.assertAlive();
        return tail.pollFor(Duration.ofMillis(400)).stream()
                .map(Seen::key)
                .collect(Collectors.toSet())
                .containsAll(keys);
    }

    private static List<Seen> real(List<Seen> seen) {
        return seen.stream()
                .filter(s -> s.key().startsWith(TestData.KEY_PREFIX))
                .toList();
    }

    private static double sec(long from, long to) {
        return (to - from) / 1e9;
    }
}
