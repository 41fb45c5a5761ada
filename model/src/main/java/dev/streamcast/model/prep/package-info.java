/**
 * The per-series input pipeline (transform, running scaling, inverse) shared by the forecast job, the trainer and the
 * backtest: {@link dev.streamcast.model.prep.SeriesScaler} working on a
 * {@link dev.streamcast.model.prep.ScalerState}, {@link dev.streamcast.model.prep.Sequences} for training data, and
 * {@link dev.streamcast.model.prep.Binary16}, the half precision the forecast job keeps its input ring in. No ND4J,
 * no Flink.
 */
package dev.streamcast.model.prep;
