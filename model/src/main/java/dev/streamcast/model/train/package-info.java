/**
 * Training on ND4J: truncated BPTT (k1, k2) for stacked LSTM/GRU/RNN forecasters, Adam, global-norm clipping,
 * optional L2, early stopping, seeded initialisation. The only package of streamcast that imports ND4J (an optional
 * dependency of model/), so inference never loads it. Entry point: {@link dev.streamcast.model.train.Trainer};
 * design and layout in docs/training.md.
 */
package dev.streamcast.model.train;
