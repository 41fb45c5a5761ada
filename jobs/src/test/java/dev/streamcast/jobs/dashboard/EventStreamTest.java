package dev.streamcast.jobs.dashboard;

import static dev.streamcast.jobs.dashboard.SeriesStoreTest.point;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The event stream over real HTTP (the JDK's server), fed straight into the store (no Kafka needed here). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventStreamTest {
    private SeriesStore store;
    private DashboardServer server;

    @BeforeEach
    void start() throws Exception {
        store = new SeriesStore(1000, 100);
        server = new DashboardServer(store, "127.0.0.1", 0, () -> "running");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A minimal event-stream client: reads events (id, event, data) off a raw socket. */
    static final class Sse implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;

        Sse(int port, String query, String lastEventId) throws Exception {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/events?" + query + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                            + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
                            + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while (!(line = in.readLine()).isEmpty()) {
                // status line and headers
            }
        }

        /** The next event of {@code type} as {id, data}, skipping others (and chunk-size lines). */
        String[] next(String type) throws Exception {
            String id = null, event = null, data = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                } else if (line.isEmpty() && event != null) {
                    if (event.equals(type)) {
                        return new String[] {id, data};
                    }
                    id = event = data = null;
                }
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    static long ts(String data) {
        Matcher m = Pattern.compile("\"ts\":(\\d+)").matcher(data);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void aReconnectWithLastEventIdResumesWithNoGapAndNoDuplicate() throws Exception {
        String lastId;
        List<Long> seen = new ArrayList<>();
        try (Sse sse = new Sse(server.port(), "keys=a,b", null)) {
            sse.next("hello");
            for (int i = 1; i <= 5; i++) {
                store.add(point("a", i * 1000L, i));
                store.add(point("c", i * 1000L, i)); // not watched
            }
            String[] e = null;
            for (int i = 0; i < 5; i++) {
                e = sse.next("point");
                seen.add(ts(e[1]));
                assertThat(e[1]).contains("\"key\":\"a\"");
            }
            lastId = e[0];
        }
        // the connection drops; meanwhile forecasts keep coming, for a, b and c
        for (int i = 6; i <= 8; i++) {
            store.add(point("a", i * 1000L, i));
            store.add(point("b", i * 1000L, i));
            store.add(point("c", i * 1000L, i));
        }
        try (Sse sse = new Sse(server.port(), "keys=a,b", lastId)) {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String[] e = sse.next("point");
                got.add(e[1].replaceAll(".*\"key\":\"(.)\".*\"ts\":(\\d+)000,.*", "$1$2"));
            }
            store.add(point("a", 9000, 9)); // and live again after the catch-up
            String[] e = sse.next("point");
            got.add(e[1].replaceAll(".*\"key\":\"(.)\".*\"ts\":(\\d+)000,.*", "$1$2"));
            assertThat(got).containsExactly("a6", "b6", "a7", "b7", "a8", "b8", "a9");
        }
        assertThat(seen).containsExactly(1000L, 2000L, 3000L, 4000L, 5000L);
    }

    @Test
    void anIdFromAnEarlierServerStartAsksForAResync() throws Exception {
        store.add(point("a", 1000, 1));
        try (Sse sse = new Sse(server.port(), "keys=a", "0123abc-1")) {
            assertThat(sse.next("resync")[1]).contains("server restarted");
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAndTheOthersAreUnaffected() throws Exception {
        // a client that never reads: its socket buffers fill, then its queue, and it is cut off
        Socket stalled = new Socket("127.0.0.1", server.port());
        stalled.setReceiveBufferSize(4096);
        stalled.getOutputStream()
                .write("GET /api/events?keys=a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try (Sse reader = new Sse(server.port(), "keys=a", null)) {
            reader.next("hello");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int n = 0;
            long started = System.nanoTime();
            while (server.hub().cutOff.get() == 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < 1000; i++) {
                    n++;
                    store.add(point("a", n * 1000L, n)); // never waits for a client
                }
                // the live client keeps up
                String[] e;
                do {
                    e = reader.next("point");
                } while (ts(e[1]) != n * 1000L);
            }
            assertThat(server.hub().cutOff.get()).isEqualTo(1);
            assertThat(n).isGreaterThan(4096);
            store.add(point("a", (n + 1) * 1000L, n + 1));
            assertThat(ts(reader.next("point")[1])).isEqualTo((n + 1) * 1000L);
            assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(20));
            assertThat(server.hub().clients()).isEqualTo(1);
        } finally {
            stalled.close();
        }
    }

    @Test
    void theApiServesKeysSeriesAndHealth() throws Exception {
        store.add(point("a/b c", 1000, 1));
        store.add(point("a/b c", 2000, 2));
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> keys = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/keys")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.body()).contains("\"key\":\"a/b c\"", "\"points\":2");
        HttpResponse<String> series = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/series/a%2Fb%20c?since=1"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(series.statusCode()).isEqualTo(200);
        assertThat(series.body()).contains("\"ts\":2000").doesNotContain("\"ts\":1000");
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/api/series/nope"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/healthz"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("\"status\":\"ok\"");
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/static/uPlot.iife.min.js"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/static/../../etc/passwd"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(404);
    }
}
