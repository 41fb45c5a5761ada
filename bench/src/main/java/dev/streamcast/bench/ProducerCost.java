package dev.streamcast.bench;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.serde.KeyedJsonSerializer;
import dev.streamcast.jobs.forecast.SerdeStages;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the forecasts producer costs per record with each compression codec (a driver, not a test): a broker in its
 * own JVM ({@link ChildKafka}), and in this JVM one thread sending the forecast job's JSON (the records of
 * EndToEndKafkaBench: 10,000 keys, two interval levels, written by the job's own serializer) with the job's default
 * batching ({@code linger.ms} 20, {@code batch.size} 256 KiB) and {@code compression.type} none, lz4 and zstd in
 * turn, R rounds, interleaved. Per codec: CPU microseconds per record of this process (the sending thread, which
 * also compresses, and the producer's network thread) and of the broker's process (it decompresses every batch to
 * validate it), and the bytes the broker stored per record. Medians of the rounds after the first.
 * <pre>
 *   java -Xmx1g -cp bench/target/benchmarks.jar dev.streamcast.bench.ProducerCost [records] [rounds] [codecs]
 * </pre>
 */
public final class ProducerCost {
    private static final long T0 = 1_704_067_200_000L;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> codecs = List.of((args.length > 2 ? args[2] : "none,lz4,zstd").split(","));
        KeyedJsonSerializer<Forecast> json = KeyedJsonSerializer.forecasts("forecasts");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            int k = j % 10_000;
            long r = j / 10_000;
            double v = 100 + k % 50 + Math.sin(r / 5.0 + k);
            records.add(json.serialize(SerdeStages.forecast("s" + k, T0 + r * 1000L, v, r + 1), null, null));
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[][] client = new double[codecs.size()][rounds];
        double[][] broker = new double[codecs.size()][rounds];
        double[][] stored = new double[codecs.size()][rounds];
        try (ChildKafka kafka = ChildKafka.start("1g");
                Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            for (int round = 0; round < rounds; round++) {
                for (int c = 0; c < codecs.size(); c++) {
                    String topic = "forecasts-" + codecs.get(c) + "-" + round;
                    admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
                            .all()
                            .get();
                    long cpu0 = os.getProcessCpuTime();
                    long b0 = kafka.cpuNanos();
                    try (var p = new KafkaProducer<byte[], byte[]>(
                            Map.of(
                                    "bootstrap.servers",
                                    kafka.bootstrapServers(),
                                    "linger.ms",
                                    "20",
                                    "batch.size",
                                    "262144",
                                    "compression.type",
                                    codecs.get(c)),
                            new ByteArraySerializer(),
                            new ByteArraySerializer())) {
                        for (ProducerRecord<byte[], byte[]> r : records) {
                            p.send(new ProducerRecord<>(topic, r.key(), r.value()));
                        }
                        p.flush();
                    }
                    client[c][round] = (os.getProcessCpuTime() - cpu0) / 1e3 / n;
                    broker[c][round] = (kafka.cpuNanos() - b0) / 1e3 / n;
                    long bytes = admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1).values().stream()
                            .flatMap(d -> d.replicaInfos().entrySet().stream())
                            .filter(e -> e.getKey().topic().equals(topic))
                            .mapToLong(e -> e.getValue().size())
                            .sum();
                    stored[c][round] = (double) bytes / n;
                    System.out.printf(
                            "round %d %-5s client %.2f µs CPU per record, broker %.2f µs, %.0f bytes stored per record%n",
                            round, codecs.get(c), client[c][round], broker[c][round], stored[c][round]);
                }
            }
        }
        System.out.println("medians of rounds 2.." + rounds + " (" + n + " records each, "
                + records.get(0).value().length + " bytes of JSON in the first):");
        for (int c = 0; c < codecs.size(); c++) {
            System.out.printf(
                    "%-5s client %.2f µs CPU per record, broker %.2f µs, together %.2f µs; %.0f bytes stored%n",
                    codecs.get(c),
                    median(client[c], rounds),
                    median(broker[c], rounds),
                    median(client[c], rounds) + median(broker[c], rounds),
                    median(stored[c], rounds));
        }
    }

    private static double median(double[] v, int rounds) {
        double[] a = Arrays.copyOfRange(v, Math.min(1, rounds - 1), rounds);
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
