package dev.streamcast.bench;

import dev.streamcast.jobs.forecast.SeriesState;
import dev.streamcast.jobs.forecast.SeriesStateSerializer;
import dev.streamcast.jobs.forecast.SeriesStates;
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
            states[k] = SeriesStates.steady(r);
            out.clear();
            ser.serialize(states[k], out);
            bytes[k] = out.getCopyOfBuffer();
        }
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
