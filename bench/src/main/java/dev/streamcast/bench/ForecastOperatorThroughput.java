package dev.streamcast.bench;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.forecast.ForecastFunction;
import dev.streamcast.jobs.forecast.ForecastJob;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.step.StreamingModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * In-JVM throughput driver for the forecast operator alone: Flink's keyed broadcast operator in its test harness,
 * one thread, hashmap or RocksDB keyed state (TTL on, as in the job), keys round-robin with increasing timestamps.
 * Not a unit test (speed is never asserted). The harness comes from the flink-runtime test-jar, a dependency of
 * bench/ (docs/benchmarks.md):
 *
 * <pre>
 *   mvn -B -q -Pbench -pl bench -am package -DskipTests
 *   java -Xmx2g -cp bench/target/benchmarks.jar dev.streamcast.bench.ForecastOperatorThroughput hashmap 10000 64 500000 5
 * </pre>
 *
 * Arguments: backend (hashmap|rocksdb|forst: ForSt's synchronous state, set up as {@link AsyncStateThroughput}
 * sets it up), keys, H (0 = no model: state access and the scaler-free path only),
 * events per round, rounds. Before the rounds every key gets one observation (its state exists); each round then
 * sends {@code events} observations and reports events/s; the median is printed last.
 *
 * <p>System properties: {@code -DrocksdbMemory=512mb} (the slot's fixed RocksDB memory; {@code unmanaged}: no
 * memory budget, RocksDB's own block cache of {@code -Dstate.backend.rocksdb.block.cache-size}), {@code -Dbloom},
 * {@code -DwriteBufferRatio}, {@code -Dwindow} (the window size W, default 64, the job's default), any {@code state.backend.rocksdb.*} or {@code streamcast.rocksdb.*} setting (given to
 * the RocksDB backend as is, e.g. {@code -Dexecution.checkpointing.incremental=true} is not one of them: use
 * {@code -Dincremental=true}), checkpoints during the rounds ({@link RunningCheckpoints}, {@code
 * -DcheckpointEvery=E}) and checkpoints after the rounds ({@link #checkpoints}).
 */
public final class ForecastOperatorThroughput {
    /** Outputs the operator emitted (forecasts; the harness's queue is emptied every 65,536 events). */
    private static long emitted;

    private static void drain(KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h) {
        emitted += h.getOutput().size();
        h.getOutput().clear();
    }

    public static void main(String[] args) throws Exception {
        String backend = args[0];
        int keys = Integer.parseInt(args[1]);
        int hidden = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);

        ForecastConfig cfg = ForecastConfig.builder()
                .windowSize(Integer.getInteger("window", 64))
                .allowUnsignedModels(true) // a plain model file, as the harness tests feed
                .build();
        Model model = hidden == 0
                ? null
                : BenchModels.model(
                        ModelConfig.univariate(CellType.LSTM, hidden, 1, Transform.DIFF),
                        1,
                        42,
                        0.5f,
                        "ForecastOperatorThroughput");
        if (model != null && !Boolean.getBoolean("skipStepAlone")) {
            stepAlone(model);
        }
        var fn = new ForecastFunction(cfg, model == null ? null : ModelCodec.encode(model));
        var h = harness(fn, backend);
        String[] names = new String[keys];
        for (int k = 0; k < keys; k++) {
            names[k] = "series-" + k;
        }
        long[] ts = new long[keys];
        long t0 = System.nanoTime();
        for (int k = 0; k < keys; k++) {
            send(h, names[k], ts[k]++, k);
            if ((k & 0xFFFF) == 0) {
                drain(h);
            }
        }
        drain(h);
        System.out.printf(
                "%s keys=%d H=%d: %d keys populated in %.1f s%n",
                backend, keys, hidden, keys, (System.nanoTime() - t0) / 1e9);
        double[] rates = new double[rounds];
        double[] cpuRates = new double[rounds];
        var threads = ManagementFactory.getThreadMXBean();
        // the whole process's CPU (RocksDB's flushes and compactions run on native threads of their own)
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var running = RunningCheckpoints.fromProperties(h);
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long processStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int e = 0; e < events; e++) {
                send(h, names[k], ts[k]++, k);
                if (++k == keys) {
                    k = 0;
                }
                if ((e & 0xFFFF) == 0) {
                    drain(h);
                }
                if (running != null) {
                    running.tick();
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double processCpu = (os.getProcessCpuTime() - processStart) / 1e9;
            rates[r] = events / s;
            cpuRates[r] = events / cpu;
            printRound(r, events, s, cpu, processCpu);
        }
        drain(h);
        if (running != null) {
            running.close();
        }
        int checkpoints = Integer.getInteger("checkpoints", 0);
        if (checkpoints > 0) {
            k = checkpoints(h, names, ts, k, checkpoints, Integer.getInteger("checkpointEvents", events));
        }
        long forecasts = emitted;
        h.close();
        printResult(backend, keys, hidden, rates, cpuRates, forecasts);
    }

    /** One round's line: its events took s seconds, cpu of the driver's thread and processCpu of the process. */
    static void printRound(int r, int events, double s, double cpu, double processCpu) {
        System.out.printf(
                "  round %d: %,.0f events/s wall (%.2f µs/event), %,.0f events per CPU-second of"
                        + " this thread (%.2f µs/event); the process: %.2f CPU-µs/event (%.2f cores)%n",
                r,
                events / s,
                1e6 * s / events,
                events / cpu,
                1e6 * cpu / events,
                1e6 * processCpu / events,
                processCpu / s);
    }

    /** The last line, which the scripts read: the medians of the rounds' rates (sorts both arrays). */
    static void printResult(String backend, int keys, int hidden, double[] rates, double[] cpuRates, long forecasts) {
        Arrays.sort(rates);
        Arrays.sort(cpuRates);
        System.out.printf(
                "RESULT backend=%s keys=%d H=%d median wall=%,.0f events/s, median per CPU-second=%,.0f"
                        + " (forecasts emitted: %d)%n",
                backend, keys, hidden, rates[rates.length / 2], cpuRates[cpuRates.length / 2], forecasts);
    }

    /**
     * Checkpoints after the rounds (-Dcheckpoints=N, -DcheckpointDir=DIR, -DcheckpointEvents=E): checkpoint 1, then
     * E more events before each of the next N - 1. Prints each one's full size (every file or byte the checkpoint
     * refers to), the size it added (with incremental checkpoints: the new files only) and how long the harness took
     * to write it (synchronous and asynchronous part, one thread).
     */
    private static int checkpoints(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h,
            String[] names,
            long[] ts,
            int k,
            int n,
            int between)
            throws Exception {
        for (int c = 1; c <= n; c++) {
            if (c > 1) {
                for (int e = 0; e < between; e++) {
                    send(h, names[k], ts[k]++, k);
                    if (++k == names.length) {
                        k = 0;
                    }
                    if ((e & 0xFFFF) == 0) {
                        drain(h);
                    }
                }
                drain(h);
            }
            long start = System.nanoTime();
            OperatorSubtaskState snap = h.snapshot(c, c);
            double s = (System.nanoTime() - start) / 1e9;
            h.notifyOfCompletedCheckpoint(c);
            System.out.printf(
                    "CHECKPOINT %d (after %d more events): full size %,d bytes, checkpointed (new) %,d bytes, %.2f s%n",
                    c, c == 1 ? 0 : between, snap.getStateSize(), snap.getCheckpointedSize(), s);
        }
        return k;
    }

    private static void send(
            KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h, String key, long ts, int k)
            throws Exception {
        double v = 100 + Math.sin(ts * 0.1 + k) + 1e-3 * ts;
        h.processElement(new Observation(key, ts, new double[] {v}, null, "", -1, -1), ts);
    }

    private static KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> harness(
            ForecastFunction fn, String backend) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(fn, List.of(ForecastFunction.MODELS)),
                Observation::getKey,
                Types.STRING,
                128,
                1,
                0);
        var conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        h.getExecutionConfig().configure(conf, ForecastOperatorThroughput.class.getClassLoader());
        if (backend.equals("rocksdb")) {
            // The harness's mock environment has almost no managed memory: RocksDB would flush tiny memtables
            // constantly and every get would search many L0 files. Give it what a TaskManager slot would have.
            // the job's own RocksDB settings (ForecastJob.flinkConfiguration: its options factory), unless
            // -DjobRocksDbSettings=false (Flink's defaults alone, as before they existed)
            var rocks = Boolean.parseBoolean(System.getProperty("jobRocksDbSettings", "true"))
                    ? ForecastJob.flinkConfiguration(
                            ForecastConfig.builder().stateBackend("rocksdb").build())
                    : new Configuration();
            String memory = System.getProperty("rocksdbMemory", "512mb");
            if (memory.equals("unmanaged")) {
                // no memory budget: RocksDB's own block cache (state.backend.rocksdb.block.cache-size) and write
                // buffers, index and filter blocks held by the table readers instead of in the block cache
                rocks.setString("state.backend.rocksdb.memory.managed", "false");
            } else {
                rocks.setString("state.backend.rocksdb.memory.fixed-per-slot", memory);
            }
            rocks.setString("state.backend.rocksdb.use-bloom-filter", System.getProperty("bloom", "true"));
            rocks.setString(
                    "state.backend.rocksdb.memory.write-buffer-ratio", System.getProperty("writeBufferRatio", "0.5"));
            // any other RocksDB or job setting given as a system property, e.g.
            // -Dstate.backend.rocksdb.compression.per.level=NO_COMPRESSION
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith("state.backend.rocksdb.") || name.startsWith("streamcast.rocksdb.")) {
                    rocks.setString(name, System.getProperty(name));
                }
            }
            rocks.setString("execution.checkpointing.incremental", System.getProperty("incremental", "false"));
            System.out.println("RocksDB settings: " + rocks);
            h.setStateBackend(new EmbeddedRocksDBStateBackend()
                    .configure(rocks, ForecastOperatorThroughput.class.getClassLoader()));
        } else if (backend.equals("forst")) {
            // ForSt's synchronous keyed backend (state v1) with the RocksDB runs' memory and the job's tuning
            // (AsyncStateThroughput.forst), for comparison with the asynchronous state API on the same backend
            h.setStateBackend(AsyncStateThroughput.forst());
        } else if (!backend.equals("hashmap")) {
            throw new IllegalArgumentException("backend must be hashmap, rocksdb or forst, found '" + backend + "'");
        }
        String checkpointDir = System.getProperty("checkpointDir");
        if (checkpointDir != null) {
            h.setCheckpointStorage(
                    new FileSystemCheckpointStorage(Path.of(checkpointDir).toUri()));
        }
        h.setup();
        h.open();
        return h;
    }

    /** The step alone, same model, 1000 states round-robin: the arithmetic floor of the operator. */
    private static void stepAlone(Model model) {
        StreamingModel net = new StreamingModel(model.weights());
        StreamingModel.Scratch scratch = net.newScratch();
        float[][] states = new float[1000][model.config().stateSize()];
        float[] x = new float[1];
        float sink = 0;
        var threads = ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            long start = threads.getCurrentThreadCpuTime();
            int n = 2_000_000;
            for (int i = 0; i < n; i++) {
                x[0] = (float) Math.sin(i * 0.01);
                sink += net.step(x, states[i % 1000], scratch);
            }
            double s = (threads.getCurrentThreadCpuTime() - start) / 1e9;
            System.out.printf(
                    "step alone (H=%d): %,.0f steps per CPU-second (%.2f µs/step)%s%n",
                    model.config().hiddenSize(), n / s, 1e6 * s / n, sink == 42 ? "!" : "");
        }
    }
}
