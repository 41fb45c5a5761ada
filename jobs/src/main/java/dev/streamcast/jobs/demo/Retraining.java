package dev.streamcast.jobs.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Retrains every period on the observations that have arrived (warm start from the champion); the trainer's gate
 * publishes only better models. A run that is still training when the next one is due delays it.
 */
final class Retraining implements AutoCloseable {
    private final DemoTrainer trainer;
    private final DemoData data;
    private final LongSupplier sent;
    private final boolean forceFirst;
    private final ConsoleView view;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-retraining");
        t.setDaemon(false);
        return t;
    });
    private volatile int runs;
    private volatile int published;
    private long trainedOn;

    Retraining(DemoTrainer trainer, DemoData data, LongSupplier sent, boolean forceFirst, ConsoleView view) {
        this.trainer = trainer;
        this.data = data;
        this.sent = sent;
        this.forceFirst = forceFirst;
        this.view = view;
    }

    void schedule(Duration every) {
        long ms = every.toMillis();
        timer.scheduleWithFixedDelay(this::once, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void once() {
        long n = sent.getAsLong();
        if (n <= data.historyRows() || n == trainedOn) {
            return; // nothing new since the last model
        }
        trainedOn = n;
        try {
            DemoTrainer.RetrainResult o = trainer.retrain(data.rows().subList(0, (int) n), forceFirst && runs == 0);
            runs++;
            if (o.published()) {
                published++;
            }
            view.event(String.format(
                    Locale.ROOT,
                    "retrain on %d obs (%.1f s, %d epochs): v%d %s — holdout MASE "
                            + "candidate %.3f, champion %.3f, naive %.3f",
                    n,
                    o.seconds(),
                    o.epochs(),
                    o.version(),
                    o.published() ? "published (" + o.reason() + ")" : "kept out (" + o.reason() + ")",
                    o.candidateMase(),
                    o.championMase(),
                    o.naiveMase()));
        } catch (RuntimeException e) {
            runs++;
            view.event("retrain failed: " + e.getMessage());
        }
    }

    int runs() {
        return runs;
    }

    /** Models published by retraining (the first model not counted). */
    int published() {
        return published;
    }

    /** Stops the schedule and waits for a running retrain to finish. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(60, TimeUnit.SECONDS);
    }
}
