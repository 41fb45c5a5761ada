/**
 * Prediction intervals: an online conformal calibrator per series ({@link ConformalBands}, a few floats of state per
 * key and level, no allocation per step) and the starting calibration a trainer stores in the model file
 * ({@link Calibration}). Plain Java, no ND4J. See docs/intervals.md.
 */
package dev.streamcast.model.interval;
