package dev.streamcast.bench;

import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in its own JVM ({@code kafka.Kafka server.properties}, from the Kafka jars on this JVM's
 * class path), so that a benchmark counts the job's CPU apart from the broker's. The settings are those of the tests'
 * in-process broker ({@code EmbeddedKafka}); the storage is formatted in this JVM, the broker runs in the child.
 * {@link #cpuNanos()} is the child's CPU time so far (user + system, from /proc through {@link ProcessHandle}).
 */
final class ChildKafka implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;

    private ChildKafka(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Formats storage, starts the broker JVM with {@code -Xmx}{@code heap}, and returns once it answers. */
    static ChildKafka start(String heap) throws Exception {
        Path dir = Files.createTempDirectory("streamcast-bench-kafka-");
        int[] ports = EmbeddedKafka.freePorts(2);
        int port = ports[0];
        int controllerPort = ports[1];
        Properties p = EmbeddedKafka.properties(dir, port, controllerPort);
        Path file = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "streamcast benchmark broker");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", file.toString()},
                new PrintStream(log, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage failed (" + rc + "): " + log);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java,
                        "-Xmx" + heap,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "kafka.Kafka",
                        file.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile())
                .start();
        ChildKafka k = new ChildKafka(dir, port, process);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", k.bootstrapServers()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return k;
                } catch (Exception e) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        k.close();
                        throw new IllegalStateException(
                                "the broker JVM did not start; its log: " + dir.resolve("broker.log"), e);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The broker process's CPU time so far, in nanoseconds (0 if the platform does not tell). */
    long cpuNanos() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .map(Duration::toNanos)
                .orElse(0L);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
