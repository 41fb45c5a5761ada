package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.RawRecord;
import dev.streamcast.jobs.common.serde.KeyedJsonSerializer;
import dev.streamcast.jobs.common.serde.RawRecordDeserializer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The two text stages of the forecast job alone, on one thread, as the job runs them (a driver, not a test): per
 * observation record, the Kafka deserializer, the source's timestamp assigner, (a copy by the record's serializer
 * when the job runs without object reuse, as Flink's chain then makes) and the parse operator's checks; per
 * forecast, (the same copy) and the forecast sink's serializer. Prints CPU nanoseconds of this thread and bytes
 * allocated per record, the median of the rounds.
 *
 * <p>It sits in the job's package and uses only what every commit since 2b2cccb has, so that the same source compiles
 * against an older benchmarks jar for a before/after pair:
 * <pre>
 *   javac -cp OLD.jar -d /tmp/old bench/src/main/java/dev/streamcast/jobs/forecast/SerdeStages.java
 *   java -cp /tmp/old:OLD.jar dev.streamcast.jobs.forecast.SerdeStages [records] [rounds]
 *   java -cp bench/target/benchmarks.jar dev.streamcast.jobs.forecast.SerdeStages [records] [rounds]
 * </pre>
 */
public final class SerdeStages {
    private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z, as EndToEndKafkaBench

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        ForecastConfig config = ForecastConfig.defaults();
        boolean reuse = ForecastJob.flinkConfiguration(config).get(PipelineOptions.OBJECT_REUSE);
        System.out.println("object reuse: " + reuse + "; " + n + " records per round, " + rounds + " rounds");

        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(n);
        List<Forecast> forecasts = new ArrayList<>(n);
        for (int j = 0; j < n; j++) { // the records of EndToEndKafkaBench: 10,000 keys, one second apart
            int k = j % 10_000;
            long r = j / 10_000;
            String key = "s" + k;
            double v = 100 + k % 50 + Math.sin(r / 5.0 + k);
            byte[] json = ("{\"key\":\"" + key + "\",\"ts\":" + (T0 + r * 1000L) + ",\"value\":" + v + "}")
                    .getBytes(StandardCharsets.UTF_8);
            records.add(new ConsumerRecord<>("observations", k % 2, j, key.getBytes(StandardCharsets.UTF_8), json));
            forecasts.add(forecast(key, T0 + r * 1000L, v, r + 1));
        }

        RawRecordDeserializer deserializer = new RawRecordDeserializer(config.maxRecordBytes());
        ForecastJob.RecordTimestamp assigner = new ForecastJob.RecordTimestamp(config);
        ObservationGate parse = new ObservationGate(config);
        TypeSerializer<RawRecord> rawCopy =
                TypeInformation.of(RawRecord.class).createSerializer(new SerializerConfigImpl());
        TypeSerializer<Forecast> forecastCopy =
                TypeInformation.of(Forecast.class).createSerializer(new SerializerConfigImpl());
        KeyedJsonSerializer<Forecast> sink = KeyedJsonSerializer.forecasts("forecasts");
        RawRecord[] one = new RawRecord[1];
        Collector<RawRecord> collector = new Collector<>() {
            @Override
            public void collect(RawRecord r) {
                one[0] = r;
            }

            @Override
            public void close() {}
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();

        double[][] parseNs = new double[2][rounds];
        double[][] jsonNs = new double[2][rounds];
        long sink0 = 0;
        for (int round = 0; round < rounds; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long alloc = threads.getThreadAllocatedBytes(tid);
            long ok = 0;
            for (ConsumerRecord<byte[], byte[]> c : records) {
                deserializer.deserialize(c, collector);
                RawRecord r = one[0];
                long ts = assigner.extractTimestamp(r, c.timestamp());
                Observation o = parse.admit(reuse ? r : rawCopy.copy(r));
                ok += o != null && o.ts == ts ? 1 : 0;
            }
            parseNs[0][round] = (threads.getCurrentThreadCpuTime() - cpu) / (double) n;
            parseNs[1][round] = (threads.getThreadAllocatedBytes(tid) - alloc) / (double) n;
            if (ok != n) {
                throw new IllegalStateException(ok + " of " + n + " records parsed");
            }
            cpu = threads.getCurrentThreadCpuTime();
            alloc = threads.getThreadAllocatedBytes(tid);
            for (Forecast f : forecasts) {
                sink0 += sink.serialize(reuse ? f : forecastCopy.copy(f), null, null)
                        .value()
                        .length;
            }
            jsonNs[0][round] = (threads.getCurrentThreadCpuTime() - cpu) / (double) n;
            jsonNs[1][round] = (threads.getThreadAllocatedBytes(tid) - alloc) / (double) n;
        }
        report("parse (deserializer, timestamp assigner, parse operator)", parseNs, rounds);
        report("forecast JSON (the forecasts sink's serializer)", jsonNs, rounds);
        System.out.println("(" + sink0 / ((long) n * rounds) + " bytes per forecast)");
    }

    /** A forecast as the job makes them with its defaults: bands at 0.8 and 0.95 (also ProducerCost's records). */
    public static Forecast forecast(String key, long ts, double actual, long seq) {
        Forecast f = new Forecast();
        f.key = key;
        f.ts = ts;
        f.targetTs = ts + 1000;
        f.actual = actual;
        f.forecast = actual * 1.0013 + 0.071;
        f.modelVersion = 1;
        f.warm = true;
        f.prevError = actual * 0.0021 - 0.13;
        f.seq = seq;
        f.levels = new double[] {0.8, 0.95};
        f.lower = new double[] {f.forecast - 0.8123, f.forecast - 1.4417};
        f.upper = new double[] {f.forecast + 0.7931, f.forecast + 1.5029};
        return f;
    }

    /** Median of the rounds after the first third (JIT warm-up). */
    private static void report(String stage, double[][] perRecord, int rounds) {
        int from = rounds / 3;
        double ns = median(Arrays.copyOfRange(perRecord[0], from, rounds));
        double bytes = median(Arrays.copyOfRange(perRecord[1], from, rounds));
        System.out.printf(
                "%s: %.0f ns CPU per record (%,.0f records per CPU-second), %.0f bytes allocated per record%n",
                stage, ns, 1e9 / ns, bytes);
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
