package dev.streamcast.jobs.cli;

/** The exit statuses every command uses (README, "Command line"). */
public final class ExitStatus {
    private ExitStatus() {}

    /** Done (for train: a verdict, the candidate accepted or the champion kept). */
    public static final int OK = 0;
    /** The input could not be used (a bad or unreadable file, no usable record, Kafka unreachable) or the run failed. */
    public static final int FAILED = 1;
    /** A bad command, option or value; nothing was run. */
    public static final int USAGE = 2;
    /** train: the training diverged, nothing was published. */
    public static final int DIVERGED = 3;
}
