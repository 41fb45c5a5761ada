package dev.streamcast.bench;

import dev.streamcast.model.CellType;
import dev.streamcast.model.ModelConfig;
import dev.streamcast.model.Smoothing;
import dev.streamcast.model.Transform;
import dev.streamcast.model.Weights;
import dev.streamcast.model.interval.Calibration;
import dev.streamcast.model.interval.ConformalBands;
import dev.streamcast.model.prep.ScalerState;
import dev.streamcast.model.prep.SeriesScaler;
import dev.streamcast.model.step.HoltWinters;
import dev.streamcast.model.step.Lookahead;
import dev.streamcast.model.step.StreamingModel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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

/**
 * The streaming step as the forecast job uses it: one thread, one observation of one series at a time, the series'
 * state fetched from a table of {@value #KEYS} keys round-robin (so each step starts from a state that is not in
 * registers and, at H=128 L=1 LSTM, not all in L1). F = 1, L = 1. Score: steps per second.
 *
 * <p>The machine is shared, so next to the wall-clock score the benchmark counts the thread's own CPU time
 * ({@link CpuTime}): steps / cpuNanos · 1e9 is the rate on one core while this thread actually runs, which
 * other processes disturb far less than the wall-clock rate (they still share the caches).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar StepBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StepBenchmark {

    static final int KEYS = 1000;

    @Param({"LSTM", "PEEPHOLE", "GRU", "RNN"})
    String cell;

    @Param({"32", "64", "128"})
    int hidden;

    /** Math.tanh/exp activations instead of the fast ones. */
    @Param({"false"})
    boolean exact;

    /**
     * Also the prediction intervals, as the forecast job makes them per event (issue 13): score the previous
     * forecast's band with this actual, then the bounds of levels 0.8 and 0.95 for this forecast.
     */
    @Param({"false", "true"})
    boolean bands;

    /**
     * Steps of the forecast path per event (issue 15, {@code --horizon}): with P &gt; 1, after the step the key's
     * path of P steps is made by {@link Lookahead} from a scratch copy of its recurrent and scaler state (P - 1 more
     * steps, each forecast fed back through the scaler). 1: the one-step forecast only.
     */
    @Param({"1"})
    int path;

    /**
     * The hybrid (issue 16, {@code model.Smoothing}): after the network's step, the key's Holt-Winters state (season
     * m = 12) takes the observation and gives its forecast, combined with the network's; measured without bands and
     * path (what it adds to the plain step).
     */
    @Param({"false", "true"})
    boolean hybrid;

    /**
     * The hybrid's season m: 12 (Holt-Winters), or 1: Holt pulled toward the slow mean (ψ, κ) with a set of its own
     * for every key, looked up by the key's name per event as the forecast job does ({@code Smoothing.forKey}).
     */
    @Param({"12"})
    int season;

    private double[][] smoothing;
    private Smoothing smoothingParams;
    private String[] names;

    private Lookahead ahead;
    private ScalerState[] scalers;
    private double[] pathOut;

    private ConformalBands calibrator;
    private float[][] bandStates;
    private float[] lastForecast;
    private final double[] lower = new double[2];
    private final double[] upper = new double[2];

    private StreamingModel model;
    private StreamingModel.Scratch scratch;
    private float[][] states;
    private float[][] xs;

    @Setup
    public void setUp() {
        ModelConfig cfg = ModelConfig.univariate(CellType.parse(cell), hidden, 1, Transform.NONE);
        Random rnd = new Random(1);
        float[] flat = new float[Weights.parameterCount(cfg)];
        float scale = (float) (1 / Math.sqrt(hidden));
        for (int k = 0; k < flat.length; k++) {
            flat[k] = (2 * rnd.nextFloat() - 1) * scale;
        }
        model = new StreamingModel(Weights.fromFlat(cfg, flat), exact);
        scratch = model.newScratch();
        states = new float[KEYS][cfg.stateSize()];
        xs = new float[KEYS][1];
        for (int k = 0; k < KEYS; k++) {
            xs[k][0] = (float) rnd.nextGaussian();
            for (int t = 0; t < 20; t++) {
                model.step(xs[k], states[k], scratch); // start from realistic, non-zero states
            }
        }
        ahead = new Lookahead(model);
        pathOut = new double[Math.max(1, path)];
        scalers = new ScalerState[KEYS];
        SeriesScaler scaler = new SeriesScaler(cfg);
        float[] x = new float[1];
        for (int k = 0; k < KEYS; k++) {
            scalers[k] = new ScalerState(1, 1);
            scaler.use(scalers[k]);
            for (int t = 0; t < 20; t++) {
                scaler.push(new double[] {rnd.nextGaussian()}, x); // a key's running statistics
            }
        }
        names = new String[KEYS];
        java.util.Map<String, Smoothing> own = new java.util.HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            names[k] = "key-" + k;
            own.put(
                    names[k],
                    new Smoothing(0.05 + 0.9 * rnd.nextDouble(), 0, 0, false, 0.5, 0.6, 0.03, java.util.Map.of()));
        }
        smoothingParams = season > 1
                ? new Smoothing(0.1, 0.02, 0.2, false, 0.5)
                : new Smoothing(0.3, 0.02, 0, false, 0.5, 0.95, 0.05, own);
        smoothing = new double[KEYS][HoltWinters.stateSize(season)];
        for (int k = 0; k < KEYS; k++) {
            Smoothing p = smoothingParams.forKey(names[k]);
            HoltWinters.reset(smoothing[k], p);
            for (int t = 0; t < 30; t++) {
                HoltWinters.observe(smoothing[k], season, p, rnd.nextGaussian()); // past its first season
            }
        }
        calibrator = new ConformalBands(0.8, 0.95);
        bandStates = new float[KEYS][];
        lastForecast = new float[KEYS];
        for (int k = 0; k < KEYS; k++) {
            bandStates[k] = calibrator.newState(Calibration.GAUSSIAN);
            for (int t = 0; t < 20; t++) {
                calibrator.observe(bandStates[k], 0, rnd.nextGaussian()); // warm: bounds are given
            }
        }
    }

    /** One step for each of the {@value #KEYS} keys in turn; the score is per step. */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public float stepEveryKeyOnce(CpuTime cpu) {
        long t0 = CpuTime.THREADS.getCurrentThreadCpuTime();
        float sum = 0;
        if (hybrid) {
            for (int k = 0; k < KEYS; k++) {
                float y = model.step(xs[k], states[k], scratch);
                Smoothing p = smoothingParams.forKey(names[k]); // the job's look-up; the set itself without a season
                HoltWinters.observe(smoothing[k], season, p, xs[k][0]);
                sum += (float) HoltWinters.combine(y, HoltWinters.forecast(smoothing[k], season, p, 1), p);
            }
        } else if (bands) {
            for (int k = 0; k < KEYS; k++) {
                float y = model.step(xs[k], states[k], scratch);
                float[] b = bandStates[k];
                calibrator.observe(b, lastForecast[k], xs[k][0]); // the previous forecast's band, scored
                lastForecast[k] = y;
                if (calibrator.ready(b)) {
                    calibrator.bounds(b, y, lower, upper); // the job then copies them into the Forecast
                    sum += (float) (upper[1] - lower[1]);
                }
                sum += y;
                if (path > 1) {
                    pathOut[0] = y;
                    ahead.extend(states[k], scalers[k], pathOut, path);
                    sum += (float) pathOut[path - 1];
                }
            }
        } else if (path > 1) {
            for (int k = 0; k < KEYS; k++) {
                float y = model.step(xs[k], states[k], scratch);
                pathOut[0] = y;
                ahead.extend(states[k], scalers[k], pathOut, path);
                sum += y + (float) pathOut[path - 1];
            }
        } else {
            for (int k = 0; k < KEYS; k++) {
                sum += model.step(xs[k], states[k], scratch);
            }
        }
        cpu.cpuNanos += CpuTime.THREADS.getCurrentThreadCpuTime() - t0;
        cpu.steps += KEYS;
        return sum;
    }

    /** Per-iteration totals of steps and of the benchmark thread's CPU time while stepping. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        public long cpuNanos;
        public long steps;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            steps = 0;
        }
    }
}
