package dev.streamcast.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.streamcast.jobs.train.History;
import dev.streamcast.jobs.train.TrainOptions;
import dev.streamcast.jobs.train.TrainPipeline;
import dev.streamcast.jobs.train.TrainSettings;
import dev.streamcast.jobs.train.TrainVerdict;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Training at scale: the train command's pipeline (prepare, TBPTT training, gate) with the default configuration on
 * S generated series of N points each (level + daily sine + noise + a slow random walk). Not JMH: one run takes
 * seconds to minutes and is measured once, with per-stage wall times.
 *
 * <p>Throughput = trained examples × timesteps per second: per epoch, every step of every training part (after the
 * holdout and the validation split) is one example-timestep of forward and backward pass.
 *
 * <p>Usage: {@code TrainScaleDriver <series> <points> [train options, e.g. --epochs 3]}.
 */
public final class TrainScaleDriver {
    public static void main(String[] args) throws Exception {
        int seriesCount = Integer.parseInt(args[0]);
        int points = Integer.parseInt(args[1]);
        String[] options = Arrays.copyOfRange(args, 2, args.length);
        TrainSettings s = TrainSettings.from(TrainOptions.parse(options), Map.of());
        History h = generate(seriesCount, points, 1);
        PrintStream out = System.out;
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        TrainVerdict o = new TrainPipeline(s, Clock.systemUTC(), out)
                .run(
                        h,
                        null,
                        (e, tl, vl, el) ->
                                out.printf(Locale.ROOT, "epoch %d loss %.5f val %.5f elapsed %s%n", e + 1, tl, vl, el),
                        List.of());
        double total = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9; // all threads: the machine is shared, wall time is not
        // ours alone
        // steps per epoch: each key keeps T - floor(0.1 T) rows for training; Sequences drops one (no label);
        // the trainer holds back floor(validationFraction * T') of those for validation.
        long trainSteps = 0;
        for (History.Series x : h.series()) {
            int rows = x.length() - (int) Math.floor(s.holdoutFraction() * x.length());
            int examples = rows - 1;
            trainSteps += examples - (int) Math.floor(s.train().validationFraction() * examples);
        }
        int epochs = o.result().epochs();
        double trainSec = o.timingsMillis().get("train") / 1000.0;
        System.out.printf(
                Locale.ROOT,
                "RESULT series=%d points=%d epochs=%d trainSteps/epoch=%d train=%.1fs "
                        + "total=%.1fs cpu=%.1fs exTs/cpu-s=%.0f prepare=%dms score=%dms exTs/s=%.0f decision=%s candidateMASE=%.4f naiveMASE=%.4f%n",
                seriesCount,
                points,
                epochs,
                trainSteps,
                trainSec,
                total,
                cpu,
                trainSteps * (double) epochs / cpu,
                o.timingsMillis().get("prepare"),
                o.timingsMillis().get("score"),
                trainSteps * (double) epochs / trainSec,
                o.decision(),
                o.scores().candidate().mase(),
                o.scores().naive().mase());
    }

    static History generate(int count, int length, long seed) {
        Random rnd = new Random(seed);
        List<History.Series> series = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double phase = rnd.nextDouble() * 24;
            double walk = 0;
            long[] ts = new long[length];
            double[][] v = new double[length][];
            for (int t = 0; t < length; t++) {
                walk += 0.01 * rnd.nextGaussian();
                ts[t] = t * 3_600_000L;
                v[t] = new double[] {10 + walk + Math.sin(2 * Math.PI * (t + phase) / 24) + 0.1 * rnd.nextGaussian()};
            }
            series.add(new History.Series("s" + k, ts, v));
        }
        return new History(List.of("value"), 0, series, "generated " + count + "x" + length, 0);
    }
}
