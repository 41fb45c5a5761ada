package dev.streamcast.jobs.backtest;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process hand-off between a retraining backtest's driver and its job (see {@link RetrainingBacktestJob}):
 * the sink counts the outputs written, and the models source takes model k when the driver has trained it. Found by
 * run id (functions are serialized into the job, so they cannot hold the object itself). Only works in a local,
 * in-process Flink cluster, which is what the backtest runs on.
 */
final class RetrainGate {
    private static final Map<String, RetrainGate> GATES = new ConcurrentHashMap<>();

    /** Outputs (forecasts and dead letters) written by the sink so far. */
    final AtomicLong outputs = new AtomicLong();
    /** models[k]: the k-th model's bytes on the broadcast side (0 = the first, already trained). */
    final CompletableFuture<byte[]>[] models;

    @SuppressWarnings("unchecked")
    private RetrainGate(int count) {
        models = new CompletableFuture[count];
        for (int k = 0; k < count; k++) {
            models[k] = new CompletableFuture<>();
        }
    }

    static RetrainGate open(String runId, int models) {
        RetrainGate g = new RetrainGate(models);
        GATES.put(runId, g);
        return g;
    }

    /** The gate of a run, or null (a replay without retraining). */
    static RetrainGate get(String runId) {
        return runId == null ? null : GATES.get(runId);
    }

    static void close(String runId) {
        RetrainGate g = GATES.remove(runId);
        if (g != null) {
            for (CompletableFuture<byte[]> m : g.models) {
                m.cancel(false); // unblocks a source still waiting if the driver gave up
            }
        }
    }
}
