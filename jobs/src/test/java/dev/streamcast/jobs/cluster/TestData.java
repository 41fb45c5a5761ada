package dev.streamcast.jobs.cluster;

import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Provenance;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the cluster test sends: observations of {@code series-<k>} one minute apart from 2024-01-01, phase after
 * phase, and a model file on the models topic.
 */
final class TestData implements AutoCloseable {
    static final String KEY_PREFIX = "series-";
    static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    static final long STEP = 60_000L;

    private final KafkaProducer<String, byte[]> producer;

    TestData(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The key the test's models are signed with and the job is given (--model-key): models are signed by default. */
    static final String MODEL_KEY = "cluster-test-key";

    /** An untrained univariate LSTM (H=8) with seeded random weights, signed, keyed for compaction. */
    void publishModel(long version) throws ExecutionException, InterruptedException {
        ModelConfig cfg = ModelConfig.univariate(CellType.LSTM, 8, 1, Transform.NONE);
        Random rnd = new Random(11);
        float[] flat = new float[Weights.parameterCount(cfg)];
        for (int k = 0; k < flat.length; k++) {
            flat[k] = (2f * rnd.nextFloat() - 1f) * 0.3f;
        }
        Model m = new Model(cfg, Weights.fromFlat(cfg, flat), version, Provenance.untrained("ClusterDeployTest"));
        producer.send(new ProducerRecord<>(
                        "models", "model", ModelPayloads.seal(m, MODEL_KEY.getBytes(StandardCharsets.UTF_8))))
                .get();
    }

    /** Observations {@code from .. from+count-1} of every key, interleaved in time order. */
    void sendPhase(int keys, int from, int count) {
        for (int i = from; i < from + count; i++) {
            for (int k = 0; k < keys; k++) {
                send(KEY_PREFIX + k, i, 100 + 10 * k + 5 * Math.sin(i / 4.0 + k));
            }
        }
        producer.flush();
    }

    /** The n-th observation of each probe key. */
    void probe(List<String> keys, int n) {
        keys.forEach(k -> send(k, n, 1.0 + n % 7));
        producer.flush();
    }

    /** Which phase of {@code perPhase} observations a timestamp belongs to. */
    static long phaseOf(long ts, int perPhase) {
        return (ts - T0) / STEP / perPhase;
    }

    /** One key per parallel instance of a keyed operator (Flink's key-group assignment for String keys). */
    static List<String> probeKeys(int parallelism, int maxParallelism) {
        List<String> keys = new ArrayList<>();
        for (int want = 0, n = 0; want < parallelism; n++) {
            String key = "probe-" + n;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, parallelism) == want) {
                keys.add(key);
                want++;
            }
        }
        return keys;
    }

    private void send(String key, int i, double value) {
        String json = "{\"key\":\"" + key + "\",\"ts\":" + (T0 + i * STEP) + ",\"value\":" + value + "}";
        producer.send(new ProducerRecord<>("observations", key, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        producer.close();
    }
}
