package dev.streamcast.jobs.forecast;

import static dev.streamcast.jobs.forecast.TestSupport.bytes;
import static dev.streamcast.jobs.forecast.TestSupport.diffModel;
import static dev.streamcast.jobs.forecast.TestSupport.reprimed;
import static dev.streamcast.jobs.forecast.TestSupport.series;
import static dev.streamcast.jobs.forecast.TestSupport.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamcast.model.CellType;
import dev.streamcast.model.Model;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.Transform;
import dev.streamcast.model.interval.ConformalBands;
import dev.streamcast.model.prep.Binary16;
import dev.streamcast.model.prep.ScalerState;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.HoltWinters;
import dev.streamcast.model.train.NaiveGate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The per-key update without Flink: rings, the raw ring's life, and a restart under another window size. */
class SeriesUpdaterTest {

    private static LoadedModel loaded(Model m) {
        return new LoadedModel(bytes(m), m);
    }

    @Test
    void theRawRingIsKeptUntilTheFirstModelAndDroppedThen() {
        int w = 4;
        double[] v = series(10, 41);
        SeriesUpdater u = new SeriesUpdater(w, 1, 0);
        SeriesState s = SeriesState.create(w, 1);
        for (int i = 0; i < 6; i++) {
            assertThat(u.apply(s, new double[] {v[i]}, i, null)).isEqualTo(SeriesUpdater.NO_MODEL);
        }
        assertThat(s.rawCount).as("bounded by W").isEqualTo(w);
        assertThat(s.rnn).isNull();

        Model m = diffModel(1);
        assertThat(u.apply(s, new double[] {v[6]}, 6, loaded(m))).isEqualTo(SeriesUpdater.FORECAST);
        assertThat(s.raws).isNull();
        assertThat(s.inputCount).isEqualTo(w);
        assertThat(s.consumed).isEqualTo(w);
        assertThat(u.warm).isTrue();
        // the raw ring replayed into the input ring (binary16), this observation's input exact
        assertThat(u.forecast).isEqualTo(reprimed(m, slice(v, 6 - w, 7), w, 1));
    }

    /**
     * The input ring holds binary16 values (SeriesState.appendInput), the forecast at each observation uses the exact
     * input: without a swap the forecasts are those of the model over the exact inputs, bit for bit; a re-prime reads
     * each ring entry through binary16 again, so a ring of exact floats (a state restored on the heap from a release
     * that kept them) re-primes exactly as the rounded one does.
     */
    @Test
    void theRingIsBinary16ButEveryStepTakesTheExactInput() {
        double[] v = series(40, 45);
        Model m = diffModel(1);
        LoadedModel lm = loaded(m);
        SeriesUpdater u = new SeriesUpdater(8, 1, 0);
        SeriesState s = SeriesState.create(8, 1);
        for (int i = 0; i < 30; i++) {
            u.apply(s, new double[] {v[i]}, i, lm);
            if (i > 0) {
                assertThat(u.forecast).as("step %d", i).isEqualTo(TestSupport.freshRun(m, slice(v, 0, i + 1), 1000));
            }
        }
        for (float x : s.inputs) {
            assertThat(Binary16.round(x)).isEqualTo(x);
        }
        // the same key with its ring's entries exact (the inputs a fresh scaler makes over the same values)
        SeriesState exact = SeriesStateSerializer.INSTANCE.copy(s);
        SeriesScaler scaler = new SeriesScaler(m.config());
        float[] x = new float[1];
        int pushed = 0;
        for (int i = 0; i < 30; i++) {
            if (scaler.push(new double[] {v[i]}, x)) {
                exact.inputs[pushed++ % 8] = x[0]; // the ring's slot of the n-th input: n mod W
            }
        }
        assertThat(pushed % 8).isEqualTo(s.inputHead);
        assertThat(exact.inputs).isNotEqualTo(s.inputs);
        Model m2 = diffModel(2);
        SeriesUpdater a = new SeriesUpdater(8, 1, 0);
        SeriesUpdater b = new SeriesUpdater(8, 1, 0);
        a.apply(s, new double[] {v[30]}, 30, loaded(m2));
        b.apply(exact, new double[] {v[30]}, 30, loaded(m2));
        assertThat(b.forecast).isEqualTo(a.forecast);
        assertThat(a.forecast).isEqualTo(reprimed(m2, slice(v, 0, 31), 8, 1));
    }

