package dev.streamcast.jobs.demo;

import java.io.PrintStream;

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
    public static Outcome execute(String[] args, PrintStream out, PrintStream err, Demo.BrokerStarter broker,
            boolean shutdownHook) {
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
        Demo demo = new Demo(options, out, broker);
        Object done = new Object();
        boolean[] finished = {false};
        int[] code = {1};
        Thread waitingHook = new Thread(() -> {
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
        }, "demo-ctrl-c");
        if (shutdownHook) {
            Runtime.getRuntime().addShutdownHook(waitingHook);
        }
        try {
            Outcome o = new Outcome(0, demo.run());
            code[0] = 0;
            return o;
        } catch (IllegalArgumentException e) {
            err.println("streamcast demo: " + e.getMessage());
            return new Outcome(1, null);
        } catch (Exception e) {
            err.println("streamcast demo: " + oneLine(e));
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

    /** The outermost message, and the root cause's when it says something else, on one line. */
    static String oneLine(Throwable e) {
        Throwable top = e;
        while (top.getMessage() == null && top.getCause() != null) {
            top = top.getCause();
        }
        Throwable root = top;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = message(top);
        if (root != top && !msg.contains(message(root))) {
            msg += ": " + message(root);
        }
        return msg.lines().findFirst().orElse(msg);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Until the embedded broker lands on main, only {@code --bootstrap-servers} works from the command line. */
    static Demo.BrokerStarter embeddedBroker() {
        return () -> {
            throw new IllegalStateException("the embedded Kafka broker is not in this build yet; "
                    + "pass --bootstrap-servers HOST:PORT");
        };
    }
}
