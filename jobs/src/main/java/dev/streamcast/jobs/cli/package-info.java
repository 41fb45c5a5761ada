/**
 * The command-line contract shared by the commands: {@link dev.streamcast.jobs.cli.Command} and
 * {@link dev.streamcast.jobs.cli.Action}, implemented by the forecast, train, backtest and demo packages and
 * registered by {@code dev.streamcast.jobs.Main}, which depends on them and never the other way round.
 */
package dev.streamcast.jobs.cli;
