package dev.streamcast.jobs.backtest;

import dev.streamcast.model.eval.ErrorStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code backtest} command: parses the options, runs the {@link Backtest}, prints progress and, at the end, the
 * overall table. Exit codes: 0 done, 2 bad options, 1 the run failed.
 */
public final class BacktestCommand {
    private BacktestCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        BacktestSettings settings;
        try {
            Map<String, String> options = BacktestOptions.parse(args);
            if (options.get("help").equals("true")) {
                out.println(BacktestOptions.help());
                return 0;
            }
            settings = BacktestSettings.from(options);
        } catch (IllegalArgumentException e) {
            err.println("backtest: " + e.getMessage());
            return 2;
        }
        try {
            Backtest.Result r = new Backtest(settings, out).run();
            out.println();
            out.print(table(r.keys()));
            out.printf("bad rows: %d; outputs in %s%n", r.bad().size(), settings.out().toAbsolutePath());
            return 0;
        } catch (Exception e) {
            err.println("backtest failed: " + e);
            return 1;
        }
    }

    /** The overall table: one row per method with count, MASE, sMAPE, MAE, RMSE. */
    static String table(List<KeyScore> keys) {
        ErrorStats[] pooled = Summary.pooled(keys);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "overall (%d keys, %d scored points)%n", keys.size(),
                pooled[KeyScore.MODEL].count()));
        b.append(String.format(Locale.ROOT, "%-16s %10s %10s %14s %14s%n", "method", "MASE", "sMAPE %", "MAE",
                "RMSE"));
        for (int j = 0; j < KeyScore.METHODS.length; j++) {
            b.append(String.format(Locale.ROOT, "%-16s %10.4f %10.4f %14.6g %14.6g%n", KeyScore.METHODS[j],
                    Summary.meanMase(keys, j), pooled[j].smape(), pooled[j].mae(), pooled[j].rmse()));
        }
        return b.toString();
    }
}
