package dev.streamcast.jobs.cli;

/** What a {@link Command} runs once its options are known to be good. */
public interface Action {
    /** Runs the command; returns its exit status ({@link ExitStatus}). */
    int run() throws Exception;
}
