package dev.streamcast.jobs.dashboard;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The dashboard's benchmark (docs/benchmarks.md, "Dashboard"), in the dashboard's package to reach its store.
 *
 * <p>Phase 1, ingest: {@code rate} forecasts/s (default 50,000) into the store for {@code seconds} (default 30),
 * round-robin over 10,000 keys, each a parsed forecast record (DashboardJson.readForecast, as the Kafka reader does),
 * while 10 SSE clients (real HTTP connections to the JDK server) each watch 10 keys. Reports the process CPU per
 * 1,000 forecasts and the lag from a forecast's append to its arrival at a client, p50/p99/max.
 *
 * <p>Phase 2, memory: fills {@code memKeys} keys (default 1,000) × 2,000 points, with and without bands, and reports
 * the heap per point after a full GC.
 *
 * <p>With {@code pathSteps} &gt; 0 every record with bands also carries a path of that many steps, each with two
 * band levels, as the forecast job writes with {@code --horizon pathSteps} (the store keeps each key's newest).
 *
 * <p>{@code java -cp ... dev.streamcast.jobs.dashboard.DashboardBench [rate] [seconds] [memKeys] [pathSteps]}
 */
public final class DashboardBench {
    static final int KEYS = 10_000;
    static final int CLIENTS = 10;
    static final int KEYS_PER_CLIENT = 10;
    /** Path steps per record with bands (0: no path). */
    static int pathSteps;

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int memKeys = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        pathSteps = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        memory(memKeys, false);
        memory(memKeys, true);
        ingest(rate, seconds);
        System.exit(0);
    }

    static String key(int k) {
        return String.format(Locale.ROOT, "sensor-%05d", k);
    }

    static byte[] record(int k, long i, boolean bands) {
        long ts = 1_700_000_000_000L + i * 60_000L;
        double actual = 100 + (i % 97) * 0.37 + k * 0.001;
        StringBuilder b = new StringBuilder(256);
        b.append("{\"key\":\"")
                .append(key(k))
                .append("\",\"ts\":")
                .append(ts)
                .append(",\"target_ts\":")
                .append(ts + 60_000)
                .append(",\"actual\":")
                .append(actual)
                .append(",\"forecast\":")
                .append(actual + 0.25)
                .append(",\"model_version\":3,\"warm\":true,\"prev_error\":-0.12,\"seq\":")
                .append(i + 1);
        if (bands) {
            b.append(",\"intervals\":[{\"level\":0.8,\"lower\":")
                    .append(actual - 1)
                    .append(",\"upper\":")
                    .append(actual + 1)
                    .append("},{\"level\":0.95,\"lower\":")
                    .append(actual - 2)
                    .append(",\"upper\":")
                    .append(actual + 2)
                    .append("}]");
            if (pathSteps > 0) {
                b.append(",\"path\":[");
                for (int h = 1; h <= pathSteps; h++) {
                    double v = actual + 0.25 + 0.1 * h;
                    b.append(h > 1 ? "," : "").append("{\"h\":").append(h);
                    b.append(",\"target_ts\":")
                            .append(ts + h * 60_000L)
                            .append(",\"value\":")
                            .append(v);
                    b.append(",\"intervals\":[{\"level\":0.8,\"lower\":")
                            .append(v - h)
                            .append(",\"upper\":");
                    b.append(v + h).append("},{\"level\":0.95,\"lower\":").append(v - 2 * h);
                    b.append(",\"upper\":").append(v + 2 * h).append("}]}");
                }
                b.append(']');
            }
        }
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static void ingest(int rate, int seconds) throws Exception {
        SeriesStore store = new SeriesStore(2000, KEYS);
        DashboardServer server = new DashboardServer(store, "127.0.0.1", 0, () -> "running");
        int total = rate * seconds;
        long[] appendedAt = new long[total + 2];
        long[][] lags = new long[CLIENTS][];
        int[] counts = new int[CLIENTS];
        CountDownLatch connected = new CountDownLatch(CLIENTS);
        List<Thread> readers = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            StringBuilder keys = new StringBuilder();
            for (int j = 0; j < KEYS_PER_CLIENT; j++) {
                keys.append(j > 0 ? "," : "").append(key(c * 997 % KEYS + j * 101));
            }
            Socket s = new Socket("127.0.0.1", server.port());
            sockets.add(s);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/events?keys=" + keys + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int client = c;
            lags[c] = new long[total / KEYS * KEYS_PER_CLIENT + 1000];
            Thread t = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    boolean hello = false;
                    while ((line = in.readLine()) != null) {
                        if (!hello && line.startsWith("event: hello")) {
                            hello = true;
                            connected.countDown();
                        } else if (line.startsWith("id: ")) {
                            long id = Long.parseLong(line.substring(line.lastIndexOf('-') + 1));
                            long lag = System.nanoTime() - appendedAt[(int) id];
                            if (counts[client] < lags[client].length) {
                                lags[client][counts[client]++] = lag;
                            }
                        }
                    }
                } catch (Exception e) {
                    // closed at the end
                }
            });
            t.setDaemon(true);
            t.start();
            readers.add(t);
        }
        connected.await();
        Point p = new Point();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // every record is made before the clock starts, so that making them is not measured
        byte[][] records = new byte[total][];
        long[] perKey = new long[KEYS];
        for (int i = 0; i < total; i++) {
            int k = i % KEYS;
            records[i] = record(k, perKey[k]++, true);
        }
        System.gc();
        int batch = Math.max(1, rate / 1000); // every millisecond
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int n = 0;
        while (n < total) {
            long due = t0 + (long) n * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // sleeps: pacing costs no CPU
            }
            for (int i = 0; i < batch && n < total; i++, n++) {
                if (DashboardJson.readForecast(records[n], p) != null) {
                    throw new IllegalStateException("unreadable");
                }
                appendedAt[(int) store.lastId() + 1] = System.nanoTime();
                store.add(p);
                records[n] = null;
            }
        }
        long wall = System.nanoTime() - t0;
        Thread.sleep(2000);
        long cpu = os.getProcessCpuTime() - cpu0;
        for (Socket s : sockets) {
            s.close();
        }
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < CLIENTS; c++) {
            System.arraycopy(lags[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        System.out.printf(
                Locale.ROOT,
                "ingest: %d forecasts (path steps %d) in %.1f s (%.0f/s) into %d keys, %d SSE clients x %d keys%n",
                total,
                pathSteps,
                wall / 1e9,
                total / (wall / 1e9),
                store.keys(),
                CLIENTS,
                KEYS_PER_CLIENT);
        System.out.printf(
                Locale.ROOT,
                "process CPU (parse + store + fan-out + HTTP + GC): %.1f s, %.3f ms per" + " 1,000 forecasts%n",
                cpu / 1e9,
                cpu / 1e6 / (total / 1000.0));
        System.out.printf(
                Locale.ROOT,
                "events received: %d (expected %d); append -> client lag p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                        + " clients cut off: %d%n",
                all.length,
                (long) total / KEYS * KEYS_PER_CLIENT * CLIENTS,
                pct(all, 0.5),
                pct(all, 0.99),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6,
                server.hub().cutOff.get());
        server.close();
    }

    static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void memory(int keys, boolean bands) throws Exception {
        long before = usedAfterGc();
        SeriesStore store = new SeriesStore(2000, keys);
        Point p = new Point();
        for (int i = 0; i < 2000; i++) {
            for (int k = 0; k < keys; k++) {
                DashboardJson.readForecast(record(k, i, bands), p);
                store.add(p);
            }
        }
        long after = usedAfterGc();
        double perPoint = (after - before) / (double) keys / 2000;
        System.out.printf(
                Locale.ROOT,
                "memory%s: %d keys x 2,000 points: %.1f MB heap, %.1f bytes per point; 10,000 keys x 2,000: %.2f GB%n",
                bands ? " (2 band levels, path steps " + pathSteps + ")" : " (no bands)",
                keys,
                (after - before) / 1e6,
                perPoint,
                perPoint * 10_000 * 2000 / 1e9);
        if (store.keys() != keys) {
            throw new IllegalStateException();
        }
    }
}
