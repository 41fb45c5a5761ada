/**
 * The {@code backtest} command: walk-forward evaluation of a model on a historical CSV through the forecast job's own
 * operator. {@link dev.streamcast.jobs.backtest.BacktestCommand} parses the options ({@link
 * dev.streamcast.jobs.backtest.BacktestOptions}) and runs a {@link dev.streamcast.jobs.backtest.Backtest}: load and
 * split ({@link dev.streamcast.jobs.backtest.BacktestData}), train one global model ({@link
 * dev.streamcast.jobs.backtest.BacktestTraining}, on the one fitting path {@link
 * dev.streamcast.model.train.ModelFitter}), replay in a bounded Flink job ({@link
 * dev.streamcast.jobs.backtest.BacktestJob}, or {@link dev.streamcast.jobs.backtest.RetrainingBacktestJob} with
 * retraining),
 * score the model and the baselines on the same points ({@link dev.streamcast.jobs.backtest.KeyScore}) and write
 * summary.json ({@link dev.streamcast.jobs.backtest.Summary}), forecasts.csv and report.html.
 */
package dev.streamcast.jobs.backtest;
