package dev.streamcast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcast.jobs.cluster.FlinkDistClasspath;
import dev.streamcast.jobs.cluster.FlinkRest;
import dev.streamcast.jobs.cluster.JobWatch;
import dev.streamcast.jobs.cluster.StandaloneFlinkCluster;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.io.ModelCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Scale-out driver (not a test): the forecast job on a real standalone Flink cluster, every part its own JVM: a KRaft
 * broker ({@link ChildKafka}), a JobManager and two TaskManagers ({@link StandaloneFlinkCluster}, from the Flink jars
 * of the local Maven repository listed in {@code bench/target/dependency.classpath}), the slim job jar
 * ({@code jobs/target/streamcast-job.jar}) submitted through the REST API. LSTM H=64 given with {@code --model},
 * at-least-once, checkpoints every 10 s unless the job options say otherwise.
 *
 * <p>A backlog of N observations over K keys (key-major rounds, as in {@link EndToEndKafkaBench}) is appended to
 * {@code observations} (4 partitions) once; then, for each parallelism p in the list in turn (e.g.
 * {@code 1,2,4,1,2,4} for two rounds), the job is submitted with its own consumer group and forecasts topic, drains
 * the whole backlog, and is cancelled. Per run, between the 10% and the 90% mark of the forecasts: the rate (broker
 * append times), the CPU time of every process (JobManager, each TaskManager, broker; from /proc through
 * {@link ProcessHandle}), events per CPU-second of the TaskManagers together and of all four processes; after the
 * drain, the checkpoints from {@code GET /jobs/<id>/checkpoints}: the first one completed after the backlog was
 * answered (full state size, bytes written, duration), and min / mean / max duration of all of them.
 *
 * <p>{@code -Dtouch=F} ({@code 0 < F <= 1}): after that checkpoint, one more observation for the first F·K keys, and the next
 * checkpoint: with {@code -Dincremental=true} it writes only what changed. Other properties: {@code -Dslots=2} per
 * TaskManager, {@code -DtmMemory=1600m}, {@code -DtmManaged=128m}, {@code -DbrokerHeap=1g},
 * {@code -Djobjar=jobs/target/streamcast-job.jar}, {@code -Dclasspath=bench/target/dependency.classpath}.
 *
 * <pre>
 *   mvn -B -q -Pbench -pl bench -am package -DskipTests
 *   java -Xmx1g -cp bench/target/benchmarks.jar dev.streamcast.bench.ClusterScaleBench 10000 400000 1,2,4,1,2,4
 *   java -Xmx1500m -Dincremental=true -Dtouch=0.1 -DtmMemory=2000m -DtmManaged=512m \
 *       -cp bench/target/benchmarks.jar dev.streamcast.bench.ClusterScaleBench 1000000 1000000 2 \
 *       --state-backend rocksdb
 * </pre>
 */
public final class ClusterScaleBench {
    private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    private static final int PARTITIONS = 4;
    private static final String ENTRY = "dev.streamcast.jobs.Main";

    public static void main(String[] args) throws Exception {
        List<String> jobOptions = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            jobOptions.add(args[i]);
        }
        int keys = Integer.parseInt(args[0]);
        int backlog = Integer.parseInt(args[1]);
        List<Integer> parallelisms = new ArrayList<>();
        for (String p : args[2].split(",")) {
            parallelisms.add(Integer.parseInt(p.trim()));
        }
        int slots = Integer.getInteger("slots", 2);
        boolean incremental = Boolean.getBoolean("incremental");
        double touch = Double.parseDouble(System.getProperty("touch", "0"));
        Path jobJar = Path.of(System.getProperty("jobjar", "jobs/target/streamcast-job.jar"));
        Path cpFile = Path.of(System.getProperty("classpath", "bench/target/dependency.classpath"));
        if (!Files.isRegularFile(jobJar) || !Files.isRegularFile(cpFile)) {
            throw new IllegalStateException("need " + jobJar + " and " + cpFile
                    + ": run mvn -B -q -Pbench -pl bench -am package -DskipTests from the repository's root");
        }
        String flinkClasspath =
                FlinkDistClasspath.filter(Files.readString(cpFile).trim());

