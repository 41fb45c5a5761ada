package dev.streamcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.streamcast.model.CellType;
import dev.streamcast.model.Fixtures;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Transform;
import dev.streamcast.model.prep.ScalerState;
import dev.streamcast.model.prep.SeriesScaler;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LookaheadTest {

    private static final int H = 12;

    /** A key's state after a noisy seasonal series of 60 points: the scaler and the recurrent state. */
    private record Key(SeriesScaler scaler, float[] rnn, double first) {}

    private static Key warm(StreamingModel net, int length) {
        ModelConfig c = net.config();
        SeriesScaler scaler = new SeriesScaler(c);
        float[] rnn = new float[c.stateSize()];
        float[] x = new float[c.networkInputSize()];
        StreamingModel.Scratch s = net.newScratch();
        float[] v = Fixtures.seasonal(3, length, 12, 0.1);
        double[] raw = new double[c.inputSize()];
        float y = 0f;
        for (int t = 0; t < length; t++) {
            for (int k = 0; k < raw.length; k++) {
                raw[k] = 10 + v[t] + k; // positive, so LOG_DIFF takes it
            }
            y = scaler.push(raw, x) ? net.step(x, rnn, s) : 0f;
        }
        return new Key(scaler, rnn, scaler.invert(y));
    }

    private static ModelConfig config(CellType cell, Transform t, int season, int features) {
        List<String> names = features == 1 ? List.of("value") : List.of("value", "other");
        List<Transform> ts = features == 1 ? List.of(t) : List.of(t, Transform.DIFF);
        return new ModelConfig(cell, features, 16, 2, names, 0, ts, 50, season);
    }

    @ParameterizedTest(name = "{0} {1} season {2} F={3}")
    @CsvSource({
        "LSTM,NONE,1,1",
        "GRU,DIFF,1,1",
        "RNN,LOG_DIFF,1,1",
        "LSTM,SEASONAL_DIFF,12,1",
        "LSTM,DIFF,12,1",
        "GRU,DIFF,4,2"
    })
    void thePathEqualsAPlainLoopSteppingACopyOfTheStateByHand(CellType cell, Transform t, int season, int f) {
        ModelConfig c = config(cell, t, season, f);
        StreamingModel net = new StreamingModel(Fixtures.randomWeights(c, 7, 0.4f));
        Key key = warm(net, 60);
        Lookahead ahead = new Lookahead(net);
        double[] path = new double[H];
        path[0] = key.first;
        ahead.extend(key.rnn, key.scaler.state(), path, H);

        // by hand: a fresh scaler over a copy of the scaler state, a clone of the recurrent state
        ScalerState copy = new ScalerState(c.inputSize(), c.season());
        copy.copyFrom(key.scaler.state());
        SeriesScaler scaler = new SeriesScaler(c, copy);
        float[] rnn = key.rnn.clone();
        float[] x = new float[c.networkInputSize()];
        StreamingModel.Scratch s = net.newScratch();
        double[] expected = new double[H];
        expected[0] = key.first;
        for (int k = 1; k < H; k++) {
            double[] raw = copy.last.clone();
            raw[0] = expected[k - 1];
            float y = scaler.push(raw, x) ? net.step(x, rnn, s) : 0f;
            expected[k] = scaler.invert(y);
        }
        assertThat(path).containsExactly(expected);
        assertThat(Arrays.stream(path).allMatch(Double::isFinite))
                .as("finite path")
                .isTrue();
        assertThat(Arrays.stream(path).distinct().count()).as("the path moves").isGreaterThan(1);
    }

    @Test
    void theKeysStoredStateIsTheSameAfterAPathOfOneAndOfTwelve() {
        ModelConfig c = config(CellType.LSTM, Transform.SEASONAL_DIFF, 12, 1);
        StreamingModel net = new StreamingModel(Fixtures.randomWeights(c, 7, 0.4f));
        Key one = warm(net, 60);
        Key twelve = warm(net, 60);
        Lookahead ahead = new Lookahead(net);
        double[] path = new double[H];
        path[0] = one.first;
        ahead.extend(one.rnn, one.scaler.state(), path, 1);
        path[0] = twelve.first;
        ahead.extend(twelve.rnn, twelve.scaler.state(), path, H);
        assertThat(twelve.rnn).containsExactly(one.rnn);
        assertThat(twelve.scaler.state()).isEqualTo(one.scaler.state());
        assertThat(path[H - 1]).isFinite();
    }

    @Test
    void aForecastThatCannotBeAnInputEndsThePathWithNaN() {
        ModelConfig c = config(CellType.RNN, Transform.LOG_DIFF, 1, 1);
        StreamingModel net = new StreamingModel(Fixtures.randomWeights(c, 7, 0.4f));
        Key key = warm(net, 30);
        double[] path = new double[4];
        path[0] = -1; // log-diff cannot take it
        new Lookahead(net).extend(key.rnn, key.scaler.state(), path, 4);
        assertThat(path).containsExactly(-1, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void twelveStepPathsOverAThousandKeysAllocateNothingAfterWarmUp() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation counter not supported");
        threads.setThreadAllocatedMemoryEnabled(true);
        ModelConfig c = config(CellType.LSTM, Transform.SEASONAL_DIFF, 12, 1);
        StreamingModel net = new StreamingModel(Fixtures.randomWeights(c, 7, 0.4f));
        Key[] keys = new Key[100];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = warm(net, 40 + i);
        }
        Lookahead ahead = new Lookahead(net);
        double[] path = new double[H];
        double sink = run(ahead, keys, path, 20_000) + run(ahead, keys, path, 20_000);
        long[] allocated = new long[5];
        for (int round = 0; round < allocated.length; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            sink += run(ahead, keys, path, 20_000);
            allocated[round] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        System.out.printf(
                "bytes allocated by each round of 20,000 paths of 12: %s, sink %.3f%n",
                Arrays.toString(allocated), sink);
        // as StreamingModelAllocationTest: some round allocates exactly 0, none even 1 KiB (one-off JVM events)
        assertThat(allocated).contains(0L);
        assertThat(Arrays.stream(allocated).max().getAsLong()).isLessThan(1024);
    }

    private static double run(Lookahead ahead, Key[] keys, double[] path, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            Key k = keys[i % keys.length];
            path[0] = k.first;
            ahead.extend(k.rnn, k.scaler.state(), path, H);
            sum += path[H - 1];
        }
        return sum;
    }
}
