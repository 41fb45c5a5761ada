package dev.streamcast.jobs.backtest;

import org.apache.flink.connector.datagen.source.GeneratorFunction;

/** The models source's generator: model k is the k-th model the driver trains, taken from the run's gate. */
final class TrainedModels implements GeneratorFunction<Long, byte[]> {
    private static final long serialVersionUID = 1L;
    private final String runId;

    TrainedModels(String runId) {
        this.runId = runId;
    }

    @Override
    public byte[] map(Long k) throws Exception {
        // Blocks this source until the driver has trained model k; the watermark after model k - 1 was already sent.
        return RetrainGate.get(runId).models[Math.toIntExact(k)].get();
    }
}