        long t = System.nanoTime();
        try (ChildKafka kafka = ChildKafka.start(System.getProperty("brokerHeap", "1g"));
                StandaloneFlinkCluster cluster = StandaloneFlinkCluster.builder()
                        .taskManagers(2)
                        .slotsPerTaskManager(slots)
                        .classpath(flinkClasspath)
                        .set("taskmanager.memory.process.size", System.getProperty("tmMemory", "1600m"))
                        .set("taskmanager.memory.managed.size", System.getProperty("tmManaged", "128m"))
                        // slots from both TaskManagers alike: parallelism 2 runs one subtask on each
                        .set("taskmanager.load-balance.mode", "SLOTS")
                        .set("execution.checkpointing.incremental", String.valueOf(incremental))
                        .start(Duration.ofSeconds(300));
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            System.out.printf(
                    "broker pid %d; cluster up in %.1f s: %s; slots per TaskManager %d, incremental checkpoints %s%n",
                    kafka.pid(), (System.nanoTime() - t) / 1e9, pids(cluster), slots, incremental);
            List<NewTopic> topics = new ArrayList<>();
            topics.add(topic("observations", PARTITIONS));
            topics.add(topic("observations-dlq", 1));
            for (int i = 0; i < parallelisms.size(); i++) {
                topics.add(topic("forecasts-" + (i + 1), PARTITIONS));
            }
            topics.add(new NewTopic("models", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            admin.createTopics(topics).all().get();

            Path modelFile = Files.createTempFile("cluster-bench-model", ".bin");
            ModelConfig mc = ModelConfig.univariate(CellType.LSTM, 64, 1, Transform.NONE);
            Files.write(
                    modelFile,
                    ModelCodec.encode(new Model(
                            mc, BenchModels.randomWeights(mc, 1, 0.1f), 1, Provenance.untrained("ClusterScaleBench"))));

            try (var producer = new KafkaProducer<String, byte[]>(
                    Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", "5", "batch.size", "262144"),
                    new StringSerializer(),
                    new ByteArraySerializer())) {
                t = System.nanoTime();
                produce(producer, keys, 0, backlog);
                producer.flush();
                System.out.printf(
                        "backlog: %,d observations over %,d keys appended in %.1f s%n",
                        backlog, keys, (System.nanoTime() - t) / 1e9);

                FlinkRest rest = cluster.rest();
                List<String> rows = new ArrayList<>();
                String jar = rest.uploadJar(jobJar);
                System.out.println("job options: " + String.join(" ", jobOptions));
                for (int i = 0; i < parallelisms.size(); i++) {
                    int p = parallelisms.get(i);
                    String run = String.valueOf(i + 1);
                    List<String> jobArgs = new ArrayList<>(List.of(
                            "forecast",
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--parallelism",
                            String.valueOf(p),
                            "--group-id",
                            "scale-" + run,
                            "--forecasts-topic",
                            "forecasts-" + run,
                            "--model",
                            modelFile.toString(),
                            "--allow-unsigned-models"));
                    jobArgs.addAll(jobOptions);
                    rows.add(runOne(run, p, jobArgs, rest, jar, cluster, kafka, producer, keys, backlog, touch));
                }
                System.out.printf(
                        "%n| run | parallelism | forecasts/s (wall) | TaskManagers: cores busy | events per TaskManager"
                                + " CPU-second | events per CPU-second, all four processes | checkpoint after the"
                                + " backlog: state, written, duration |%n|---|---|---|---|---|---|---|%n");
                rows.forEach(System.out::println);
            } catch (Exception | Error e) {
                cluster.printLogs(System.err, 80);
                throw e;
            } finally {
                Files.deleteIfExists(modelFile);
            }
        }
    }

    /** Runs the job once over the backlog; returns its row of the summary table. */
    private static String runOne(
            String run,
            int p,
            List<String> jobArgs,
            FlinkRest rest,
            String jar,
            StandaloneFlinkCluster cluster,
            ChildKafka kafka,
            KafkaProducer<String, byte[]> producer,
            int keys,
            int backlog,
            double touch)
            throws Exception {
        long submitted = System.nanoTime();
        String job = rest.run(jar, ENTRY, jobArgs, null);
        JobWatch watch = new JobWatch(rest, job);
        watch.awaitRunning(Duration.ofSeconds(180));
        System.out.printf("%nrun %s, parallelism %d: job %s running after %.1f s%n", run, p, job, sec(submitted));
        Map<String, ProcessHandle> jvms = cluster.jvms();
        String row;
        try (var forecasts = new KafkaConsumer<byte[], byte[]>(
                Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "group.id",
                        "bench-" + run,
                        "auto.offset.reset",
                        "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            forecasts.subscribe(List.of("forecasts-" + run));
            long count = 0;
            long[] append = new long[2];
            Map<String, Long> cpu10 = null;
            Map<String, Long> cpu90 = null;
            long wall10 = 0;
            long wall90 = 0;
            long lastCheck = System.nanoTime();
            while (count < backlog) {
                for (ConsumerRecord<byte[], byte[]> r : forecasts.poll(Duration.ofMillis(200))) {
                    count++;
                    if (count == backlog / 10) {
                        append[0] = r.timestamp();
                        cpu10 = cpu(jvms, kafka);
                        wall10 = System.nanoTime();
                    } else if (count == backlog * 9L / 10) {
                        append[1] = r.timestamp();
                        cpu90 = cpu(jvms, kafka);
                        wall90 = System.nanoTime();
                    }
                }
                if (System.nanoTime() - lastCheck > 5_000_000_000L) {
                    watch.assertAlive(); // fails with Flink's exceptions if the job fails or restarts
                    lastCheck = System.nanoTime();
                }
            }
            long drained = System.nanoTime();
            double events = backlog * 0.8;
            double rate = events / ((append[1] - append[0]) / 1000.0);
            double wall = (wall90 - wall10) / 1e9;
            System.out.printf(
                    "parallelism %d: sustained %,.0f forecasts/s (appended, 10%%..90%% of %,d); backlog answered %.1f s"
                            + " after submission%n",
                    p, rate, backlog, (drained - submitted) / 1e9);
            long tmCpu = 0;
            long allCpu = 0;
            StringBuilder perProcess = new StringBuilder();
            for (String name : cpu90.keySet()) {
                long c = cpu90.get(name) - cpu10.get(name);
                allCpu += c;
                if (name.startsWith("taskmanager")) {
                    tmCpu += c;
                }
                perProcess.append(String.format(" %s %.1f s (%.2f cores);", name, c / 1e9, c / 1e9 / wall));
            }
            System.out.printf("  CPU over the stretch (%.1f s wall):%s%n", wall, perProcess);
            System.out.printf(
                    "  events per CPU-second: TaskManagers %,.0f; all four processes %,.0f%n",
                    events / (tmCpu / 1e9), events / (allCpu / 1e9));
            JsonNode first = awaitCheckpointAfter(rest, job, drained, Duration.ofSeconds(180));
            printCheckpoints(rest.checkpoints(job), first, "after the backlog");
            row = String.format(
                    "| %s | %d | %,.0f | %.2f | %,.0f | %,.0f | %s, %s, %,d ms |",
                    run,
                    p,
                    rate,
                    tmCpu / 1e9 / wall,
                    events / (tmCpu / 1e9),
                    events / (allCpu / 1e9),
                    mb(first.path("state_size").asLong()),
                    mb(first.path("checkpointed_size").asLong()),
                    first.path("end_to_end_duration").asLong());
            if (touch > 0) {
                int n = (int) Math.round(keys * touch);
                long from = (long) Math.ceil((double) backlog / keys) * keys; // the next whole round
                produce(producer, keys, from, n);
                producer.flush();
                long sent = System.nanoTime();
                long seen = 0;
                while (seen < n) {
                    seen += forecasts.poll(Duration.ofMillis(200)).count();
                }
                System.out.printf(
                        "  one more observation for %,d keys (%.0f%%) answered in %.1f s%n",
                        n, touch * 100, (System.nanoTime() - sent) / 1e9);
                JsonNode next = awaitCheckpointAfter(rest, job, System.nanoTime(), Duration.ofSeconds(180));
                printCheckpoints(rest.checkpoints(job), next, "after touching " + n + " keys");
            }
        }
        rest.cancel(job);
        watch.awaitTerminal("CANCELED", Duration.ofSeconds(120));
        awaitFreeSlots(rest, Duration.ofSeconds(120));
        return row;
    }

    /**
     * Waits for a checkpoint triggered after {@code nanoTime} (wall clock now minus the time since then) to complete,
     * and returns it ({@code latest.completed}).
     */
    private static JsonNode awaitCheckpointAfter(FlinkRest rest, String job, long nanoTime, Duration timeout)
            throws InterruptedException {
        long after = System.currentTimeMillis() - (System.nanoTime() - nanoTime) / 1_000_000;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode done = rest.checkpoints(job).path("latest").path("completed");
            if (done.path("trigger_timestamp").asLong() > after) {
                return done;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no checkpoint completed within " + timeout + ": " + rest.checkpoints(job));
    }

    private static void printCheckpoints(JsonNode all, JsonNode c, String when) {
        System.out.printf(
                "  checkpoint %d (%s): full state %s, written %s, %,d ms end to end (%s)%n",
                c.path("id").asLong(),
                when,
                mb(c.path("state_size").asLong()),
                mb(c.path("checkpointed_size").asLong()),
                c.path("end_to_end_duration").asLong(),
                Instant.ofEpochMilli(c.path("trigger_timestamp").asLong()));
        JsonNode counts = all.path("counts");
        JsonNode e2e = all.path("summary").path("end_to_end_duration");
        System.out.printf(
                "  checkpoints so far: %d completed, %d failed; end to end min %d / avg %d / max %d ms; written max %s%n",
                counts.path("completed").asLong(),
                counts.path("failed").asLong(),
                e2e.path("min").asLong(),
                e2e.path("avg").asLong(),
                e2e.path("max").asLong(),
                mb(all.path("summary").path("checkpointed_size").path("max").asLong()));
        for (JsonNode h : all.path("history")) {
            if ("FAILED".equals(h.path("status").asText())) {
                System.out.printf(
                        "  checkpoint %d failed: %s%n",
                        h.path("id").asLong(), h.path("failure_message").asText());
            }
        }
    }

    private static void awaitFreeSlots(FlinkRest rest, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode o = rest.overview();
            if (o.path("slots-available").asInt() == o.path("slots-total").asInt()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("slots not freed within " + timeout + ": " + rest.overview());
    }

    /** CPU time so far (ns) of every cluster JVM by name, and of the broker. */
    private static Map<String, Long> cpu(Map<String, ProcessHandle> jvms, ChildKafka kafka) {
        Map<String, Long> out = new LinkedHashMap<>();
        jvms.forEach((name, h) ->
                out.put(name, h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)));
        out.put("broker", kafka.cpuNanos());
        return out;
    }

    /** Event j is key j mod K at round j div K (ts one second per round), as in {@link EndToEndKafkaBench}. */
    private static void produce(KafkaProducer<String, byte[]> p, int keys, long from, long n) {
        for (long j = from; j < from + n; j++) {
            int k = (int) (j % keys);
            long r = j / keys;
            String key = "s" + k;
            byte[] json = ("{\"key\":\"" + key + "\",\"ts\":" + (T0 + r * 1000L) + ",\"value\":"
                            + (100 + k % 50 + Math.sin(r / 5.0 + k)) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            p.send(new ProducerRecord<>("observations", key, json));
        }
    }

    private static NewTopic topic(String name, int partitions) {
        return new NewTopic(name, partitions, (short) 1).configs(Map.of("message.timestamp.type", "LogAppendTime"));
    }

    private static String pids(StandaloneFlinkCluster cluster) {
        StringBuilder s = new StringBuilder();
        cluster.jvms()
                .forEach((name, h) -> s.append(s.length() == 0 ? "" : ", ")
                        .append(name)
                        .append(" pid ")
                        .append(h.pid()));
        return s.toString();
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static double sec(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
