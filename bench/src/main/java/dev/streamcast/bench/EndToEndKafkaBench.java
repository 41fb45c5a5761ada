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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * End-to-end driver (not a test): a KRaft broker in its own JVM ({@link ChildKafka}; {@code -Dbroker=embedded}: in
 * this JVM, as before), the forecast job on a local Flink cluster in this JVM at parallelism 2 (LSTM H=64, hashmap
 * state, at-least-once), all topics with LogAppendTime timestamps. Arguments after the numbers ({@code --name value},
 * e.g. {@code --latency-mode}) go to the job as its options.
 * <ol>
 *   <li>Sustained rate: N observations over K keys are appended before the job starts; the job drains the backlog,
 *       and the rate is the forecasts appended per second between 10% and 90% of N. Over the same stretch: CPU
 *       time of the job's process (this JVM without the reading thread; no producing happens then), of the broker's
 *       process, and of this JVM as a whole, each as events per CPU-second.</li>
 *   <li>Latency: then observations are sent at a fixed rate (half the sustained rate unless given) for S seconds;
 *       latency = forecast's append time - observation's append time (both LogAppendTime, same broker clock).</li>
 * </ol>
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
            Map<String, Long> appended = new ConcurrentHashMap<>();
            long t = System.nanoTime();
            produce(producer, keys, 0, backlog, null);
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
            jobArgs.addAll(jobOptions);
            ForecastConfig cfg = ForecastConfig.fromArgs(jobArgs.toArray(new String[0]));
            System.out.println("job options: " + String.join(" ", jobOptions)
                    + (cfg.latencyMode() ? " (latency mode)" : " (throughput defaults)"));
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(2, ForecastJob.flinkConfiguration(cfg));
            ForecastJob.forKafka(cfg).build(env);
            JobClient job = env.executeAsync("e2e-bench");
            try (var forecasts = new KafkaConsumer<String, String>(
                    Map.of(
                            "bootstrap.servers",
                            kafka.bootstrapServers(),
                            "group.id",
                            "bench",
                            "auto.offset.reset",
                            "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer())) {
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
                if (d[5] > 0) {
                    System.out.printf(
                            "  broker's process: %,.0f events per CPU-second, %.2f cores busy; job + broker: "
                                    + "%,.0f events per CPU-second%n",
                            d[5], d[6], d[7]);
                }
                double target = numbers.size() > 3 ? Double.parseDouble(numbers.get(3)) : rate / 2;
                long[] lat = latency(producer, forecasts, keys, backlog, target, seconds, appended);
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
            }
        }
    }

    /**
     * Sends events {@code from} .. {@code from + n - 1} of one global sequence: event j is key j mod K at round
     * j div K (ts one second per round), so every (key, ts) is sent once. Records each append time if asked.
     */
    private static void produce(
            KafkaProducer<String, byte[]> p, int keys, long from, long n, Map<String, Long> appended) {
        for (long j = from; j < from + n; j++) {
            int k = (int) (j % keys);
            long r = j / keys;
            String key = "s" + k;
            long ts = T0 + r * 1000L;
            byte[] json = ("{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":"
                            + (100 + k % 50 + Math.sin(r / 5.0 + k)) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            String id = key + "@" + ts;
            p.send(
                    new ProducerRecord<>("observations", key, json),
                    appended == null
                            ? null
                            : (md, e) -> {
                                if (e == null) {
                                    appended.put(id, md.timestamp());
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
    private static double[] drain(KafkaConsumer<String, String> c, int n, Broker broker) {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long count = 0;
        long t10 = 0;
        long t90 = 0;
        long[] at10 = null;
        long[] at90 = null;
        while (count < n) {
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                count++;
                if (count == n / 10) {
                    t10 = r.timestamp();
                    at10 = new long[] {
                        os.getProcessCpuTime(), threads.getCurrentThreadCpuTime(), broker.cpuNanos(), System.nanoTime()
                    };
                } else if (count == n * 9L / 10) {
                    t90 = r.timestamp();
                    at90 = new long[] {
                        os.getProcessCpuTime(), threads.getCurrentThreadCpuTime(), broker.cpuNanos(), System.nanoTime()
                    };
                }
            }
        }
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

    private static long[] latency(
            KafkaProducer<String, byte[]> p,
            KafkaConsumer<String, String> c,
            int keys,
            long from,
            double rate,
            int seconds,
            Map<String, Long> appended)
            throws InterruptedException {
        long total = (long) (rate * seconds);
        long start = System.nanoTime();
        long sent = 0;
        List<Long> lat = new ArrayList<>();
        Map<String, Long> forecastAppend = new ConcurrentHashMap<>();
        while (sent < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * rate));
            if (due > sent) {
                produce(p, keys, from + sent, due - sent, appended);
                sent = due;
            }
            poll(c, forecastAppend);
            Thread.sleep(5);
        }
        p.flush();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (forecastAppend.size() < total && System.nanoTime() < deadline) {
            poll(c, forecastAppend);
        }
        forecastAppend.forEach((id, tf) -> {
            Long to = appended.get(id);
            if (to != null) {
                lat.add(tf - to);
            }
        });
        System.out.printf(
                "latency phase: %,d sent, %,d append times known, %,d forecasts seen%n",
                total, appended.size(), forecastAppend.size());
        long[] a = lat.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    private static void poll(KafkaConsumer<String, String> c, Map<String, Long> out) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(1))) {
            String v = r.value();
            int ts = v.indexOf("\"ts\":\"") + 6;
            long ms = Instant.parse(v.substring(ts, v.indexOf('"', ts))).toEpochMilli();
            out.put(r.key() + "@" + ms, r.timestamp());
        }
    }
}