    @Test
    void aRestartWithAnotherWindowKeepsTheNewestInputs() {
        double[] v = series(30, 42);
        Model m = diffModel(1);
        LoadedModel lm = loaded(m);
        SeriesUpdater big = new SeriesUpdater(8, 1, 0);
        SeriesState s = SeriesState.create(8, 1);
        for (int i = 0; i < 20; i++) {
            big.apply(s, new double[] {v[i]}, i, lm);
        }
        // the job restarts with window-size 5 and a newer model: the ring shrinks to the newest 5 inputs
        Model m2 = diffModel(2);
        SeriesUpdater small = new SeriesUpdater(5, 1, 0);
        small.apply(s, new double[] {v[20]}, 20, loaded(m2));
        assertThat(s.inputs).hasSize(5);
        assertThat(s.inputCount).isEqualTo(5);
        assertThat(small.forecast).isEqualTo(reprimed(m2, slice(v, 0, 21), 5, 1));
        // and grows again, keeping what it has
        SeriesUpdater bigger = new SeriesUpdater(16, 1, 0);
        bigger.apply(s, new double[] {v[21]}, 21, loaded(m2));
        assertThat(s.inputs).hasSize(16);
        assertThat(s.inputCount).isEqualTo(6);
    }

    /**
     * A hybrid model serves w·network + (1 - w)·Holt-Winters, the smoothing run over every observation of the key,
     * those collected before its first model included; the network's part is what the same model without the
     * smoothing forecasts.
     */
    @Test
    void aHybridServesTheCombinationOfTheNetworkAndItsSmoothing() {
        double[] v = series(40, 44);
        Smoothing p = new Smoothing(0.3, 0.1, 0, false, 0.25);
        LoadedModel network = loaded(diffModel(1));
        LoadedModel hybrid = loaded(diffModel(1).withSmoothing(p));
        SeriesUpdater a = new SeriesUpdater(8, 1, 0);
        SeriesUpdater b = new SeriesUpdater(8, 1, 0);
        SeriesState sa = SeriesState.create(8, 1);
        SeriesState sb = SeriesState.create(8, 1);
        double[] hw = new double[HoltWinters.stateSize(1)];
        HoltWinters.reset(hw, p);
        for (int i = 0; i < v.length; i++) {
            LoadedModel ma = i < 5 ? null : network; // the first five arrive before any model
            LoadedModel mb = i < 5 ? null : hybrid;
            a.apply(sa, new double[] {v[i]}, i, ma);
            b.apply(sb, new double[] {v[i]}, i, mb);
            HoltWinters.observe(hw, 1, p, v[i]);
            if (i >= 5) {
                double expected = 0.25 * a.forecast + 0.75 * HoltWinters.forecast(hw, 1, p, 1);
                assertThat(b.forecast).as("forecast %d", i).isCloseTo(expected, within(1e-9));
            }
        }
        assertThat(sb.smoothing).containsExactly(hw);
        // a model without smoothing drops the key's smoothing state; the next hybrid starts it afresh
        b.apply(sb, new double[] {v[0]}, 40, loaded(diffModel(2)));
        assertThat(sb.smoothing).isNull();
    }

