package dev.streamcast.jobs.cli;

/**
 * One subcommand of {@code streamcast <command>}: its one-line summary, its options' help text, and {@link #prepare},
 * which parses the options and builds what to run before anything runs (an IllegalArgumentException there is a usage
 * error: exit {@link ExitStatus#USAGE}).
 */
public interface Command {
    String summary();

    String help();

    Action prepare(String[] args);
}
