/**
 * Streaming inference on plain float arrays, one observation of one series at a time, with no ND4J and no
 * allocation per step: {@link dev.streamcast.model.step.StreamingModel} (the stacked cells and the head) and
 * {@link dev.streamcast.model.step.Activations} (fast tanh and σ with a tested error bound).
 */
package dev.streamcast.model.step;
