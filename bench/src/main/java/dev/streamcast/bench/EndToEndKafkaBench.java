package dev.streamcast.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.forecast.ForecastJob;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.io.ModelCodec;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end driver (not a test): a KRaft broker in its own JVM ({@link ChildKafka}; {@code -Dbroker=embedded}: in
 * this JVM, as before), the forecast job on a local Flink cluster in this JVM at parallelism 2 (LSTM H=64, hashmap
 * state, at-least-once, checkpoints to a temporary directory of its own unless {@code --checkpoint-dir} is given),
 * all topics with LogAppendTime timestamps. Arguments after the numbers ({@code --name value},
 * e.g. {@code --latency-mode}) go to the job as its options.
 * <ol>
 *   <li>Sustained rate: N observations over K keys are appended before the job starts; the job drains the backlog,
 *       and the rate is the forecasts appended per second between 10% and 90% of N. Over the same stretch: CPU
 *       time of the job's process (this JVM without the reading thread; no producing happens then), of the broker's
 *       process, and of this JVM as a whole, each as events per CPU-second.</li>
 *   <li>Latency: then observations are sent at a fixed rate (half the sustained rate unless given) for S seconds;
 *       latency = forecast's append time - observation's append time (both LogAppendTime, same broker clock).
 *       {@code -DlatencyTrace=FILE} writes both append times of every observation of the phase to FILE (CSV), to
 *       line the slow ones up with the job's checkpoints and GC pauses ({@code bench/latency-trace.py}).</li>
 * </ol>
 * The reader shares the job's JVM, so its garbage is collected in the job's pauses and on the job's CPU: it reads
 * keys and values as bytes and keeps the append times in arrays indexed by event (before 2026-12-02 it decoded
 * every forecast to a String, parsed its ts with {@code Instant.parse} and kept two maps of String ids, about 45% of
 * the JVM's allocation in a latency-mode run).
 * <pre>
 *   mvn -B -q -Pbench -pl bench -am package -DskipTests
 *   java -Xmx2g -cp bench/target/benchmarks.jar dev.streamcast.bench.EndToEndKafkaBench 10000 300000 30 [rate] \
 *       [--latency-mode ...]
 * </pre>
 */
public final class EndToEndKafkaBench {
    private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z

    /** The broker, in this JVM or in its own. */
    private interface Broker extends AutoCloseable {
        String bootstrapServers();

        /** CPU time of the broker's own process, or -1 when it shares this JVM. */
        long cpuNanos();
    }

    private static Broker broker() throws Exception {
        if ("embedded".equals(System.getProperty("broker", "child"))) {
            EmbeddedKafka k = EmbeddedKafka.start();
            System.out.println("broker: in this JVM (EmbeddedKafka)");
            return new Broker() {
                @Override
                public String bootstrapServers() {
                    return k.bootstrapServers();
                }

                @Override
                public long cpuNanos() {
                    return -1;
                }

                @Override
                public void close() throws Exception {
                    k.close();
                }
            };
        }
        ChildKafka k = ChildKafka.start(System.getProperty("brokerHeap", "1g"));
        System.out.println("broker: kafka.Kafka in its own JVM, pid " + k.pid());
        return new Broker() {
            @Override
            public String bootstrapServers() {
                return k.bootstrapServers();
            }

            @Override
            public long cpuNanos() {
                return k.cpuNanos();
            }

            @Override
            public void close() throws Exception {
                k.close();
            }
        };
    }

    public static void main(String[] args) throws Exception {
        List<String> numbers = new ArrayList<>();
        List<String> jobOptions = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") || !jobOptions.isEmpty()) {
                jobOptions.add(a);
            } else {
                numbers.add(a);
            }
        }
        int keys = Integer.parseInt(numbers.get(0));
        int backlog = Integer.parseInt(numbers.get(1));
        int seconds = Integer.parseInt(numbers.get(2));
        try (Broker kafka = broker();
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : List.of("observations", "forecasts", "observations-dlq")) {
                topics.add(new NewTopic(t, 2, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime")));
            }
            topics.add(new NewTopic("models", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            admin.createTopics(topics).all().get();
            Path modelFile = Files.createTempFile("e2e-model", ".bin");
            ModelConfig mc = ModelConfig.univariate(CellType.LSTM, 64, 1, Transform.NONE);
            Files.write(
                    modelFile,
                    ModelCodec.encode(new Model(
                            mc,
                            BenchModels.randomWeights(mc, 1, 0.1f),
                            1,
                            Provenance.untrained("EndToEndKafkaBench"))));

            var producer = new KafkaProducer<String, byte[]>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", "5", "batch.size", "262144"),
                    new StringSerializer(),
                    new ByteArraySerializer());
            long t = System.nanoTime();
            produce(producer, keys, 0, backlog, 0, null);
            producer.flush();
            System.out.printf(
                    "backlog: %,d observations over %,d keys appended in %.1f s%n",
                    backlog, keys, (System.nanoTime() - t) / 1e9);

            List<String> jobArgs = new ArrayList<>(List.of(
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--parallelism",
                    "2",
                    "--model",
                    modelFile.toString(),
                    "--allow-unsigned-models"));
            Path checkpoints = Files.createTempDirectory("e2e-checkpoints");
            if (!jobOptions.contains("--checkpoint-dir")) {
                // not the local default (streamcast-checkpoints in java.io.tmpdir), which tests and other runs share
                jobArgs.addAll(List.of("--checkpoint-dir", checkpoints.toUri().toString()));
            }
            jobArgs.addAll(jobOptions);
            ForecastConfig cfg = ForecastConfig.fromArgs(jobArgs.toArray(new String[0]));
            System.out.println("job options: " + String.join(" ", jobOptions)
                    + (cfg.latencyMode() ? " (latency mode)" : " (throughput defaults)"));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(2, ForecastJob.flinkConfiguration(cfg));
            ForecastJob.forKafka(cfg).build(env);
            JobClient job = env.executeAsync("e2e-bench");
            try (var forecasts = new KafkaConsumer<byte[], byte[]>(
                    Map.of(
                            "bootstrap.servers",
                            kafka.bootstrapServers(),
                            "group.id",
                            "bench",
                            "auto.offset.reset",
                            "earliest"),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                forecasts.subscribe(List.of("forecasts"));
                double[] d = drain(forecasts, backlog, kafka);
                double rate = d[0];
                System.out.printf(
                        "sustained: %,.0f forecasts/s (appended, 10%%..90%% of the backlog); this JVM "
                                + "(job and reader%s): %,.0f events per CPU-second, %.2f cores busy%n",
                        d[0], kafka.cpuNanos() < 0 ? ", broker" : "", d[1], d[2]);
                System.out.printf(
                        "  job's process (this JVM without the reading thread): %,.0f events per CPU-second, "
                                + "%.2f cores busy%n",
                        d[3], d[4]);
                System.out.println(allocation);
                if (d[5] > 0) {
                    System.out.printf(
                            "  broker's process: %,.0f events per CPU-second, %.2f cores busy; job + broker: "
                                    + "%,.0f events per CPU-second%n",
                            d[5], d[6], d[7]);
                }
                double target = numbers.size() > 3 ? Double.parseDouble(numbers.get(3)) : rate / 2;
                long[] lat = latency(producer, forecasts, keys, backlog, target, seconds);
                System.out.printf(
                        "latency at %,.0f obs/s for %d s: n=%,d p50=%d ms p99=%d ms max=%d ms%n",
                        target,
                        seconds,
                        lat.length,
                        lat[lat.length / 2],
                        lat[(int) (lat.length * 0.99)],
                        lat[lat.length - 1]);
            } finally {
                job.cancel().get();
                producer.close();
                try (var files = Files.walk(checkpoints)) {
                    files.sorted(java.util.Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    /**
     * Sends events {@code from} .. {@code from + n - 1} of one global sequence: event j is key j mod K at round
     * j div K (ts one second per round), so every (key, ts) is sent once. Records each append time if asked.
     */
    private static void produce(
            KafkaProducer<String, byte[]> p, int keys, long from, long n, long first, long[] appended) {
        for (long j = from; j < from + n; j++) {
            int k = (int) (j % keys);
            long r = j / keys;
            String key = "s" + k;
            long ts = T0 + r * 1000L;
            byte[] json = ("{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":"
                            + (100 + k % 50 + Math.sin(r / 5.0 + k)) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            int i = (int) (j - first);
            p.send(
                    new ProducerRecord<>("observations", key, json),
                    appended == null
                            ? null
                            : (md, e) -> {
                                if (e == null) {
                                    appended[i] = md.timestamp();
                                }
                            });
        }
    }

    /**
     * Consumes forecasts until n have arrived. Between 10% and 90% of them (JIT warm-up mostly before): returns
     * {append rate, this JVM's events per CPU-second, its cores busy, the same two for the job's process (this JVM
     * minus the reading thread: the consumer polls in this thread), the same two for the broker's process (0 when it
     * shares this JVM), job + broker events per CPU-second}. Cores busy are over the wall time the reader saw.
     */
    private static double[] drain(KafkaConsumer<byte[], byte[]> c, int n, Broker broker) {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long count = 0;
        long t10 = 0;
        long t90 = 0;
        long[] at10 = null;
        long[] at90 = null;
        Map<Long, Long> alloc10 = null;
        Map<Long, Long> alloc90 = null;
        while (count < n) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                count++;
                if (count == n / 10) {
                    t10 = r.timestamp();
                    at10 = new long[] {
                        os.getProcessCpuTime(), threads.getCurrentThreadCpuTime(), broker.cpuNanos(), System.nanoTime()
                    };
                    alloc10 = allocatedBytes();
                } else if (count == n * 9L / 10) {
                    t90 = r.timestamp();
                    at90 = new long[] {
                        os.getProcessCpuTime(), threads.getCurrentThreadCpuTime(), broker.cpuNanos(), System.nanoTime()
                    };
                    alloc90 = allocatedBytes();
                }
            }
        }
        allocation = allocationPerEvent(alloc10, alloc90, n * 0.8);
        double events = n * 0.8;
        double wallNanos = at90[3] - at10[3];
        double jvm = at90[0] - at10[0];
        double job = jvm - (at90[1] - at10[1]);
        double brokerCpu = at90[2] < 0 ? 0 : at90[2] - at10[2];
        return new double[] {
            events / ((t90 - t10) / 1000.0),
            events / (jvm / 1e9),
            jvm / wallNanos,
            events / (job / 1e9),
            job / wallNanos,
            brokerCpu > 0 ? events / (brokerCpu / 1e9) : 0,
            brokerCpu / wallNanos,
            events / ((job + brokerCpu) / 1e9)
        };
    }

    /** What {@link #drain} measured of allocation, as a line to print. */
    private static String allocation = "";

    /** Bytes allocated so far by each live thread of this JVM, by thread id. */
    private static Map<Long, Long> allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> m = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                m.put(ids[i], bytes[i]);
            }
        }
        return m;
    }

    /**
     * Bytes allocated per event between the two marks by the job's threads (every thread of this JVM but the reading
     * one), in all and by thread (names without their subtask and attempt, threads of one name summed, the largest
     * first). A thread that ended between the marks is not counted; one that started is counted from zero.
     */
    private static String allocationPerEvent(Map<Long, Long> from, Map<Long, Long> to, double events) {
        var threads = ManagementFactory.getThreadMXBean();
        long reader = Thread.currentThread().getId();
        Map<String, Long> byName = new java.util.TreeMap<>();
        long total = 0;
        for (var e : to.entrySet()) {
            if (e.getKey() == reader) {
                continue;
            }
            long d = e.getValue() - from.getOrDefault(e.getKey(), 0L);
            var info = threads.getThreadInfo(e.getKey());
            String name = info == null ? "(ended)" : info.getThreadName().replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "");
            name = name.replaceAll("-\\d+$", "-N").replaceAll("producer-\\d+", "producer-N");
            byName.merge(name, d, Long::sum);
            total += d;
        }
        StringBuilder b = new StringBuilder(
                String.format("  job's process allocation: %,.0f bytes per event; by thread:", total / events));
        byName.entrySet().stream()
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .filter(x -> x.getValue() / events >= 1)
                .forEach(x -> b.append(String.format("%n    %,8.0f  %s", x.getValue() / events, x.getKey())));
        return b.toString();
    }

    /**
     * Sends events {@code from} .. at {@code rate} for {@code seconds}, and reads their forecasts; returns the
     * latencies, sorted. The append times are kept in arrays indexed by event (event j's forecast is found by its
     * key and ts), so that this thread, which shares the job's JVM, allocates little beyond the records themselves
     * and adds little to the job's garbage collections.
     */
    private static long[] latency(
            KafkaProducer<String, byte[]> p,
            KafkaConsumer<byte[], byte[]> c,
            int keys,
            long from,
            double rate,
            int seconds)
            throws InterruptedException {
        int total = (int) (rate * seconds);
        long[] appended = new long[total];
        long[] forecastAppend = new long[total];
        long start = System.nanoTime();
        long sent = 0;
        int[] seen = {0};
        while (sent < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate));
            if (due > sent) {
                produce(p, keys, from + sent, due - sent, from, appended);
                sent = due;
            }
            poll(c, keys, from, forecastAppend, seen);
            Thread.sleep(5);
        }
        p.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (seen[0] < total && System.nanoTime() < deadline) {
            poll(c, keys, from, forecastAppend, seen);
        }
        String trace = System.getProperty("latencyTrace");
        StringBuilder lines = trace == null ? null : new StringBuilder("observation_append_ms,forecast_append_ms\n");
        long[] lat = new long[total];
        int n = 0;
        int known = 0;
        for (int i = 0; i < total; i++) {
            known += appended[i] > 0 ? 1 : 0;
            if (appended[i] > 0 && forecastAppend[i] > 0) {
                lat[n++] = forecastAppend[i] - appended[i];
                if (lines != null) {
                    lines.append(appended[i])
                            .append(',')
                            .append(forecastAppend[i])
                            .append('\n');
                }
            }
        }
        if (lines != null) {
            try {
                Files.writeString(Path.of(trace), lines);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        System.out.printf(
                "latency phase: %,d sent, %,d append times known, %,d forecasts seen%n", total, known, seen[0]);
        long[] a = Arrays.copyOf(lat, n);
        Arrays.sort(a);
        return a;
    }

    /** Reads forecasts; each one of events from {@code from} on gets its append time at its event's index. */
    private static void poll(KafkaConsumer<byte[], byte[]> c, int keys, long from, long[] out, int[] seen) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(1))) {
            long j = round(r.value()) * keys + keyIndex(r.key()) - from;
            if (j >= 0 && j < out.length && out[(int) j] == 0) {
                out[(int) j] = r.timestamp();
                seen[0]++;
            }
        }
    }

    /** k of a key "s" + k. */
    private static int keyIndex(byte[] key) {
        int k = 0;
        for (int i = 1; i < key.length; i++) {
            k = k * 10 + (key[i] - '0');
        }
        return k;
    }

    /** The round of a forecast: its "ts" (ISO-8601, yyyy-MM-ddTHH:mm:ss[.SSS]Z, as the job writes it) from T0. */
    private static long round(byte[] json) {
        int i = indexOf(json, TS_FIELD) + TS_FIELD.length;
        long days = daysFromCivil(digits(json, i, 4), digits(json, i + 5, 2), digits(json, i + 8, 2));
        long secs = days * 86_400
                + digits(json, i + 11, 2) * 3600L
                + digits(json, i + 14, 2) * 60L
                + digits(json, i + 17, 2);
        return (secs * 1000 - T0) / 1000;
    }

    private static final byte[] TS_FIELD = "\"ts\":\"".getBytes(StandardCharsets.UTF_8);

    private static int indexOf(byte[] a, byte[] b) {
        outer:
        for (int i = 0; i + b.length <= a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                if (a[i + k] != b[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no ts in a forecast: " + new String(a, StandardCharsets.UTF_8));
    }

    private static int digits(byte[] a, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            v = v * 10 + (a[i] - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
