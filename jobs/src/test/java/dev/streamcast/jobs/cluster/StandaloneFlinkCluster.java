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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster for tests: one JobManager and one TaskManager, each its own JVM started from
 * the Flink jars on the test classpath (see {@link FlinkDistClasspath}), the way {@code jobmanager.sh} and
 * {@code taskmanager.sh} start them: memory flags from {@code BashJavaUtils}, the module flags of Flink's default
 * {@code env.java.opts.all}, a {@code conf/config.yaml} of our own with free ports and small memory.
 *
 * <p>{@link #close()} kills both JVMs and deletes the cluster's directory; a JVM shutdown hook does the same if the
 * test JVM exits first. The JVMs log to {@code logs/} in that directory; {@link #printLogs} shows their tails.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
    /** The {@code --add-exports}/{@code --add-opens} list of Flink 2.x's default {@code env.java.opts.all}. */
    static final List<String> JAVA_OPTS_ALL = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
            "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private static final String JM_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

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
                    () -> cluster.resourceParams("GET_JM_RESOURCE_PARAMS"));
            List<String> tm = cluster.resourceParams("GET_TM_RESOURCE_PARAMS");
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

    /** Runs BashJavaUtils as flink's scripts do: line 1 its JVM flags, line 2 its dynamic {@code -D} options. */
    private List<String> resourceParams(String command) {
        try {
            Process p = new ProcessBuilder(JAVA, "-cp", classpath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                    command, "--configDir", dir.resolve("conf").toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            List<String> results = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                    .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
            if (p.waitFor() != 0 || results.size() != 2) {
                throw new IllegalStateException("BashJavaUtils " + command + " failed:\n" + out);
            }
            List<String> args = new ArrayList<>(Arrays.asList(results.get(0).trim().split("\\s+")));
            args.add("--");  // separates JVM flags from the entry point's dynamic options
            args.addAll(Arrays.asList(results.get(1).trim().split("\\s+")));
            return args;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch(String name, String mainClass, List<String> params) throws IOException {
        int split = params.indexOf("--");
        List<String> cmd = new ArrayList<>(List.of(JAVA));
        cmd.addAll(params.subList(0, split));
        cmd.addAll(JAVA_OPTS_ALL);
        Path logs = dir.resolve("logs");
        cmd.addAll(List.of("-Dlog.file=" + logs.resolve(name + ".log"),
                "-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri(),
                "-cp", classpath, mainClass, "--configDir", dir.resolve("conf").toString()));
        cmd.addAll(params.subList(split + 1, params.size()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".out").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        synchronized (processes) {
            processes.add(pb.start());
        }
    }

    private void awaitSlots(int slots, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            synchronized (processes) {
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("a cluster JVM exited with " + p.exitValue() + " while starting");
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
                out.println("===== " + f.getFileName() + " (last " + Math.min(lines, all.size()) + " of "
                        + all.size() + " lines) =====");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(out::println);
            }
        } catch (IOException | UncheckedIOException e) {
            out.println("cannot read the cluster's logs in " + dir + ": " + e);
        }
    }

    /** Kills both JVMs (SIGTERM, then SIGKILL after 10 s) and deletes the cluster's directory. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
        deleteRecursively(dir);
    }

    private void kill() {
        synchronized (processes) {
            processes.forEach(Process::destroy);
            for (Process p : processes) {
                try {
                    if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
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
