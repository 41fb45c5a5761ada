/**
 * The {@code train} command: periodic offline retraining with truncated BPTT, a validation gate against the running
 * model, signed publishing to the models topic, and a JSON/PNG report. Runs as its own process (it needs ND4J; the
 * forecast job on the cluster does not). Entry point {@link dev.streamcast.jobs.train.TrainCommand}; the run itself
 * is {@link dev.streamcast.jobs.train.TrainPipeline} (fitting through {@link dev.streamcast.model.train.ModelFitter},
 * the gate {@link dev.streamcast.model.eval.HoldoutGate}), the options {@link dev.streamcast.jobs.train.TrainOptions}.
 */
package dev.streamcast.jobs.train;
