package dev.streamcast.jobs.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Server-Sent Events of {@code /api/events?keys=}: every accepted point of a watched key as an {@code event:
 * point} with the id {@code <epoch>-<store id>}, and once a second an {@code event: stats} (no id) with the header's
 * totals. Each client has a bounded queue filled by the store's writing thread, which never waits: a client whose
 * queue is full (it stopped reading) is cut off, and its browser reconnects with Last-Event-ID and catches up, or is
 * told to resync. The epoch changes with every server start, so an id from an earlier server means "resync".
 */
final class EventHub implements SeriesStore.Listener {
    /** Keys one client may watch. */
    static final int MAX_KEYS_PER_CLIENT = 100;

    private final SeriesStore store;
    private final int queueCapacity;
    private final int maxClients;
    final String epoch = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    final AtomicLong cutOff = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    private volatile String statsJson = "{}";

    EventHub(SeriesStore store, int queueCapacity, int maxClients) {
        this.store = store;
        this.queueCapacity = queueCapacity;
        this.maxClients = maxClients;
    }

    /** One queued event: its store id (0 for stats and control events) and its text. */
    record Event(long id, String text) {}

    static final class Client {
        final Set<String> keys;
        final ArrayBlockingQueue<Event> queue;
        final HttpExchange exchange;
        volatile boolean dead;
        /** Point events up to this id were sent by the catch-up; queued copies are skipped. */
        volatile long sentUpTo;

        Client(Set<String> keys, int capacity, HttpExchange exchange) {
            this.keys = keys;
            this.queue = new ArrayBlockingQueue<>(capacity);
            this.exchange = exchange;
        }
    }

    int clients() {
        return clients.size();
    }

    /** On the store's writing thread: queues the point for every client watching its key; never blocks. */
    @Override
    public void appended(KeySeries series, Point p) {
        Event e = null;
        for (Client c : clients) {
            if (!c.dead && c.keys.contains(p.key)) {
                if (e == null) {
                    e = new Event(p.id, pointEvent(p));
                }
                offer(c, e);
            }
        }
    }

    private void offer(Client c, Event e) {
        if (!c.queue.offer(e)) {
            cutOff(c);
        }
    }

    /**
     * Cuts off a client that does not keep up, without waiting for anything: it gets no more events, and its thread
     * ends at its next write. (Closing its exchange here could block this thread behind the client's blocked write;
     * a write that never returns is ended by the server's response time limit, see DashboardServer.)
     */
    private void cutOff(Client c) {
        if (!c.dead) {
            c.dead = true;
            clients.remove(c);
            c.queue.clear();
            cutOff.incrementAndGet();
        }
    }

    String pointEvent(Point p) {
        StringBuilder b = new StringBuilder(256);
        b.append("id: ").append(epoch).append('-').append(p.id).append("\nevent: point\ndata: ");
        return DashboardJson.point(b, p, true).append("\n\n").toString();
    }

    /** Queues the header totals for every client (the server's 1-second timer). */
    void stats(String json) {
        statsJson = json;
        Event e = new Event(0, "event: stats\ndata: " + json + "\n\n");
        for (Client c : clients) {
            if (!c.dead) {
                offer(c, e);
            }
        }
    }

    /**
     * Serves one event stream until the client goes away or is cut off. {@code lastEventId} is the
     * Last-Event-ID header (or the {@code since} parameter): the catch-up sends the watched keys' points after it, or
     * a resync when they are no longer all held or the id comes from another server start.
     */
    void serve(HttpExchange x, Set<String> keys, String lastEventId) throws IOException {
        if (clients.size() >= maxClients) {
            refused.incrementAndGet();
            byte[] body = "too many event streams\n".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(503, body.length);
            x.getResponseBody().write(body);
            x.close();
            return;
        }
        x.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(200, 0);
        Client c = new Client(keys, queueCapacity, x);
        clients.add(c); // from here on, live points are queued; the catch-up below covers the ones before
        try (OutputStream out = x.getResponseBody()) {
            write(out, "retry: 1000\n\n");
            write(out, "event: hello\ndata: {\"epoch\":\"" + epoch + "\",\"last_id\":" + store.lastId() + "}\n\n");
            catchUp(c, out, lastEventId);
            write(out, "event: stats\ndata: " + statsJson + "\n\n");
            while (!c.dead) {
                Event e = c.queue.poll(1, TimeUnit.SECONDS);
                if (e == null) {
                    write(out, ": keep-alive\n\n");
                } else if (!c.dead && (e.id() == 0 || e.id() > c.sentUpTo)) {
                    write(out, e.text());
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or was cut off (its exchange closed under the write)
        } finally {
            clients.remove(c);
            x.close();
        }
    }

    private void catchUp(Client c, OutputStream out, String lastEventId) throws IOException {
        long since = 0;
        if (lastEventId != null && !lastEventId.isEmpty()) {
            int dash = lastEventId.lastIndexOf('-');
            String ep = dash < 0 ? epoch : lastEventId.substring(0, dash);
            try {
                since = Long.parseLong(lastEventId.substring(dash + 1));
            } catch (NumberFormatException e) {
                since = -1;
            }
            if (!ep.equals(epoch) || since < 0) {
                write(out, "event: resync\ndata: {\"reason\":\"server restarted\"}\n\n");
                c.sentUpTo = store.lastId();
                return;
            }
        } else {
            c.sentUpTo = 0;
            return; // a fresh stream: the page loaded each series first and passes since= for the rest
        }
        long upTo = store.lastId();
        List<Point> points = new ArrayList<>();
        for (String key : c.keys) {
            KeySeries s = store.get(key);
            if (s == null) {
                continue;
            }
            Point[] after = s.since(since);
            if (s.size() >= store.history() && s.oldestId() > since + 1 && after.length == s.size()) {
                // the key dropped points the client never saw: its series must be loaded again
                StringBuilder b = new StringBuilder("event: resync\ndata: {\"key\":");
                write(out, DashboardJson.string(b, key).append("}\n\n").toString());
                continue;
            }
            for (Point p : after) {
                if (p.id <= upTo) { // later ones were queued live (the client was registered before upTo was read)
                    points.add(p);
                }
            }
        }
        points.sort(Comparator.comparingLong(p -> p.id));
        for (Point p : points) {
            write(out, pointEvent(p));
        }
        c.sentUpTo = upTo;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
