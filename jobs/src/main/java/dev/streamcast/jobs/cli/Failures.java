package dev.streamcast.jobs.cli;

/** Turns an exception into the one line a command prints instead of a stack trace. */
public final class Failures {
    private Failures() {}

    /** Longest line printed for a failure. */
    public static final int MAX_CHARS = 500;

    /** The outermost message, and the root cause's when it says something else, on one line of bounded length. */
    public static String oneLine(Throwable e) {
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
        msg = msg.lines().findFirst().orElse(msg);
        return msg.length() <= MAX_CHARS
                ? msg
                : msg.substring(0, MAX_CHARS) + " ... (" + (msg.length() - MAX_CHARS) + " more characters)";
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
