package dev.streamcast.jobs.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The dashboard's HTTP server: the JDK's own {@code com.sun.net.httpserver} (no dependency; SSE is a chunked response
 * written and flushed per event; docs/dashboard.md says why not Javalin). It serves the page and uPlot from the jar,
 * {@code /api/keys}, {@code /api/series/{key}?since=}, {@code /api/events?keys=} and {@code /healthz}.
 */
public final class DashboardServer implements AutoCloseable {
    static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/";
    /** What may be asked of /static/: the page's own files and uPlot's. */
    static final Map<String, String> ASSETS = Map.of(
            "app.js", "/dashboard/app.js",
            "app.css", "/dashboard/app.css",
            "uPlot.iife.min.js", UPLOT + "dist/uPlot.iife.min.js",
            "uPlot.min.css", UPLOT + "dist/uPlot.min.css",
            "uPlot.LICENSE", UPLOT + "LICENSE");

    /**
     * Longest an event stream lasts, in seconds; the browser then reconnects and resumes by Last-Event-ID, without a
     * gap. It is the JDK server's response time limit, the one thing that ends a write blocked by a client that
     * stopped reading (its thread is freed at the latest after this long). Read once per JVM, when the first
     * HttpServer starts; a value given on the command line (-Dsun.net.httpserver.maxRspTime=) is kept.
     */
    static final String MAX_STREAM_SECONDS = "300";

