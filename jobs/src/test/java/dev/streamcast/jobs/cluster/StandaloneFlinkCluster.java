package dev.streamcast.jobs.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster for tests: one JobManager and one TaskManager, each its own JVM started from
 * the Flink jars on the test classpath (see {@link FlinkDistClasspath}) the way Flink's scripts start them
 * ({@link FlinkJvm}), with a {@code conf/config.yaml} of our own: free ports, small memory ({@link ClusterConfig}).
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
    private final String classpath = FlinkDistClasspath.fromTestClasspath();
    private final List<Process> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::kill, "standalone-flink-cluster-cleanup");
    private final FlinkRest rest;

    private StandaloneFlinkCluster(Path dir, int restPort) {
        this.dir = dir;
        this.rest = new FlinkRest("http://localhost:" + restPort);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a JobManager and a TaskManager with {@code slots} slots and waits until the TaskManager has registered.
     * On any failure the processes are killed, the logs printed to stderr, and the directory deleted.
     */
    public static StandaloneFlinkCluster start(int slots, Duration timeout) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("streamcast-flink-");
        int restPort = freePort();
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(dir, restPort);
        try {
            ClusterConfig.write(dir, restPort, freePort(), freePort(), slots);
            CompletableFuture<List<String>> jm = CompletableFuture.supplyAsync(
                    () -> FlinkJvm.resourceParams("GET_JM_RESOURCE_PARAMS", cluster.classpath, dir));
            List<String> tm = FlinkJvm.resourceParams("GET_TM_RESOURCE_PARAMS", cluster.classpath, dir);
            cluster.launch("jobmanager", JM_MAIN, jm.join());
            cluster.launch("taskmanager", TM_MAIN, tm);
            cluster.awaitSlots(slots, timeout);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.printLogs(System.err, 200);
            cluster.close();
            throw e;
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
        synchronized (processes) {
            return processes.stream().map(Process::toHandle).toList();
        }
    }

    private void launch(String name, String mainClass, List<String> resourceParams) throws IOException {
        Process p = FlinkJvm.launch(name, mainClass, resourceParams, classpath, dir);
        synchronized (processes) {
            processes.add(p);
        }
    }

    private void awaitSlots(int slots, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            synchronized (processes) {
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException(
                                "a cluster JVM exited with " + p.exitValue() + " while starting");
                    }
                }
            }
            try {
                if (rest.overview().path("slots-total").asInt() >= slots) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no TaskManager with " + slots + " slots registered within " + timeout, last);
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
            processes.forEach(Process::destroy);
            for (Process p : processes) {
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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
