package dev.streamcast.jobs.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this process with its web UI (flink-runtime-web) on localhost, running one job. Everything
 * Flink writes to disk goes under the given directory; {@link #close()} cancels the job and stops the cluster.
 */
final class LocalFlink implements AutoCloseable {
    private final MiniCluster cluster;
    private final String uiUrl;
    private JobID job;
    private long failures;
    private long lastFailureAt;
    private String lastFailure;

    private LocalFlink(MiniCluster cluster, String uiUrl) {
        this.cluster = cluster;
        this.uiUrl = uiUrl;
    }

    /** Refuses a taken port in one line before Flink tries it (its own error is a long stack trace). */
    static void checkPortFree(int port) {
        checkPortFree(port, "--ui-port");
    }

    /** Fails with one line naming {@code option} when {@code port} is taken on the loopback address. */
    static void checkPortFree(int port, String option) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "port " + port + " is already in use (choose another with " + option + ")");
        }
    }

    static LocalFlink start(int uiPort, Path dir, int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "localhost");
        conf.set(RestOptions.ADDRESS, "localhost");
        conf.set(RestOptions.BIND_PORT, String.valueOf(uiPort));
        conf.set(CoreOptions.TMP_DIRS, dir.resolve("io").toString());
        conf.set(WebOptions.TMP_DIR, dir.resolve("web").toString());
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(32));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(32));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        try {
            cluster.start();
            String url = cluster.getRestAddress().get(30, TimeUnit.SECONDS).toString();
            return new LocalFlink(cluster, url);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    String uiUrl() {
        return uiUrl;
    }

    /** Builds a job with {@code pipeline} on a fresh environment and submits it; returns once it is accepted. */
    JobID submit(String name, int parallelism, Consumer<StreamExecutionEnvironment> pipeline) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        pipeline.accept(env);
        var graph = env.getStreamGraph();
        graph.setJobName(name);
        job = cluster.submitJob(graph.getJobGraph()).get(60, TimeUnit.SECONDS).getJobID();
        return job;
    }

    /** The job's status, or null before one was submitted. */
    JobStatus status() throws Exception {
        return job == null ? null : cluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
    }

    /**
     * Times the job has failed so far; each failure restarts it from its last checkpoint (Flink's restart strategy).
     * Counts each new latest failure the job reports, so call it at least as often as the job could fail again
     * (about once a second; the first restart waits one).
     */
    synchronized long failures() throws Exception {
        if (job == null) {
            return 0;
        }
        ErrorInfo e = cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getFailureInfo();
        if (e != null && e.getTimestamp() != lastFailureAt) {
            lastFailureAt = e.getTimestamp();
            failures++;
            String text = e.getExceptionAsString();
            int eol = text.indexOf('\n');
            lastFailure = (eol < 0 ? text : text.substring(0, eol)).strip();
        }
        return failures;
    }

    /** The first line of the latest failure {@link #failures()} saw, or null. */
    synchronized String lastFailure() {
        return lastFailure;
    }

    /** Why the job failed (its root exception), or null. */
    Throwable failure() {
        try {
            return cluster.requestJobResult(job)
                    .get(1, TimeUnit.SECONDS)
                    .getSerializedThrowable()
                    .map(t -> (Throwable) t)
                    .orElse(null);
        } catch (Exception e) {
            return e;
        }
    }

    /** Cancels the job (if running) and stops the cluster, waiting for both. */
    @Override
    public void close() throws Exception {
        try {
            if (job != null && status() != null && !status().isGloballyTerminalState()) {
                cluster.cancelJob(job).get(30, TimeUnit.SECONDS);
                cluster.requestJobResult(job).get(30, TimeUnit.SECONDS);
            }
        } finally {
            cluster.close();
        }
    }
}
