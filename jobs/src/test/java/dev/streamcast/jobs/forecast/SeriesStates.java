package dev.streamcast.jobs.forecast;

import dev.streamcast.model.prep.Binary16;
import dev.streamcast.model.prep.ScalerState;
import java.util.Random;

/** Series states for tests and benchmarks (the jobs test-jar, which bench/ depends on). */
public final class SeriesStates {
    private SeriesStates() {}

    /**
     * A key's state with the job's defaults once it has a model and a full input ring (LSTM H = 64, W = 64, F = 1,
     * two interval levels), as {@code SeriesStateSerdeBenchmark} and {@code SeriesStateSerializerTest} use it: the state docs/state.md counts the bytes of.
     */
    public static SeriesState steady(Random r) {
        SeriesState s = SeriesState.create(64, 1);
        s.raws = null;
        s.rnn = floats(r, 128);
        s.inputs = binary16(floats(r, 64));
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
        s.bands = floats(r, 8);
        return s;
    }

    /** n floats drawn from r's standard normal. */
    static float[] floats(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    /** a, each entry rounded to binary16 (as the input ring holds them). */
    static float[] binary16(float[] a) {
        Binary16.round(a);
        return a;
    }
}
