package dev.streamcast.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;

/** Follows one job through the REST API: waits for it to run or end, and fails fast (with Flink's cause) if it fails. */
public final class JobWatch {
    private static final Set<String> BROKEN = Set.of("FAILING", "FAILED", "RESTARTING", "CANCELLING", "CANCELED");

    private final FlinkRest rest;
    private final String jobId;

    public JobWatch(FlinkRest rest, String jobId) {
        this.rest = rest;
        this.jobId = jobId;
    }

    /** Waits until the job and every one of its vertices are RUNNING. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = assertAlive();
            boolean all = "RUNNING".equals(job.path("state").asText())
                    && job.path("vertices").size() > 0;
            for (JsonNode v : job.path("vertices")) {
                all &= "RUNNING".equals(v.path("status").asText());
            }
            if (all) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " not running within " + timeout + ": " + rest.job(jobId));
    }

    /** Waits for a globally terminal state and checks it is {@code expected}. */
    public void awaitTerminal(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = rest.job(jobId).path("state").asText();
            if (Set.of("FINISHED", "FAILED", "CANCELED").contains(state)) {
                break;
            }
            Thread.sleep(250);
        }
        if (!expected.equals(state)) {
            throw new AssertionError("job " + jobId + " ended " + state + ", expected " + expected + "; exceptions: "
                    + rest.exceptions(jobId));
        }
    }

    /** The job's details; throws with its exceptions if it is failing, restarting or cancelled. */
    public JsonNode assertAlive() {
        JsonNode job = rest.job(jobId);
        String state = job.path("state").asText();
        if (BROKEN.contains(state)) {
            throw new AssertionError("job " + jobId + " is " + state + "; exceptions: " + rest.exceptions(jobId));
        }
        return job;
    }
}
