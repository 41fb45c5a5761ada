package dev.streamcast.bench;

import dev.streamcast.jobs.forecast.SeriesState;
import dev.streamcast.jobs.forecast.SeriesStateSerializer;
import dev.streamcast.model.prep.Binary16;
import dev.streamcast.model.prep.ScalerState;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The forecast operator's per-key state through its serializer alone, as RocksDB runs it twice per observation (a put
 * serializes, a get deserializes): {@code pojo} is Flink's reflective POJO serializer (the job up to 2b2cccb),
 * {@code handwritten} is {@link SeriesStateSerializer}. States of the job's defaults once a key has a model (LSTM
 * H = 64, one layer: 128 floats of recurrent state; W = 64 inputs; F = 1 scaler; 2 interval levels), {@value #KEYS}
 * of them round-robin, values random. Score: states per second, per operation (one serialize, or one deserialize).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SeriesStateSerdeBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 * (both serializers in one run, the same JVM flags; compare them side by side).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SeriesStateSerdeBenchmark {
    static final int KEYS = 1000;

    @Param({"pojo", "handwritten"})
    String serializer;

    private TypeSerializer<SeriesState> ser;
    private SeriesState[] states;
    private byte[][] bytes;
    private final DataOutputSerializer out = new DataOutputSerializer(4096);
    private final DataInputDeserializer in = new DataInputDeserializer();

    @Setup
    public void setUp() throws IOException {
        ser = serializer.equals("pojo")
                ? TypeInformation.of(SeriesState.class).createSerializer(new SerializerConfigImpl())
                : new SeriesStateSerializer();
        Random r = new Random(42);
        states = new SeriesState[KEYS];
        bytes = new byte[KEYS][];
        for (int k = 0; k < KEYS; k++) {
            states[k] = steadyState(r);
            out.clear();
            ser.serialize(states[k], out);
            bytes[k] = out.getCopyOfBuffer();
        }
    }

    /** A key's state with the job's defaults, once it has a model and a full input ring. */
    static SeriesState steadyState(Random r) {
        SeriesState s = SeriesState.create(64, 1);
        s.raws = null;
        s.rnn = new float[128];
        for (int i = 0; i < s.rnn.length; i++) {
            s.rnn[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < s.inputs.length; i++) {
            s.inputs[i] = Binary16.round((float) r.nextGaussian()); // as the job's ring holds them
        }
        s.inputCount = 64;
        s.scaler = new ScalerState(1);
        s.scaler.count = 1000;
        s.scaler.hasPrevious = true;
        s.scaler.last[0] = r.nextGaussian();
        s.scaler.mean[0] = r.nextGaussian();
        s.scaler.var[0] = 1 + r.nextDouble();
        s.modelVersion = 3;
        s.consumed = 1000;
        s.scalerSpace = r.nextLong();
        s.lastForecast = r.nextGaussian();
        s.lastTs = 1_700_000_000_000L;
        s.interval = 60_000;
        s.seq = 1000;
        s.bands = new float[8];
        for (int i = 0; i < s.bands.length; i++) {
            s.bands[i] = r.nextFloat();
        }
        return s;
    }

    /** Serializes every key's state once (a RocksDB put's share); the score is per state. */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public int serialize() throws IOException {
        int n = 0;
        for (int k = 0; k < KEYS; k++) {
            out.clear();
            ser.serialize(states[k], out);
            n += out.length();
        }
        return n;
    }

    /** Deserializes every key's state once (a RocksDB get's share); the score is per state. */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void deserialize(Blackhole bh) throws IOException {
        for (int k = 0; k < KEYS; k++) {
            in.setBuffer(bytes[k]);
            bh.consume(ser.deserialize(in));
        }
    }
}
