package dev.streamcast.bench;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.forecast.FixedModelUpdate;
import dev.streamcast.jobs.forecast.SeriesState;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.io.ModelCodec;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.v2.ValueState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.runtime.asyncprocessing.operators.AsyncKeyedProcessOperator;
import org.apache.flink.state.forst.ConfigurableForStOptionsFactory;
import org.apache.flink.state.forst.ForStOptionsFactory;
import org.apache.flink.state.forst.ForStStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.runtime.io.RecordProcessorUtils;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.asyncprocessing.AsyncKeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.asyncprocessing.AsyncProcessingTestUtil;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.ThrowingConsumer;
import org.forstdb.ColumnFamilyOptions;
import org.forstdb.CompressionType;
import org.forstdb.DBOptions;

/**
 * The forecast operator's per-event work on Flink's asynchronous state API (state v2) and the ForSt state backend:
 * the same workload and output as {@link ForecastOperatorThroughput}, so that the two are compared run for run
 * (docs/benchmarks.md, "RocksDB with 1M keys: state access off the operator's thread"). Bench only: the job's
 * operator is a keyed broadcast operator (hot swaps), which has no asynchronous variant in Flink 2.2.
 *
 * <pre>
 *   mvn -B -q -o -Pbench package -DskipTests
 *   OMP_NUM_THREADS=1 java -Xmx2g -DrocksdbMemory=3gb -cp bench/target/benchmarks.jar \
 *       dev.streamcast.bench.AsyncStateThroughput forst 1000000 64 300000 10
 * </pre>
 *
 * <p>Arguments as {@link ForecastOperatorThroughput}'s: backend (forst only), keys, H (the LSTM's hidden size, ≥ 1),
 * events per round, rounds. A {@link KeyedProcessFunction} in Flink's {@link AsyncKeyedProcessOperator} reads the
 * key's {@link SeriesState} with {@code asyncValue()}, and in its callback applies the observation as the job does
 * ({@link FixedModelUpdate}: the job's {@code SeriesUpdater} with one fixed model), writes the state back with
 * {@code asyncUpdate()} and emits the forecast. The operator runs in Flink's {@link
 * AsyncKeyedOneInputStreamOperatorTestHarness}, whose operator thread is a single-thread executor; the driver's loop
 * runs on that thread, so "this thread" in the output is the operator's (task) thread, as in {@link
 * ForecastOperatorThroughput}. Each round ends by draining the state requests in flight (their time counts).
 *
 * <p>ForSt gets what the RocksDB runs get: {@code -DrocksdbMemory} (default 512mb) as its fixed memory per slot,
 * {@code -DwriteBufferRatio} (0.5), {@code -Dbloom} (true), and the job's column-family tuning ({@link ForStTuning}:
 * memtable whole-key Bloom filter, no compression). Any {@code state.backend.forst.*} or {@code
 * execution.async-state.*} system property is passed on as is (e.g. {@code
 * -Dstate.backend.forst.executor.read-io-parallelism=1}).
 */
public final class AsyncStateThroughput {
    private AsyncStateThroughput() {}