    /**
     * Naive as the significance gate serves it (model.train.NaiveGate: α = 1, β = 0, w = 0): the forecast is the last
     * value, bit for bit, from a key's first model on, and from the first observation after a swap from a hybrid whose
     * Holt trend the key's state still holds (β = 0 takes no trend, not the one left behind).
     */
    @Test
    void theGatesNaiveServesTheLastValueBitForBitAlsoAfterASwapFromATrendedHybrid() {
        double[] v = series(60, 46);
        LoadedModel naive = loaded(diffModel(2).withSmoothing(NaiveGate.NAIVE));
        SeriesUpdater first = new SeriesUpdater(8, 1, 0);
        SeriesState fresh = SeriesState.create(8, 1);
        for (int i = 0; i < v.length; i++) {
            first.apply(fresh, new double[] {v[i]}, i, i < 5 ? null : naive); // five before any model
            if (i >= 5) {
                assertThat(Double.doubleToRawLongBits(first.forecast))
                        .as("forecast %d", i)
                        .isEqualTo(Double.doubleToRawLongBits(v[i]));
            }
        }
        LoadedModel holt = loaded(diffModel(1).withSmoothing(new Smoothing(0.3, 0.2, 0, false, 0.5)));
        SeriesUpdater u = new SeriesUpdater(8, 1, 0);
        SeriesState s = SeriesState.create(8, 1);
        for (int i = 0; i < 30; i++) {
            u.apply(s, new double[] {v[i]}, i, holt);
        }
        assertThat(s.smoothing[2]).isNotZero(); // [n, ℓ, b, log, μ]: the Holt hybrid left a trend
        for (int i = 30; i < v.length; i++) {
            u.apply(s, new double[] {v[i]}, i, naive);
            assertThat(Double.doubleToRawLongBits(u.forecast))
                    .as("forecast %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(v[i]));
        }
    }

    /**
     * A hybrid with per-key sets serves each key with its own set and a key it was not trained on with the global set
     * (the slow mean's ψ, κ included), each key's smoothing run over all its observations.
     */
    @Test
    void aHybridWithPerKeySetsServesEachKeyWithItsOwnSet() {
        double[] v = series(40, 45);
        Smoothing own = new Smoothing(0.9, 0, 0, false, 0.25, 0.6, 0.05, java.util.Map.of());
        Smoothing global = new Smoothing(0.3, 0.1, 0, false, 0.25, 0.95, 0.03, java.util.Map.of("k1", own));
        LoadedModel network = loaded(diffModel(1));
        LoadedModel hybrid = loaded(diffModel(1).withSmoothing(global));
        for (String key : new String[] {"k1", "k2"}) {
            Smoothing p = key.equals("k1") ? own : global;
            SeriesUpdater a = new SeriesUpdater(8, 1, 0);
            SeriesUpdater b = new SeriesUpdater(8, 1, 0);
            SeriesState sa = SeriesState.create(8, 1);
            SeriesState sb = SeriesState.create(8, 1);
            double[] hw = new double[HoltWinters.stateSize(1)];
            HoltWinters.reset(hw, p);
            for (int i = 0; i < v.length; i++) {
                a.apply(sa, new double[] {v[i]}, i, network);
                b.apply(sb, key, new double[] {v[i]}, i, hybrid);
                HoltWinters.observe(hw, 1, p, v[i]);
                double expected = 0.25 * a.forecast + 0.75 * HoltWinters.forecast(hw, 1, p, 1);
                assertThat(b.forecast).as("%s forecast %d", key, i).isCloseTo(expected, within(1e-9));
            }
            assertThat(sb.smoothing).as(key).containsExactly(hw);
        }
    }

    /**
     * A key whose own set carries fitted starting states (model format 7) starts its Holt-Winters from them only when
     * its first observation is the key's first training row, recognised by its timestamp, as training ran it; a key
     * whose first observation is any other row, a key without its own starting states, and a key whose observations
     * arrived before its first model start from the first season, as without them.
     */
    @Test
    void fittedStartingStatesAreTakenOnlyWhenTheKeyStartsAtItsFirstTrainingRow() {
        int m = 4;
        long t0 = 1_700_000_000_000L;
        long hour = 3_600_000L;
        double[] v = series(40, 47);
        ModelConfig cfg = new ModelConfig(
                CellType.LSTM, 1, 4, 1, java.util.List.of("v"), 0, java.util.List.of(Transform.DIFF), 1000, m);
        Smoothing own = new Smoothing(0.3, 0.1, 0.6, false, 0.25, 1, 0, java.util.Map.of())
                .withStart(new Smoothing.Start(t0, new double[] {v[0], 0.5, 3, -1, 2, -4}));
        Smoothing global = new Smoothing(0.2, 0.1, 0.5, false, 0.25, 1, 0, java.util.Map.of("k1", own));
        LoadedModel hybrid = loaded(TestSupport.model(cfg, 1, 7).withSmoothing(global));
        record Case(String key, long first, int before, boolean started) {}
        for (Case c : new Case[] {
            new Case("k1", t0, 0, true), // the training run's first row: from the fitted starting states
            new Case("k1", t0 + hour, 0, false), // a later first row
            new Case("k1", t0, 3, false), // three observations before the first model, replayed from the first season
            new Case("k2", t0, 0, false) // a key without its own set: the global one, without starting states
        }) {
            Smoothing p = global.forKey(c.key);
            SeriesUpdater u = new SeriesUpdater(8, 1, 0);
            SeriesState s = SeriesState.create(8, 1);
            double[] hw = new double[HoltWinters.stateSize(m)];
            HoltWinters.reset(hw, p);
            if (c.started) {
                HoltWinters.begin(hw, m, p);
                assertThat(hw).as("%s", c).isNotEqualTo(new double[HoltWinters.stateSize(m)]);
            }
            for (int i = 0; i < v.length; i++) {
                u.apply(s, c.key, new double[] {v[i]}, c.first + i * hour, i < c.before ? null : hybrid);
                HoltWinters.observe(hw, m, p, v[i]);
                if (i >= c.before) {
                    assertThat(s.smoothing).as("%s, observation %d", c, i).containsExactly(hw);
                }
            }
        }
        double[] a = new double[HoltWinters.stateSize(m)];
        double[] b = new double[HoltWinters.stateSize(m)];
        HoltWinters.reset(a, own);
        HoltWinters.begin(b, m, own);
        HoltWinters.observe(a, m, own, v[0]);
        HoltWinters.observe(b, m, own, v[0]);
        assertThat(a).as("the two starts differ").isNotEqualTo(b);
    }

    /**
     * A key's state restored from a snapshot taken before seasons existed has no ring fields in its ScalerState: POJO
     * schema evolution leaves them as the no-argument constructor made them (empty arrays) or at Java's default
     * (null). With empty rings the key goes on under a model without a season as if nothing had changed; with null
     * rings (or any that do not fit the model) its scaler is rebuilt instead of failing.
     */
    @Test
    void aScalerStateFromBeforeSeasonsGoesOnUnderAModelWithoutOne() {
        double[] v = series(30, 43);
        LoadedModel lm = loaded(diffModel(1));
        SeriesUpdater u = new SeriesUpdater(8, 1, 0);
        SeriesState s = SeriesState.create(8, 1);
        for (int i = 0; i < 20; i++) {
            u.apply(s, new double[] {v[i]}, i, lm);
        }
        var old = new ScalerState(); // as the POJO serializer restores an old state
        old.count = s.scaler.count;
        old.hasPrevious = s.scaler.hasPrevious;
        old.last = s.scaler.last.clone();
        old.mean = s.scaler.mean.clone();
        old.var = s.scaler.var.clone();
        SeriesState reference = SeriesState.create(8, 1);
        SeriesUpdater r = new SeriesUpdater(8, 1, 0);
        for (int i = 0; i < 21; i++) {
            r.apply(reference, new double[] {v[i]}, i, lm);
        }
        s.scaler = old;
        u.apply(s, new double[] {v[20]}, 20, lm);
        assertThat(u.forecast).isEqualTo(r.forecast);

        s.scaler.hist = null; // a state that fits no model: rebuilt, no exception
        u.apply(s, new double[] {v[21]}, 21, lm);
        assertThat(s.scaler.fits(1, 1)).isTrue();
    }

    @Test
    void theRingsWrapAroundOldestFirst() {
        SeriesState s = SeriesState.create(3, 2);
        s.inputs = new float[3 * 3];
        int d = 3;
        for (int i = 1; i <= 5; i++) {
            s.appendInput(new float[] {i, -i, 10 * i}, d); // with a seasonal lag: F + 1 inputs
        }
        float[] x = new float[3];
        s.inputAt(0, x, d);
        assertThat(x).containsExactly(3f, -3f, 30f);
        s.inputAt(2, x, d);
        assertThat(x).containsExactly(5f, -5f, 50f);
        float[] plain = new float[2]; // a model without a season reads F
        s.inputAt(1, plain, d);
        assertThat(plain).containsExactly(4f, -4f);
        assertThat(s.inputCount).isEqualTo(3);
    }

    /**
     * A key restored from a snapshot taken before the bands' learning-rate schedule holds its calibrations in the
     * layout without k (3 + 2L floats per horizon): it keeps them (ConformalBands.upgrade) instead of warming up
     * again, at horizon 1 and at horizons 2 .. H alike.
     */
    @Test
    void bandsFromBeforeTheLearningRateScheduleAreKept() {
        double[] v = series(80, 44);
        LoadedModel lm = loaded(diffModel(1));
        int horizon = 3;
        ConformalBands bands = new ConformalBands(0.8, 0.95);
        SeriesUpdater u = new SeriesUpdater(8, 1, 0, bands, horizon);
        SeriesState s = SeriesState.create(8, 1);
        for (int i = 0; i < 60; i++) {
            u.apply(s, new double[] {v[i]}, i, lm);
        }
        int size = bands.stateSize();
        float[] scale = {s.bands[1], s.horizonBands[1], s.horizonBands[size + 1]};
        s.bands = withoutK(s.bands, 0, size);
        float[] old = new float[(horizon - 1) * (size - 1)];
        for (int h = 0; h < horizon - 1; h++) {
            System.arraycopy(withoutK(s.horizonBands, h * size, size), 0, old, h * (size - 1), size - 1);
        }
        s.horizonBands = old;

        u.apply(s, new double[] {v[60]}, 60, lm);
        assertThat(u.banded).as("a band at once: not warming up again").isTrue();
        assertThat(s.bands).hasSize(size);
        assertThat(s.horizonBands).hasSize((horizon - 1) * size);
        assertThat(u.pathLower).doesNotContain(Double.NaN);
        for (int h = 0; h < horizon; h++) {
            float[] b = h == 0 ? s.bands : Arrays.copyOfRange(s.horizonBands, (h - 1) * size, h * size);
            assertThat(bands.fits(b)).isTrue();
            assertThat(b[3]).as("k of horizon %d", h + 1).isEqualTo(bands.startingSteps());
            assertThat(b[0]).as("n of horizon %d: went on", h + 1).isGreaterThan(10f);
            assertThat(b[1])
                    .as("scale of horizon %d: went on from %s", h + 1, scale[h])
                    .isPositive();
        }
    }

    /** One calibration of {@code all} at {@code from}, in the layout before k: {n, s, o, q⁻_0, q⁺_0, ...}. */
    private static float[] withoutK(float[] all, int from, int size) {
        float[] old = new float[size - 1];
        System.arraycopy(all, from, old, 0, 3);
        System.arraycopy(all, from + 4, old, 3, size - 4);
        return old;
    }
}
