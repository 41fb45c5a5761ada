package dev.streamcast.jobs.train;

import dev.streamcast.model.Model;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Generated histories and small, fast training settings for the train command's tests. */
final class TrainFixtures {
    private TrainFixtures() {}

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

    /** Runs the train command with {@link #SMALL} before {@code args}, no environment and {@link #CLOCK}. */
    static int trainSmall(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        String[] all = new String[SMALL.length + args.length];
        System.arraycopy(SMALL, 0, all, 0, SMALL.length);
        System.arraycopy(args, 0, all, SMALL.length, args.length);
        return new TrainCommand(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of(),
                        CLOCK)
                .execute(all);
    }

    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long STEP = 3_600_000L;

    /** Small and quick: H = 8, TBPTT 12/24, batch 4, lr 0.01, few epochs. */
    static final String[] SMALL = {
        "--hidden",
        "8",
        "--k1",
        "12",
        "--k2",
        "24",
        "--batch",
        "4",
        "--lr",
        "0.01",
        "--epochs",
        "6",
        "--patience",
        "3",
        "--seed",
        "7"
    };

    /** {@code keys} series of level + sin(2πt/24) (phase per key) + noise·N(0,1), hourly, from {@link #T0}. */
    static History seasonal(int keys, int length, double noise, long seed) {
        Random rnd = new Random(seed);
        List<History.Series> series = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            double phase = rnd.nextDouble() * 24;
            double level = 10 + k;
            long[] ts = new long[length];
            double[][] v = new double[length][];
            for (int t = 0; t < length; t++) {
                ts[t] = T0 + t * STEP;
                v[t] = new double[] {level + Math.sin(2 * Math.PI * (t + phase) / 24) + noise * rnd.nextGaussian()};
            }
            series.add(new History.Series("k" + k, ts, v));
        }
        return new History(List.of("value"), 0, series, "generated", 0);
    }

    /** Settings from SMALL followed by {@code more} (later options win). */
    static TrainSettings settings(String... more) {
        String[] args = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, args, 0, SMALL.length);
        System.arraycopy(more, 0, args, SMALL.length, more.length);
        return TrainSettings.from(TrainOptions.parse(args), Map.of());
    }

    /** Runs the pipeline, collecting published payloads into {@code published}. */
    static TrainVerdict train(TrainSettings s, History h, Model champion, List<byte[]> published) throws Exception {
        return new TrainPipeline(s, CLOCK, quiet())
                .run(h, champion, null, List.of((m, payload) -> published.add(payload)));
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
