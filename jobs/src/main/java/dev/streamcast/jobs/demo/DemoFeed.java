package dev.streamcast.jobs.demo;

import dev.streamcast.jobs.replay.Replayer;

/**
 * Replays the demo's data on a thread of its own: the history as fast as the producer allows (to warm up each key's
 * state in the job), then the live part at the chosen rate.
 */
final class DemoFeed {
    private final Thread thread;
    private volatile long sent;
    private volatile boolean done;
    private volatile Throwable failure;

    DemoFeed(String bootstrapServers, String topic, DemoData data, double perSecond) {
        Replayer replayer = new Replayer();
        thread = new Thread(
                () -> {
                    try {
                        replayer.replay(
                                bootstrapServers,
                                topic,
                                data.rows().subList(0, data.historyRows()),
                                data.columns(),
                                0,
                                n -> sent = n);
                        int h = data.historyRows();
                        replayer.replay(
                                bootstrapServers,
                                topic,
                                data.rows().subList(h, data.rows().size()),
                                data.columns(),
                                perSecond,
                                n -> sent = h + n);
                        done = true;
                    } catch (InterruptedException e) {
                        // stopped early
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                },
                "demo-replay");
    }

    void start() {
        thread.start();
    }

    /** Observations sent so far: the first {@code sent()} rows of the data. */
    long sent() {
        return sent;
    }

    boolean done() {
        return done;
    }

    Throwable failure() {
        return failure;
    }

    /** Stops the replay (if still running) and waits for its producer to close. */
    void stop() throws InterruptedException {
        thread.interrupt();
        thread.join(15_000);
    }
}
