package dev.streamcast.jobs.train;

import dev.streamcast.model.eval.HoldoutScores;
import dev.streamcast.model.train.ModelFitter;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a run's scores and decision on the console. */
final class VerdictPrinter {
    private VerdictPrinter() {}

    /** Per-key lines are printed up to this many keys (all of them are in report.json). */
    static final int MAX_KEYS_SHOWN = 20;

    static void print(PrintStream out, TrainVerdict o) {
        HoldoutScores s = o.scores();
        if (s != null) {
            out.printf(
                    Locale.ROOT,
                    "holdout scores (%d keys, %d points; means over keys):%n",
                    s.keys().size(),
                    s.candidate().points());
            out.printf(Locale.ROOT, "  %-22s %12s %10s%n", "", "MAE", "MASE");
            row(out, "candidate v" + (o.championVersion() + 1), s.candidate());
            if (s.champion() != null) {
                row(out, "champion v" + o.championVersion(), s.champion());
            }
            row(out, "naive (next = last)", s.naive());
            if (s.keys().size() <= MAX_KEYS_SHOWN) {
                out.printf(
                        Locale.ROOT, "  per key MASE: %-14s %10s %10s %10s%n", "key", "candidate", "champion", "naive");
                for (HoldoutScores.Key k : s.keys()) {
                    out.printf(
                            Locale.ROOT,
                            "                %-14s %10.4f %10.4f %10.4f%n",
                            k.key(),
                            k.candidateMase(),
                            k.championMase(),
                            k.naiveMase());
                }
            }
        }
        if (!o.skipped().isEmpty()) {
            out.println("skipped keys: " + ModelFitter.describe(o.skipped()));
        }
        out.println("decision: " + o.decision() + ": " + o.message());
        out.flush();
    }

    private static void row(PrintStream out, String name, HoldoutScores.Means s) {
        out.printf(Locale.ROOT, "  %-22s %12.6g %10.4f%n", name, s.mae(), s.mase());
    }
}
