package dev.streamcast.jobs;

import dev.streamcast.jobs.backtest.BacktestCommand;
import dev.streamcast.jobs.cli.Action;
import dev.streamcast.jobs.cli.Command;
import dev.streamcast.jobs.cli.ExitStatus;
import dev.streamcast.jobs.dashboard.DashboardCommand;
import dev.streamcast.jobs.demo.DemoCommand;
import dev.streamcast.jobs.forecast.ForecastCommand;
import dev.streamcast.jobs.replay.ReplayCommand;
import dev.streamcast.jobs.train.TrainCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line: {@code streamcast <command> [--option value ...]}. Each command is one entry in
 * {@link #COMMANDS}; {@code <command> --help} lists its options. A bad command or option names itself and exits
 * with status 2. Runs locally (an in-process Flink MiniCluster) with {@code java -jar streamcast.jar}, and on a
 * cluster with {@code flink run streamcast-job.jar}.
 */
public final class Main {
    private Main() {}

    /** Status for a usage error (bad command, option or value). */
    public static final int USAGE = ExitStatus.USAGE;

    /** The subcommands, in the order {@code --help} shows them. Main only registers them; they never import Main. */
    static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("backtest", BacktestCommand.command());
        COMMANDS.put("dashboard", DashboardCommand.command());
        COMMANDS.put("demo", DemoCommand.command());
        COMMANDS.put("forecast", ForecastCommand.command());
        COMMANDS.put("replay", ReplayCommand.command());
        COMMANDS.put("train", TrainCommand.command());
    }

    public static void main(String[] args) throws Exception {
        if (!insideFlink()) {
            int status = run(args, System.out, System.err);
            if (status != 0) {
                System.exit(status);
            }
            return;
        }
        // `flink run` or a REST/web-UI submission runs main() inside the Flink client or the JobManager, where
        // System.exit would take that process down: refuse with an exception that carries the message instead.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int status = run(args, System.out, new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IllegalArgumentException(
                    captured.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * Whether Flink loaded this class (a user-code class loader of the client or the JobManager) rather than the
     * JVM's application class loader of {@code java -jar streamcast.jar}.
     */
    static boolean insideFlink() {
        return Main.class.getClassLoader() != ClassLoader.getSystemClassLoader();
    }

    /**
     * Runs {@code args}; returns the command's exit status ({@link ExitStatus}), or {@link #USAGE} after printing what is
     * wrong to {@code err}.
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? USAGE : 0;
        }
        Command cmd = COMMANDS.get(args[0]);
        if (cmd == null) {
            err.println("unknown command '" + args[0] + "'; commands: " + String.join(", ", COMMANDS.keySet()));
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.println("usage: streamcast " + args[0] + " [--option value ...]");
            out.println(cmd.summary() + "\n\noptions:");
            out.print(cmd.help());
            return 0;
        }
        Action action;
        try {
            action = cmd.prepare(rest);
        } catch (IllegalArgumentException e) {
            err.println(args[0] + ": " + e.getMessage());
            return USAGE;
        }
        return action.run();
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: streamcast <command> [--option value ...]\n\ncommands:\n");
        COMMANDS.forEach((name, c) -> b.append(String.format("  %-10s %s%n", name, c.summary())));
        return b.append("\n'streamcast <command> --help' lists a command's options.\n")
                .toString();
    }
}