    public static void main(String[] args) throws Exception {
        String backend = args[0];
        int keys = Integer.parseInt(args[1]);
        int hidden = Integer.parseInt(args[2]);
        int events = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        if (!backend.equals("forst")) {
            throw new IllegalArgumentException("backend must be forst, found '" + backend + "'");
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("H must be at least 1 (this driver always runs the model)");
        }
        ForecastConfig cfg = ForecastConfig.builder()
                .windowSize(Integer.getInteger("window", 64))
                .allowUnsignedModels(true)
                .build();
        Model model = BenchModels.model(
                ModelConfig.univariate(CellType.LSTM, hidden, 1, Transform.DIFF),
                1,
                42,
                0.5f,
                "ForecastOperatorThroughput"); // the same model as ForecastOperatorThroughput's
        var op = new AsyncKeyedProcessOperator<>(new AsyncForecast(cfg, ModelCodec.encode(model)));
        Harness h = Harness.of(op);
        var conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("execution.async-state.")) {
                conf.setString(name, System.getProperty(name));
            }
        }
        h.getExecutionConfig().configure(conf, AsyncStateThroughput.class.getClassLoader());
        System.out.printf(
                "async state buffers: total %d, active %d, active timeout %d ms%n",
                h.getExecutionConfig().getAsyncStateTotalBufferSize(),
                h.getExecutionConfig().getAsyncStateActiveBufferSize(),
                h.getExecutionConfig().getAsyncStateActiveBufferTimeout());
        h.setStateBackend(forst());
        h.onOperatorThread(() -> {
            h.setup();
            h.open();
        });

        String[] names = new String[keys];
        for (int k = 0; k < keys; k++) {
            names[k] = "series-" + k;
        }
        long[] ts = new long[keys];
        ThrowingConsumer<StreamRecord<Observation>, Exception> processor = RecordProcessorUtils.getRecordProcessor(op);
        long t0 = System.nanoTime();
        h.onOperatorThread(() -> {
            for (int k = 0; k < keys; k++) {
                send(processor, names[k], ts[k]++, k);
                if ((k & 0xFFFF) == 0) {
                    h.drainOutput();
                }
            }
            AsyncProcessingTestUtil.drain(op);
            h.drainOutput();
        });
        System.out.printf(
                "%s keys=%d H=%d: %d keys populated in %.1f s%n",
                backend, keys, hidden, keys, (System.nanoTime() - t0) / 1e9);

        System.out.println("threads after the keys are populated: " + threadNames());
        Map<String, Long> threadCpuBefore = cpuByThreadName();
        double[] rates = new double[rounds];
        double[] cpuRates = new double[rounds];
        double totalSeconds = 0;
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int[] next = {0};
        for (int r = 0; r < rounds; r++) {
            double[] cpu = new double[1];
            long processStart = os.getProcessCpuTime();
            long start = System.nanoTime();
            h.onOperatorThread(() -> {
                long cpuStart = threads.getCurrentThreadCpuTime();
                int k = next[0];
                for (int e = 0; e < events; e++) {
                    send(processor, names[k], ts[k]++, k);
                    if (++k == keys) {
                        k = 0;
                    }
                    if ((e & 0xFFFF) == 0) {
                        h.drainOutput();
                    }
                }
                AsyncProcessingTestUtil.drain(op); // every state request of the round done
                next[0] = k;
                cpu[0] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            });
            double s = (System.nanoTime() - start) / 1e9;
            double processCpu = (os.getProcessCpuTime() - processStart) / 1e9;
            totalSeconds += s;
            rates[r] = events / s;
            cpuRates[r] = events / cpu[0];
            ForecastOperatorThroughput.printRound(r, events, s, cpu[0], processCpu);
        }
        Map<String, Long> threadCpuAfter = cpuByThreadName();
        var where = new StringBuilder("CPU-seconds during the rounds by thread:");
        threadCpuAfter.forEach((name, nanos) -> {
            double spent = (nanos - threadCpuBefore.getOrDefault(name, 0L)) / 1e9;
            if (spent >= 0.05) {
                where.append(String.format(" %s %.1f;", name, spent));
            }
        });
        System.out.println(where);
        h.onOperatorThread(h::drainOutput);
        long forecasts = h.emitted;
        h.close();
        double harmonic = (double) events * rounds / totalSeconds;
        System.out.printf("harmonic mean of the rounds (all events over all their time): %,.0f events/s%n", harmonic);
        ForecastOperatorThroughput.printResult(backend, keys, hidden, rates, cpuRates, forecasts);
    }

    private static void send(
            ThrowingConsumer<StreamRecord<Observation>, Exception> processor, String key, long ts, int k)
            throws Exception {
        double v = 100 + Math.sin(ts * 0.1 + k) + 1e-3 * ts; // as ForecastOperatorThroughput.send
        processor.accept(new StreamRecord<>(new Observation(key, ts, new double[] {v}, null, "", -1, -1), ts));
    }

    /**
     * ForSt with the RocksDB runs' memory and the job's RocksDB tuning; the settings it is given are printed.
     */
    static ForStStateBackend forst() {
        var c = new Configuration();
        c.setString("state.backend.forst.memory.fixed-per-slot", System.getProperty("rocksdbMemory", "512mb"));
        c.setString("state.backend.forst.memory.write-buffer-ratio", System.getProperty("writeBufferRatio", "0.5"));
        c.setString("state.backend.forst.use-bloom-filter", System.getProperty("bloom", "true"));
        c.setString("state.backend.forst.options-factory", ForStTuning.class.getName());
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("state.backend.forst.") || name.startsWith("streamcast.rocksdb.")) {
                c.setString(name, System.getProperty(name));
            }
        }
        System.out.println("ForSt settings: " + c);
        return new ForStStateBackend().configure(c, AsyncStateThroughput.class.getClassLoader());
    }

    /** The live threads' names with digits as N, and how many of each. */
    private static String threadNames() {
        var counts = new TreeMap<String, Integer>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            counts.merge(t.getName().replaceAll("\\d+", "N"), 1, Integer::sum);
        }
        return counts.toString();
    }

    /** CPU time so far of the live threads, summed by name with digits as N. */
    private static Map<String, Long> cpuByThreadName() {
        var threads = ManagementFactory.getThreadMXBean();
        var cpu = new TreeMap<String, Long>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long nanos = threads.getThreadCpuTime(t.getId());
            if (nanos > 0) {
                cpu.merge(t.getName().replaceAll("\\d+", "N"), nanos, Long::sum);
            }
        }
        return cpu;
    }

    /** The forecast operator's per-event work on the asynchronous state API, with one fixed model. */
    static final class AsyncForecast extends KeyedProcessFunction<String, Observation, Forecast> {
        private static final long serialVersionUID = 1L;

        private final ForecastConfig config;
        private final byte[] modelFile;
        private transient ValueState<SeriesState> series;
        private transient FixedModelUpdate update;

        AsyncForecast(ForecastConfig config, byte[] modelFile) {
            this.config = config;
            this.modelFile = modelFile;
        }

        @Override
        public void open(OpenContext ctx) {
            series = getRuntimeContext().getState(FixedModelUpdate.asyncSeriesDescriptor(config));
            update = new FixedModelUpdate(config, ModelCodec.decode(modelFile));
        }

        @Override
        public void processElement(Observation o, Context ctx, Collector<Forecast> out) {
            // one read, then (in the callback, on this same operator thread) the step and one write of the same value
            series.asyncValue().thenAccept(stored -> {
                SeriesState s = update.stateOf(stored);
                Forecast fc = update.apply(s, o);
                series.asyncUpdate(s);
                if (fc != null) {
                    out.collect(fc);
                }
            });
        }
    }

    /** Flink's async harness, with its operator thread (a single-thread executor) open to the driver. */
    static final class Harness extends AsyncKeyedOneInputStreamOperatorTestHarness<String, Observation, Forecast> {
        private final ExecutorService operatorThread;
        /** Outputs taken from the harness's queue so far (on the operator thread). */
        long emitted;

        private Harness(ExecutorService operatorThread, AsyncKeyedProcessOperator<String, Observation, Forecast> op)
                throws Exception {
            super(operatorThread, SimpleOperatorFactory.of(op), Observation::getKey, Types.STRING, 128, 1, 0);
            this.operatorThread = operatorThread;
        }

        static Harness of(AsyncKeyedProcessOperator<String, Observation, Forecast> op) throws Exception {
            return AsyncKeyedOneInputStreamOperatorTestHarness.create(executor -> new Harness(executor, op));
        }

        void onOperatorThread(org.apache.flink.util.function.RunnableWithException work) throws Exception {
            AsyncProcessingTestUtil.execute(operatorThread, work).get();
        }

        void drainOutput() {
            emitted += getOutput().size();
            getOutput().clear();
        }
    }

    /**
     * The job's {@code RocksDbTuning} for ForSt (its options are ForSt's own classes): a whole-key Bloom filter on
     * the memtables ({@code streamcast.rocksdb.memtable-bloom-ratio}, 0.1) and no block compression.
     */
    public static final class ForStTuning implements ConfigurableForStOptionsFactory {
        private static final long serialVersionUID = 1L;
        private static final ConfigOption<Double> MEMTABLE_BLOOM_RATIO = ConfigOptions.key(
                        "streamcast.rocksdb.memtable-bloom-ratio")
                .doubleType()
                .defaultValue(0.1);
        private double memtableBloomRatio = MEMTABLE_BLOOM_RATIO.defaultValue();

        @Override
        public ForStOptionsFactory configure(ReadableConfig configuration) {
            memtableBloomRatio = configuration.get(MEMTABLE_BLOOM_RATIO);
            return this;
        }

        @Override
        public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
            return current;
        }

        @Override
        public ColumnFamilyOptions createColumnOptions(
                ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
            if (memtableBloomRatio > 0) {
                current.setMemtablePrefixBloomSizeRatio(memtableBloomRatio).setMemtableWholeKeyFiltering(true);
            }
            current.setCompressionPerLevel(List.of(CompressionType.NO_COMPRESSION))
                    .setCompressionType(CompressionType.NO_COMPRESSION);
            return current;
        }

        @Override
        public String toString() {
            return "ForStTuning{memtableBloomRatio=" + memtableBloomRatio + ", compression=false}";
        }
    }
}
