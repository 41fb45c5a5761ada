/**
 * Accuracy: error statistics (MAE, RMSE, sMAPE, MASE) and the baselines every report shows next to the model
 * (naive, seasonal naive, simple exponential smoothing). Plain Java, no ND4J.
 */
package dev.streamcast.model.eval;
