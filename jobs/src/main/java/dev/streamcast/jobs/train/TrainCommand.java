package dev.streamcast.jobs.train;

import dev.streamcast.jobs.cli.Action;
import dev.streamcast.jobs.cli.Command;
import dev.streamcast.jobs.cli.ExitStatus;
import dev.streamcast.jobs.cli.Failures;
import dev.streamcast.jobs.common.Durations;
import dev.streamcast.jobs.common.OutputDir;
import dev.streamcast.jobs.data.BadInputException;
import dev.streamcast.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code train} command: read history (CSV or the observations topic), read the champion (a file or the models
 * topic), train a candidate, gate it, publish it, report. Once, or every {@code --every} period until Ctrl-C.
 *
 * <p>Exit codes: 0 a normal verdict (accepted or champion kept), 1 a failure (unreadable input, Kafka unreachable),
 * 2 bad options, 3 training diverged (nothing published).
 */
public final class TrainCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;
    private final AtomicBoolean stop = new AtomicBoolean();

    public TrainCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command with the process's streams, environment and clock; returns the exit code. */
    public static int run(String[] args) {
        return new TrainCommand(System.out, System.err, System.getenv(), Clock.systemUTC()).execute(args);
    }

    /**
     * The {@code train} entry of the command line: options are checked when the command is prepared (a bad one is a
     * usage error); running it returns the run's exit status.
     */
    public static Command command() {
        return new Command() {
            @Override
            public String summary() {
                return "train a model on history, gate it against the champion, publish it (offline, ND4J)";
            }

            @Override
            public String help() {
                return TrainOptions.help();
            }

            @Override
            public Action prepare(String[] args) {
                TrainSettings s = TrainSettings.from(TrainOptions.parse(args), System.getenv());
                checkOutputs(s);
                return () -> {
                    TrainCommand c = new TrainCommand(System.out, System.err, System.getenv(), Clock.systemUTC());
                    return s.everyMillis() > 0 ? c.loop(s) : c.once(s);
                };
            }
        };
    }

    public int execute(String[] args) {
        TrainSettings s;
        try {
            Map<String, String> values = TrainOptions.parse(args);
            if (values.get("help").equals("true")) {
                out.print(TrainOptions.help());
                return 0;
            }
            s = TrainSettings.from(values, env);
            checkOutputs(s);
        } catch (IllegalArgumentException e) {
            err.println("train: " + e.getMessage());
            return 2;
        }
        return s.everyMillis() > 0 ? loop(s) : once(s);
    }

    /**
     * Refuses {@code --report} and {@code --out} places that cannot take the outputs before any work starts (not after
     * reading and training): an existing file or a foreign directory as the report directory, a directory as the
     * model file, a place that cannot be written.
     */
    static void checkOutputs(TrainSettings s) {
        if (s.report() != null) {
            OutputDir.check("report", s.report(), Report.FILES);
        }
        if (s.out() != null) {
            OutputDir.checkFile("out", s.out());
        }
    }

    /** One run with its verdict's exit code; failures are printed, not thrown. */
    int once(TrainSettings s) {
        try {
            return runOnce(s).exitCode();
        } catch (Progress.Stopped e) {
            out.println("stopped before training finished: nothing published");
            return 0;
        } catch (BadInputException e) {
            err.println("train: " + Failures.oneLine(e));
            return ExitStatus.FAILED;
        } catch (IllegalArgumentException e) {
            err.println("train: " + Failures.oneLine(e));
            return ExitStatus.USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("train failed: " + Failures.oneLine(e));
            return ExitStatus.FAILED;
        } catch (NoClassDefFoundError e) {
            err.println("train failed: " + e.getMessage() + " is missing; the train command needs ND4J: run it from "
                    + "streamcast.jar, not the slim cluster jar streamcast-job.jar");
            return 1;
        }
    }

    /** Runs every {@code everyMillis} (measured from each run's start) until Ctrl-C; returns 0 on a clean stop. */
    int loop(TrainSettings s) {
        Thread main = Thread.currentThread();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.set(true);
                    main.interrupt();
                    try {
                        finished.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                },
                "train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!stop.get()) {
                long start = clock.millis();
                once(s);
                long wait = start + s.everyMillis() - clock.millis();
                if (stop.get()) {
                    break;
                }
                out.println("next run in " + Durations.format(Math.max(0, wait)));
                try {
                    Thread.sleep(Math.max(0, wait));
                } catch (InterruptedException e) {
                    break;
                }
            }
            out.println("train: stopped");
            return 0;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it is waiting for finished, which is now counted down
            }
        }
    }

    /** Asks a running {@link #loop} (or training, between epochs) to stop. */
    public void requestStop() {
        stop.set(true);
    }

    /** One run: load, train, gate, publish, print, report. */
    public TrainVerdict runOnce(TrainSettings s) throws IOException {
        long t0 = System.nanoTime();
        TrainSources sources = new TrainSources(s, out);
        History h = sources.history();
        out.printf(
                "history: %d keys, %d observations, %d unusable rows, from %s%n",
                h.series().size(), h.points(), h.badRows(), h.source());
        Model champion = sources.champion();
        out.println(
                champion == null
                        ? "champion: none"
                        : "champion: version " + champion.version() + " ("
                                + champion.config().cell() + " H="
                                + champion.config().hiddenSize() + ")");
        long readMillis = (System.nanoTime() - t0) / 1_000_000;
        TrainVerdict o = new TrainPipeline(s, clock, out)
                .run(h, champion, new Progress(out, s.train().maxEpochs(), stop::get), sources.publishers());
        o.timingsMillis().put("read", readMillis);
        VerdictPrinter.print(out, o);
        if (s.report() != null) {
            Report.write(s.report(), o, s, h, clock.instant());
            out.println("report: " + s.report().resolve("report.json"));
        }
        return o;
    }
}
