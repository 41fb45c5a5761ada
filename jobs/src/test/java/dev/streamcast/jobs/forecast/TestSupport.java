package dev.streamcast.jobs.forecast;

import dev.streamcast.jobs.common.BadRecord;
import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.common.Tags;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.io.ModelCodec;
import dev.streamcast.model.prep.Binary16;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.StreamingModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/** Fixtures for the forecast operator's tests: configurations, models, harnesses and an independent reference. */
final class TestSupport {
    private TestSupport() {}

    static final int W = 8;
    static final int H = 8;

    /**
     * A MiniCluster configuration for the fault tests: metrics into {@code metrics}, the REST endpoint on a free port
     * (not 8081: another run on this machine may hold it), and a restart strategy that outlasts a crash or a broker
     * restart (20 attempts, 500 ms apart).
     */
    static Configuration faultTestConfiguration(InMemoryReporter metrics) {
        Configuration conf = metrics.addToConfiguration(new Configuration());
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        return conf;
    }

    static ForecastConfig config(int window, long outOfOrderness) {
        return config(window, outOfOrderness, 7L * 24 * 3600 * 1000, List.of("value"), "value");
    }

    static ForecastConfig config(int window, long outOfOrderness, long ttl, List<String> features, String target) {
        return ForecastConfig.builder()
                .features(features)
                .target(target)
                .windowSize(window)
                .outOfOrdernessMillis(outOfOrderness)
                .stateTtlMillis(ttl)
                .allowUnsignedModels(true) // the harness tests feed plain model files; SignedModelTest signs
                .build();
    }

    static ModelConfig modelConfig(int hidden, Transform t) {
        return ModelConfig.univariate(CellType.LSTM, hidden, 1, t);
    }

    /** Seeded weights, uniform in ±scale (the forget bias included). */
    static Weights randomWeights(ModelConfig cfg, long seed, float scale) {
        Random r = new Random(seed);
        float[] flat = new float[Weights.parameterCount(cfg)];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (r.nextFloat() * 2 - 1) * scale;
        }
        return Weights.fromFlat(cfg, flat);
    }

    static Model model(ModelConfig cfg, long version, long seed) {
        return new Model(cfg, randomWeights(cfg, seed, 0.5f), version, Provenance.untrained("test"));
    }

    static byte[] bytes(Model m) {
        return ModelCodec.encode(m);
    }

    /** A DIFF LSTM of hidden size H, seeded by its version. */
    static Model diffModel(long version) {
        return model(modelConfig(H, Transform.DIFF), version, 1000 + version);
    }

    static Observation obs(String key, long ts, double v) {
        byte[] raw =
                ("{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":" + v + "}").getBytes(StandardCharsets.UTF_8);
        return new Observation(key, ts, new double[] {v}, raw, "observations", 3, 1000 + ts);
    }

    /** A smooth, seeded, positive series. */
    static double[] series(int n, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        double level = 100;
        for (int i = 0; i < n; i++) {
            level += Math.sin(i * 0.3) + 0.2 * r.nextGaussian();
            v[i] = level;
        }
        return v;
    }

    static KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> harness(ForecastFunction fn)
            throws Exception {
        return harness(fn, null);
    }

    /** A harness with {@code pipeline.generic-types: false}, opened, restored from {@code snapshot} if given. */
    static KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> harness(
            ForecastFunction fn, OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(fn, List.of(ForecastFunction.MODELS)),
                Observation::getKey,
                Types.STRING,
                1,
                1,
                0);
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        h.getExecutionConfig().configure(conf, TestSupport.class.getClassLoader());
        h.setup();
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        // As ModelWatermarks makes the models source do: the broadcast side never holds event time back.
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    static List<BadRecord> deadLetters(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        List<BadRecord> out = new ArrayList<>();
        var q = h.getSideOutput(Tags.DEAD_LETTERS);
        if (q != null) {
            for (StreamRecord<BadRecord> r : q) {
                out.add(r.getValue());
            }
        }
        return out;
    }

    /**
     * The reference: a fresh scaler over {@code values}, then a fresh run of {@code model} over the last
     * {@code window} inputs; the forecast in original units. Written from the model API alone.
     */
    static double freshRun(Model model, double[] values, int window) {
        return reprimed(model, values, window, Integer.MAX_VALUE);
    }

    /**
     * As {@link #freshRun}, the reference for a key re-primed from its input ring: the inputs the ring gave the
     * re-prime are binary16 (SeriesState.inputs), so every input but the last {@code exact} ones (the observation
     * that re-primed, and those stepped since, which the model took exactly) is rounded to binary16 first.
     */
    static double reprimed(Model model, double[] values, int window, int exact) {
        SeriesScaler scaler = new SeriesScaler(model.config());
        List<float[]> inputs = new ArrayList<>();
        for (double v : values) {
            float[] x = new float[model.config().networkInputSize()];
            if (scaler.push(new double[] {v}, x)) {
                inputs.add(x);
            }
        }
        StreamingModel net = new StreamingModel(model.weights());
        StreamingModel.Scratch scratch = net.newScratch();
        float[] state = new float[model.config().stateSize()];
        float y = 0f;
        int from = Math.max(0, inputs.size() - window);
        for (int i = from; i < inputs.size(); i++) {
            float[] x = inputs.get(i);
            if (i < inputs.size() - exact) {
                Binary16.round(x);
            }
            y = net.step(x, state, scratch);
        }
        return scaler.invert(y);
    }

    /** The metrics of the function inside {@code h}. */
    static ForecastMetrics metrics(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        var op = (AbstractUdfStreamOperator<?, ?>) h.getOperator();
        return ((ForecastFunction) op.getUserFunction()).metrics();
    }

    /** Keyed state entries (series and pending buffer, per key) on the harness's heap backend. */
    static int keyedEntries(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h) {
        return ((HeapKeyedStateBackend<?>) h.getOperator().getKeyedStateBackend()).numKeyValueStateEntries();
    }

    /** values[from, to) */
    static double[] slice(double[] v, int from, int to) {
        return Arrays.copyOfRange(v, from, to);
    }
}
