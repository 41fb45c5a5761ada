package dev.streamcast.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster for tests: one JobManager and one TaskManager, each its own JVM started from
 * the Flink jars on the test classpath (see {@link FlinkDistClasspath}) the way Flink's scripts start them
 * ({@link FlinkJvm}), with a {@code conf/config.yaml} of our own: free ports, small memory ({@link ClusterConfig}).
 * {@link #builder()} starts more TaskManagers, from another classpath (the bench module's cluster benchmark, which
 * runs from a shaded jar), with settings of its own.
 *
 * <p>{@link #close()} kills both JVMs and deletes the cluster's directory; a JVM shutdown hook does the same if the
 * test JVM exits first. The JVMs log to {@code logs/} in that directory; {@link #printLogs} shows their tails.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
    /** {@code -Dstreamcast.cluster.keep=true} keeps the cluster's directory (conf, logs, savepoints) after close. */
    public static final String KEEP_PROPERTY = "streamcast.cluster.keep";

    private static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

    /** How long a JVM may take to shut down after SIGTERM before it is killed. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final Path dir;
    private final String classpath;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Thread shutdownHook = new Thread(this::kill, "standalone-flink-cluster-cleanup");
    private final FlinkRest rest;

    private StandaloneFlinkCluster(Path dir, int restPort, String classpath) {
        this.dir = dir;
        this.classpath = classpath;
        this.rest = new FlinkRest("http://localhost:" + restPort);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a JobManager and a TaskManager with {@code slots} slots and waits until the TaskManager has registered.
     * On any failure the processes are killed, the logs printed to stderr, and the directory deleted.
     */
    public static StandaloneFlinkCluster start(int slots, Duration timeout) throws IOException, InterruptedException {
        return builder().slotsPerTaskManager(slots).start(timeout);
    }

    /** One JobManager and, unless told otherwise, one TaskManager with one slot, from the test classpath. */
    public static Builder builder() {
        return new Builder();
    }

    /** What {@link #start(int, Duration)} fixes: TaskManagers, slots, classpath, settings of config.yaml. */
    public static final class Builder {
        private int taskManagers = 1;
        private int slots = 1;
        private String classpath;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {}

        public Builder taskManagers(int n) {
            this.taskManagers = n;
            return this;
        }

        public Builder slotsPerTaskManager(int n) {
            this.slots = n;
            return this;
        }

        /** The cluster's classpath, already filtered ({@link FlinkDistClasspath#filter}); default: the test's. */
        public Builder classpath(String flinkDistClasspath) {
            this.classpath = flinkDistClasspath;
            return this;
        }

        /** A setting of {@code conf/config.yaml}, replacing the default of {@link ClusterConfig} if there is one. */
        public Builder set(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /**
         * Starts the JobManager and the TaskManagers (logs {@code jobmanager}, {@code taskmanager}; with several,
         * {@code taskmanager-1}, {@code taskmanager-2}, ...) and waits until every TaskManager has registered. On any
         * failure the processes are killed, the logs printed to stderr, and the directory deleted.
         */
        public StandaloneFlinkCluster start(Duration timeout) throws IOException, InterruptedException {
            String cp = classpath != null ? classpath : FlinkDistClasspath.fromTestClasspath();
            Path dir = Files.createTempDirectory("streamcast-flink-");
            int[] ports = EmbeddedKafka.freePorts(3);
            int restPort = ports[0];
            StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(dir, restPort, cp);
            try {
                ClusterConfig.write(dir, restPort, ports[1], ports[2], slots, settings);
                CompletableFuture<List<String>> jm =
                        CompletableFuture.supplyAsync(() -> FlinkJvm.resourceParams("GET_JM_RESOURCE_PARAMS", cp, dir));
                List<String> tm = FlinkJvm.resourceParams("GET_TM_RESOURCE_PARAMS", cp, dir);
                cluster.launch("jobmanager", JM_MAIN, jm.join());
                for (int i = 1; i <= taskManagers; i++) {
                    cluster.launch(taskManagers == 1 ? "taskmanager" : "taskmanager-" + i, TM_MAIN, tm);
                }
                cluster.awaitSlots(taskManagers, taskManagers * slots, timeout);
                return cluster;
            } catch (IOException | InterruptedException | RuntimeException | Error e) {
                cluster.printLogs(System.err, 200);
                cluster.close();
                throw e;
            }
        }
    }

    public FlinkRest rest() {
        return rest;
    }

    /** The cluster's own directory (conf, logs, checkpoints, savepoints); deleted on {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /** Where savepoints go when none is given: {@code execution.checkpointing.savepoint-dir}. */
    public Path savepointDir() {
        return dir.resolve(ClusterConfig.SAVEPOINTS);
    }

    /** The cluster's JVMs, for tests of the cleanup. */
    List<ProcessHandle> processes() {
        return jvms().values().stream().toList();
    }

    /**
     * The cluster's JVMs by name ({@code jobmanager}, then the TaskManagers in start order), e.g. for their CPU time
     * ({@code ProcessHandle.info().totalCpuDuration()}).
     */
    public Map<String, ProcessHandle> jvms() {
        synchronized (processes) {
            Map<String, ProcessHandle> handles = new LinkedHashMap<>();
            processes.forEach((name, p) -> handles.put(name, p.toHandle()));
            return handles;
        }
    }

    private void launch(String name, String mainClass, List<String> resourceParams) throws IOException {
        Process p = FlinkJvm.launch(name, mainClass, resourceParams, classpath, dir);
        synchronized (processes) {
            processes.put(name, p);
        }
    }

    private void awaitSlots(int taskManagers, int slots, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            synchronized (processes) {
                for (Map.Entry<String, Process> e : processes.entrySet()) {
                    if (!e.getValue().isAlive()) {
                        throw new IllegalStateException("the cluster's " + e.getKey() + " JVM exited with "
                                + e.getValue().exitValue() + " while starting");
                    }
                }
            }
            try {
                JsonNode overview = rest.overview();
                if (overview.path("taskmanagers").asInt() >= taskManagers
                        && overview.path("slots-total").asInt() >= slots) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                taskManagers + " TaskManager(s) with " + slots + " slots in all not registered within " + timeout,
                last);
    }

    /** Prints the last {@code lines} lines of every log of the cluster's JVMs. */
    public void printLogs(PrintStream out, int lines) {
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            for (Path f : files.sorted().toList()) {
                List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
                out.println("===== " + f.getFileName() + " (last " + Math.min(lines, all.size()) + " of " + all.size()
                        + " lines) =====");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(out::println);
            }
        } catch (IOException | UncheckedIOException e) {
            out.println("cannot read the cluster's logs in " + dir + ": " + e);
        }
    }

    /**
     * Kills both JVMs (SIGTERM, then SIGKILL after {@link #GRACE}) and deletes the cluster's directory, unless
     * {@link #KEEP_PROPERTY} is set.
     */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        if (Boolean.getBoolean(KEEP_PROPERTY)) {
            System.err.println("StandaloneFlinkCluster: kept " + dir + " (-D" + KEEP_PROPERTY + "=true)");
        } else {
            deleteRecursively(dir);
        }
    }

    private void kill() {
        synchronized (processes) {
            processes.values().forEach(Process::destroy);
            for (Process p : processes.values()) {
                try {
                    if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a temp directory
        }
    }
}
