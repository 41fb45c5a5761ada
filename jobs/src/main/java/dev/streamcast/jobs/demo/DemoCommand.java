package dev.streamcast.jobs.demo;

import dev.streamcast.jobs.cli.Action;
import dev.streamcast.jobs.cli.Command;
import dev.streamcast.jobs.cli.ExitStatus;
import dev.streamcast.jobs.cli.Failures;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;

/**
 * {@code streamcast demo [options]}: runs {@link Demo} and turns every failure into one line on stderr and a
 * non-zero exit code. Ctrl-C stops the demo early; it still prints its report and cleans up before the JVM exits.
 */
public final class DemoCommand {
    private DemoCommand() {}

    /** The exit code and, when the demo ran, what it did. */
    public record Outcome(int exitCode, Demo.Result result) {}

    public static void main(String[] args) {
        int code = run(args);
        System.exit(code);
    }

    /** Runs the demo with the embedded broker, printing to stdout/stderr; returns the exit code. */
    public static int run(String[] args) {
        return execute(args, System.out, System.err, embeddedBroker(), true).exitCode();
    }

    /**
     * @param shutdownHook whether Ctrl-C should stop the demo gracefully (the command line; not in tests)
     */
    public static Outcome execute(
            String[] args, PrintStream out, PrintStream err, Demo.BrokerStarter broker, boolean shutdownHook) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                out.println(DemoOptions.USAGE);
                return new Outcome(0, null);
            }
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("streamcast demo: " + e.getMessage());
            return new Outcome(2, null);
        }
        quietLogs();
        Demo demo = new Demo(options, out, broker);
        Object done = new Object();
        boolean[] finished = {false};
        int[] code = {1};
        Thread waitingHook = new Thread(
                () -> {
                    demo.requestStop();
                    synchronized (done) {
                        long until = System.currentTimeMillis() + 60_000;
                        while (!finished[0] && System.currentTimeMillis() < until) {
                            try {
                                done.wait(500);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        if (finished[0] && code[0] == 0) {
                            // stopped by the user and cleaned up: exit 0, not the signal's 130/143
                            Runtime.getRuntime().halt(0);
                        }
                    }
                },
                "demo-ctrl-c");
        if (shutdownHook) {
            Runtime.getRuntime().addShutdownHook(waitingHook);
        }
        try {
            Demo.Result result = demo.run();
            int status = status(result, err);
            code[0] = status;
            return new Outcome(status, result);
        } catch (IllegalArgumentException e) {
            err.println("streamcast demo: " + e.getMessage());
            return new Outcome(1, null);
        } catch (Exception e) {
            err.println("streamcast demo: " + Failures.oneLine(e));
            return new Outcome(1, null);
        } finally {
            synchronized (done) {
                finished[0] = true;
                done.notifyAll();
            }
            if (shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(waitingHook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down (Ctrl-C): the hook is what is waiting for us
                }
            }
        }
    }

    /**
     * Keeps Flink's and Kafka's warnings off the demo's console (errors still show): the local jar logs WARN and up to
     * stdout, which would scroll the live view away. Done through reflection, as log4j-core is a runtime-only
     * dependency; with another logging backend nothing changes. Initialising logging here, on one thread, also keeps
     * SLF4J from complaining about loggers requested by several threads during its start.
     */
    static void quietLogs() {
        // one logger context for every class loader: Flink loads its RPC system (Pekko) through a class loader of
        // its own, which would otherwise get a context of its own at the configured WARN level
        if (System.getProperty("log4j2.contextSelector") == null) {
            System.setProperty("log4j2.contextSelector", "org.apache.logging.log4j.core.selector.BasicContextSelector");
        }
        LoggerFactory.getLogger(DemoCommand.class);
        try {
            Class<?> level = Class.forName("org.apache.logging.log4j.Level");
            Class<?> configurator = Class.forName("org.apache.logging.log4j.core.config.Configurator");
            configurator
                    .getMethod("setRootLevel", level)
                    .invoke(null, level.getField("ERROR").get(null));
            configurator
                    .getMethod("setLevel", String.class, level)
                    .invoke(null, "dev.streamcast", level.getField("WARN").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            // not log4j: leave logging as configured
        }
    }

    /**
     * 0, or 1 with one line on {@code err} when observations were sent but none could be used (no forecast came back):
     * a run that forecast nothing is not a success, whatever the reason the job refused the records.
     */
    static int status(Demo.Result r, PrintStream err) {
        if (r.forecasts() == 0 && r.observations() > 0) {
            err.println("streamcast demo: no observation could be used: " + r.observations() + " sent, 0 forecasts, "
                    + r.deadLetters() + " dead letters (their reasons are on the dead-letter topic)");
            return ExitStatus.FAILED;
        }
        return ExitStatus.OK;
    }

    /** The embedded KRaft broker ({@link EmbeddedKafka}: free ports, a temporary directory removed on close). */
    static Demo.BrokerStarter embeddedBroker() {
        return () -> {
            EmbeddedKafka kafka = EmbeddedKafka.start();
            return new Demo.Broker() {
                @Override
                public String bootstrapServers() {
                    return kafka.bootstrapServers();
                }

                @Override
                public void close() {
                    kafka.close();
                }
            };
        };
    }

    /** {@code demo} for the command line's table of commands. */
    public static Command command() {
        return new Command() {
            @Override
            public String summary() {
                return "run the whole loop on this machine: embedded Kafka, Flink, replayed data, live forecasts, "
                        + "retraining";
            }

            @Override
            public String help() {
                return DemoOptions.USAGE.substring(DemoOptions.USAGE.indexOf('\n') + 1) + "\n";
            }

            @Override
            public Action prepare(String[] args) {
                DemoOptions.parse(args); // a bad option is a usage error before anything starts
                return () -> run(args);
            }
        };
    }
}