    static {
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", MAX_STREAM_SECONDS);
        }
    }

    private final SeriesStore store;
    private final EventHub hub;
    private final HttpServer http;
    private final ExecutorService threads;
    private final ScheduledExecutorService timer;
    private final Supplier<String> readerState;
    private volatile double forecastsPerSecond;
    private volatile double deadLettersPerSecond;
    private volatile ObservationRate observations;

    /**
     * Starts serving on {@code bind:port} (port 0: any free port).
     *
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    public DashboardServer(SeriesStore store, String bind, int port, Supplier<String> readerState) throws IOException {
        this.store = store;
        this.readerState = readerState;
        this.hub = new EventHub(store, 4096, 256);
        store.listener(hub);
        http = HttpServer.create(new InetSocketAddress(bind, port), 64);
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dashboard-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(threads);
        http.createContext("/", this::handle);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-stats");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    EventHub hub() {
        return hub;
    }

    /** Where the header's observations per second come from (none: shown as unknown). */
    void observations(ObservationRate rate) {
        this.observations = rate;
    }

    private long lastForecasts = -1;
    private long lastDeadLetters;

    private void tick() {
        try {
            SeriesStore.Totals t = store.totals();
            if (lastForecasts >= 0) {
                forecastsPerSecond = t.forecasts() - lastForecasts;
                deadLettersPerSecond = t.deadLetters() - lastDeadLetters;
            }
            lastForecasts = t.forecasts();
            lastDeadLetters = t.deadLetters();
            hub.stats(totalsJson(new StringBuilder(512), t).toString());
        } catch (RuntimeException e) {
            // the next tick tries again; a timer task that throws would be cancelled for good
        }
    }

    StringBuilder totalsJson(StringBuilder b, SeriesStore.Totals t) {
        ObservationRate obs = observations;
        b.append("{\"observations\":").append(obs == null ? 0 : obs.total());
        DashboardJson.number(b.append(",\"observations_per_second\":"), obs == null ? Double.NaN : obs.perSecond());
        b.append(",\"forecasts\":").append(t.forecasts());
        b.append(",\"forecasts_per_second\":").append(forecastsPerSecond);
        b.append(",\"dead_letters\":").append(t.deadLetters());
        b.append(",\"dead_letters_per_second\":").append(deadLettersPerSecond);
        DashboardJson.counts(b.append(",\"dead_letters_by_reason\":"), t.deadLettersByReason());
        b.append(",\"unreadable\":").append(t.unreadable());
        b.append(",\"duplicates\":").append(t.duplicates());
        b.append(",\"keys\":").append(t.keys());
        b.append(",\"dropped_keys\":").append(t.droppedKeys());
        b.append(",\"model_version\":").append(t.modelVersion());
        b.append(",\"model_seen_at\":").append(t.modelSeenAt());
        b.append(",\"published_version\":").append(t.publishedVersion());
        b.append(",\"published_at\":").append(t.publishedAt());
        b.append(",\"history\":").append(store.history());
        b.append(",\"clients\":").append(hub.clients());
        b.append(",\"clients_cut_off\":").append(hub.cutOff.get());
        DashboardJson.string(b.append(",\"reader\":"), readerState.get());
        b.append(",\"epoch\":\"").append(hub.epoch).append('"');
        return b.append(",\"last_id\":").append(t.lastId()).append('}');
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                send(x, 405, "text/plain", "GET only\n");
                return;
            }
            String path = x.getRequestURI().getPath();
            Map<String, List<String>> q = query(x.getRequestURI().getRawQuery());
            if (path.equals("/") || path.equals("/index.html")) {
                resource(x, "/dashboard/index.html", "text/html; charset=utf-8");
            } else if (path.startsWith("/static/") && ASSETS.containsKey(path.substring(8))) {
                String name = path.substring(8);
                resource(x, ASSETS.get(name), type(name));
            } else if (path.equals("/api/keys")) {
                keys(x);
            } else if (path.startsWith("/api/series/") && path.length() > 12) {
                series(x, path.substring(12), first(q, "since"));
            } else if (path.equals("/api/events")) {
                events(x, q);
            } else if (path.equals("/healthz")) {
                String state = readerState.get();
                boolean ok = state.equals("running");
                send(
                        x,
                        ok ? 200 : 503,
                        "application/json",
                        DashboardJson.string(
                                        new StringBuilder(
                                                "{\"status\":\"" + (ok ? "ok" : "failing") + "\",\"reader\":"),
                                        state)
                                .append("}\n")
                                .toString());
            } else {
                send(x, 404, "text/plain", "not found\n");
            }
        } catch (RuntimeException e) {
            send(x, 500, "text/plain", "internal error\n");
        } finally {
            x.close();
        }
    }

    private void keys(HttpExchange x) throws IOException {
        int k = 26;
        List<KeySeries> all = store.all();
        StringBuilder b = new StringBuilder(128 + all.size() * 256);
        totalsJson(b.append("{\"totals\":"), store.totals())
                .append(",\"window\":")
                .append(k)
                .append(",\"keys\":[");
        boolean first = true;
        for (KeySeries s : all) {
            b.append(first ? "" : ",");
            DashboardJson.summary(b, s.summary(k));
            first = false;
        }
        send(x, 200, "application/json", b.append("]}").toString());
    }

    private void series(HttpExchange x, String key, String sinceText) throws IOException {
        long since = 0;
        if (sinceText != null) {
            try {
                since = Math.max(0, Long.parseLong(sinceText));
            } catch (NumberFormatException e) {
                send(x, 400, "text/plain", "since must be an event id (an integer)\n");
                return;
            }
        }
        long lastId = store.lastId(); // read before the points: the page streams from here on without a gap
        KeySeries s = store.get(key);
        if (s == null) {
            send(x, 404, "application/json", "{\"error\":\"no such key\"}");
            return;
        }
        Point[] points = s.since(since);
        StringBuilder b = new StringBuilder(256 + points.length * 160);
        DashboardJson.string(b.append("{\"key\":"), key);
        b.append(",\"epoch\":\"").append(hub.epoch).append("\",\"last_id\":").append(lastId);
        b.append(",\"history\":").append(store.history());
        DashboardJson.summary(b.append(",\"summary\":"), s.summary(26)).append(",\"points\":[");
        for (int i = 0; i < points.length; i++) {
            DashboardJson.point(b.append(i > 0 ? "," : ""), points[i], false);
        }
        send(x, 200, "application/json", b.append("]}").toString());
    }

    private void events(HttpExchange x, Map<String, List<String>> q) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (String list : q.getOrDefault("keys", List.of())) {
            for (String k : list.split(",", -1)) {
                String key = URLDecoder.decode(k, StandardCharsets.UTF_8);
                if (!key.isEmpty()) {
                    keys.add(key);
                }
            }
        }
        if (keys.size() > EventHub.MAX_KEYS_PER_CLIENT) {
            send(x, 400, "text/plain", "at most " + EventHub.MAX_KEYS_PER_CLIENT + " keys per event stream\n");
            return;
        }
        String last = x.getRequestHeaders().getFirst("Last-Event-ID");
        if (last == null) {
            String since = first(q, "since");
            last = since == null ? null : URLDecoder.decode(since, StandardCharsets.UTF_8);
        }
        hub.serve(x, keys, last);
    }

    /** Raw (still percent-encoded) values per name: keys may hold ',' '&' '=' once decoded. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            m.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return m;
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String type(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return name.endsWith(".css") ? "text/css; charset=utf-8" : "text/plain; charset=utf-8";
    }

    private static void resource(HttpExchange x, String path, String type) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream(path)) {
            if (in == null) {
                send(x, 404, "text/plain", "not found\n");
                return;
            }
            x.getResponseHeaders().set("Content-Type", type);
            x.getResponseHeaders().set("Cache-Control", "no-cache");
            byte[] body = in.readAllBytes();
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
        }
    }

    static void send(HttpExchange x, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type.contains("charset") ? type : type + "; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.stop(0);
        threads.shutdownNow();
    }
}
