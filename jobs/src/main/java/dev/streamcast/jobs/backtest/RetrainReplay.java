package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.Observation;
import dev.streamcast.model.Model;
import java.io.PrintStream;
import java.util.List;

/** Replay with retraining every N observations (see run). */
final class RetrainReplay {
    private final BacktestSettings settings;
    private final ModelFitter fitter;
    private final BacktestData data;
    private final ForecastConfig config;
    private final PrintStream log;

    RetrainReplay(BacktestSettings settings, ModelFitter fitter, BacktestData data, ForecastConfig config,
            PrintStream log) {
        this.settings = settings;
        this.fitter = fitter;
        this.data = data;
        this.config = config;
        this.log = log;
    }

    List<ReplayOutput> run(List<Observation> observations, Model first) throws Exception {
        throw new UnsupportedOperationException("--retrain-every is not implemented yet");
    }
}
