package dev.streamcast.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The parts of Flink's REST API a deployment uses, as documented for Flink 2.2: upload a jar, run it (optionally from
 * a savepoint), read a job's state, stop it with a savepoint. Errors carry the HTTP status and Flink's answer.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(String base) {
        this.base = base;
    }

    /** {@code GET /overview}: taskmanagers, slots-total, slots-available, jobs-running, ... */
    public JsonNode overview() {
        return get("/overview");
    }

    /** {@code POST /jars/upload}; returns the jar id that {@link #run} takes. */
    public String uploadJar(Path jar) {
        String boundary = "----streamcast" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                            + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + jar, e);
        }
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .timeout(Duration.ofSeconds(60))
                .build();
        String filename = send(req).path("filename").asText();
        return filename.substring(filename.lastIndexOf('/') + 1);
    }

    /**
     * {@code POST /jars/<id>/run}: runs the jar's {@code entryClass.main(args)} inside the JobManager; returns the
     * job id. {@code savepointPath} null starts without state.
     */
    public String run(String jarId, String entryClass, List<String> args, String savepointPath) {
        ObjectNode body = JSON.createObjectNode().put("entryClass", entryClass);
        body.putArray("programArgsList")
                .addAll(args.stream().map(JSON.getNodeFactory()::textNode).toList());
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath).put("allowNonRestoredState", false);
        }
        return post("/jars/" + jarId + "/run", body, Duration.ofSeconds(120))
                .path("jobid")
                .asText();
    }

    /** {@code GET /jobs/<id>}: its state and vertices. */
    public JsonNode job(String jobId) {
        return get("/jobs/" + jobId);
    }

    /** {@code GET /jobs/<id>/exceptions}: the root exception and history, for failure messages. */
    public JsonNode exceptions(String jobId) {
        return get("/jobs/" + jobId + "/exceptions");
    }

    /**
     * {@code GET /jobs/<id>/checkpoints}: counts, and per completed checkpoint its full state size
     * ({@code state_size}), the bytes it wrote ({@code checkpointed_size}: less with incremental checkpoints) and its
     * {@code end_to_end_duration} in ms ({@code latest.completed}, {@code history}, {@code summary}).
     */
    public JsonNode checkpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** {@code PATCH /jobs/<id>?mode=cancel}: cancels the job (returns at once; poll {@link #job} for CANCELED). */
    public void cancel(String jobId) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30))
                    .build();
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        "cancel of " + jobId + " answered " + res.statusCode() + ": " + res.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cancel of " + jobId + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during cancel of " + jobId, e);
        }
    }

    /** {@code POST /jobs/<id>/stop} (no drain), then polls the trigger; returns the savepoint's location. */
    public String stopWithSavepoint(String jobId, Path targetDirectory, Duration timeout) throws InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("targetDirectory", targetDirectory.toUri().toString())
                .put("drain", false);
        String trigger = post("/jobs/" + jobId + "/stop", body, Duration.ofSeconds(30))
                .path("request-id")
                .asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(s.path("status").path("id").asText())) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) {
                    throw new IllegalStateException("stop-with-savepoint of " + jobId + " failed: " + op);
                }
                return op.path("location").asText();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("stop-with-savepoint of " + jobId + " not done within " + timeout);
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    private JsonNode post(String path, JsonNode body, Duration timeout) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .timeout(timeout)
                .build());
    }

    private JsonNode send(HttpRequest req) {
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        req.method() + " " + req.uri() + " answered " + res.statusCode() + ": " + res.body());
            }
            return JSON.readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + req.method() + " " + req.uri(), e);
        }
    }
}
