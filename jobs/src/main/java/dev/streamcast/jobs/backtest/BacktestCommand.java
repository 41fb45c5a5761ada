package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.cli.Action;
import dev.streamcast.jobs.cli.Command;
import dev.streamcast.jobs.cli.ExitStatus;
import dev.streamcast.jobs.cli.Failures;
import dev.streamcast.jobs.common.OutputDir;
import dev.streamcast.jobs.data.BadInputException;
import dev.streamcast.model.eval.ErrorStats;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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

    /** One line for the command list of the command line. */
    public static final String SUMMARY =
            "replay a CSV or a time range of the observations topic through the forecast operator, score it "
                    + "against naive, seasonal naive and SES";

    /** The {@code backtest} entry of the command line ({@code streamcast backtest ...}). */
    public static Command command() {
        return new Command() {
            @Override
            public String summary() {
                return SUMMARY;
            }

            @Override
            public String help() {
                return BacktestOptions.table();
            }

            @Override
            public Action prepare(String[] args) {
                BacktestSettings s = settings(args);
                return () -> execute(s, System.out, System.err);
            }
        };
    }

    /**
     * Parses and validates the options (for the command line's prepare step).
     *
     * @throws IllegalArgumentException naming the bad option and value
     */
    public static BacktestSettings settings(String[] args) {
        BacktestSettings s = BacktestSettings.from(BacktestOptions.parse(args));
        OutputDir.check("out", s.out(), Backtest.OUTPUTS); // before any work: refused in milliseconds, not after replay
        return s;
    }

    /** Runs the backtest with progress on {@code out} and prints the overall table at the end. */
    public static Backtest.Result execute(BacktestSettings settings, PrintStream out) throws Exception {
        Backtest.Result r = new Backtest(settings, out).run();
        out.println();
        out.print(table(r.keys()));
        out.printf(
                "bad rows: %d; outputs in %s%n", r.bad().size(), settings.out().toAbsolutePath());
        return r;
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        BacktestSettings settings;
        try {
            if (Arrays.asList(args).contains("--help")) {
                out.println(BacktestOptions.help());
                return 0;
            }
            settings = settings(args);
        } catch (IllegalArgumentException e) {
            err.println("backtest: " + e.getMessage());
            return 2;
        }
        return execute(settings, out, err);
    }

    /**
     * Runs a prepared backtest; returns its exit status: 0 done, 1 when the input could not be used (a bad file, no
     * usable row, no scored point, Kafka unreachable) or the run failed, each printed as one line on {@code err}.
     */
    static int execute(BacktestSettings settings, PrintStream out, PrintStream err) {
        try {
            Backtest.Result r = execute(settings, out);
            long scored = Summary.pooled(r.keys())[KeyScore.MODEL].count();
            if (scored == 0) {
                err.println("backtest: " + settings.source() + ": no forecast could be scored ("
                        + r.keys().size()
                        + " keys, " + r.observations() + " observations; each key needs rows after its training "
                        + "part, --train-fraction " + settings.trainFraction() + ")");
                return ExitStatus.FAILED;
            }
            return ExitStatus.OK;
        } catch (BadInputException e) {
            err.println("backtest: " + Failures.oneLine(e));
            return ExitStatus.FAILED;
        } catch (Exception e) {
            err.println("backtest: " + settings.source() + ": " + Failures.oneLine(e));
            return ExitStatus.FAILED;
        }
    }

    /** The overall table: one row per method with count, MASE, sMAPE, MAE, RMSE. */
    static String table(List<KeyScore> keys) {
        ErrorStats[] pooled = Summary.pooled(keys);
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT, "overall (%d keys, %d scored points)%n", keys.size(), pooled[KeyScore.MODEL].count()));
        b.append(String.format(Locale.ROOT, "%-16s %10s %10s %14s %14s%n", "method", "MASE", "sMAPE %", "MAE", "RMSE"));
        for (int j = 0; j < KeyScore.METHODS.length; j++) {
            b.append(String.format(
                    Locale.ROOT,
                    "%-16s %10.4f %10.4f %14.6g %14.6g%n",
                    KeyScore.METHODS[j],
                    Summary.meanMase(keys, j),
                    pooled[j].smape(),
                    pooled[j].mae(),
                    pooled[j].rmse()));
        }
        return b.toString();
    }
}
