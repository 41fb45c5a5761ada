package dev.streamcast.jobs.forecast.compat;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.jobs.forecast.ForecastFunction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * The fixed input behind the committed state-compatibility savepoints (see {@link StateSnapshotGenerator} and
 * {@code src/test/resources/state-compat/README.md}). {@link #before} is what the generator fed before taking its
 * savepoint; {@link #after} is what {@link StateCompatibilityTest} feeds after restoring it, and what an uninterrupted
 * run gets after {@link #before}. Neither may change once a savepoint made with them is committed: a new scenario
 * needs new savepoints in a new directory.
 *
 * <p>State covered at the savepoint: five keys, with model version 2 (seasonal, m = 4, signed) in broadcast state:
 * {@code seasonal} (re-primed under version 2 and warm), {@code stale} (state under version 1 only: re-primes after
 * the restore), {@code cold} (two observations under version 2: its scaler still warming up), {@code early} (observed
 * only before any model: just its raw ring), {@code pending} (an out-of-order observation in its pending buffer, with
 * its event-time timer).
 */
public final class CompatScenario {
    private CompatScenario() {}

    /** The key the models are signed with (a test key, not a secret). */
    public static final String MODEL_KEY = "state-compat-test-key";

    static final int WINDOW = 8;
    static final long OUT_OF_ORDERNESS = 50;

    /** The forecast job's configuration for the scenario: the defaults but for window, out-of-orderness and key. */
    static ForecastConfig config() {
        return ForecastConfig.builder()
                .windowSize(WINDOW)
                .outOfOrdernessMillis(OUT_OF_ORDERNESS)
                .modelKey(MODEL_KEY)
                .build();
    }

    /** A harness around a fresh ForecastFunction, on the named backend, restored from {@code snapshot} if given. */
    static KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> harness(
            String backend, OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new ForecastFunction(config()), List.of(ForecastFunction.MODELS)),
                Observation::getKey,
                Types.STRING,
                4,
                1,
                0);
        h.setStateBackend(backend(backend));
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        h.getExecutionConfig().configure(conf, CompatScenario.class.getClassLoader());
        h.setStateTtlProcessingTime(0L);
        h.setup();
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    static StateBackend backend(String name) {
        return switch (name) {
            case "hashmap" -> new HashMapStateBackend();
            case "rocksdb" -> new EmbeddedRocksDBStateBackend();
            default -> throw new IllegalArgumentException("backend: hashmap or rocksdb, found " + name);
        };
    }

    /** The three model payloads (signed with {@link #MODEL_KEY}), versions 1 (DIFF), 2 (seasonal) and 3 (DIFF). */
    public record Models(byte[] v1, byte[] v2, byte[] v3) {}

    /** Everything up to the savepoint. */
    static void before(KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h, Models m)
            throws Exception {
        long t = 0;
        for (int i = 0; i < 6; i++, t += 10) {
            h.processElement(obs("early", t, value("early", i)), t);
            h.processWatermark(t - OUT_OF_ORDERNESS);
        }
        h.processBroadcastElement(m.v1(), t);
        for (int i = 0; i < 30; i++, t += 10) {
            h.processElement(obs("seasonal", t, value("seasonal", i)), t);
            h.processElement(obs("stale", t, value("stale", i)), t);
            h.processElement(obs("pending", t, value("pending", i)), t);
            h.processWatermark(t - OUT_OF_ORDERNESS);
        }
        h.processBroadcastElement(m.v2(), t);
        for (int i = 30; i < 45; i++, t += 10) {
            h.processElement(obs("seasonal", t, value("seasonal", i)), t);
            h.processElement(obs("pending", t, value("pending", i)), t);
            if (i >= 43) {
                h.processElement(obs("cold", t, value("cold", i)), t);
            }
            h.processWatermark(t - OUT_OF_ORDERNESS);
        }
        // t = 510, watermark 450: 460..500 of seasonal and pending, 490 and 500 of cold are pending, and this one
        // ahead (13 timers); its timestamp comes again after the savepoint, a DUPLICATE
        h.processElement(obs("pending", t + 30, value("pending", 48)), t);
    }

    /** Everything after the savepoint: observations for every key, a swap to version 3, more observations. */
    static void after(KeyedBroadcastOperatorTestHarness<String, Observation, byte[], Forecast> h, Models m)
            throws Exception {
        long t = 510;
        String[] keys = {"seasonal", "stale", "cold", "early", "pending"};
        for (int i = 45; i < 70; i++, t += 10) {
            if (i == 60) {
                h.processBroadcastElement(m.v3(), t);
            }
            for (String k : keys) {
                h.processElement(obs(k, t, value(k, i)), t);
            }
            h.processWatermark(t - OUT_OF_ORDERNESS);
        }
        h.processWatermark(Long.MAX_VALUE - 1);
    }

    /** A seasonal (period 4), seeded, positive value of key k at step i; the same for every call. */
    static double value(String key, int i) {
        Random r = new Random(key.hashCode() * 31L + i);
        return 100 + key.length() + 5 * Math.sin(i * Math.PI / 2) + 0.1 * i + 0.3 * r.nextGaussian();
    }

    static Observation obs(String key, long ts, double v) {
        byte[] raw =
                ("{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":" + v + "}").getBytes(StandardCharsets.UTF_8);
        return new Observation(key, ts, new double[] {v}, raw, "observations", 0, ts);
    }
}
