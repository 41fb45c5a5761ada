package dev.streamcast.jobs.demo;

import dev.streamcast.jobs.common.ModelPublisher;
import dev.streamcast.jobs.dashboard.Dashboard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything a demo run starts, closed in reverse order of dependency whatever happened: retraining, replay, the
 * Flink job and cluster, the forecast reader, the model producer, the broker, then the temporary directory. A failure
 * while closing one part does not keep the others open.
 */
final class DemoResources implements AutoCloseable {
    final Path tmp;
    /** Start-up tasks that run side by side: the first model's training and the Flink cluster's start. */
    final ExecutorService boot = Executors.newFixedThreadPool(2, r -> new Thread(r, "demo-start-up"));

    volatile Demo.Broker broker;
    volatile ModelPublisher models;
    volatile LocalFlink flink;
    ForecastWatcher watcher;
    volatile Dashboard dashboard;
    DemoFeed replay;
    Retraining retraining;

    DemoResources(Path tmp) {
        this.tmp = tmp;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        first = step(first, () -> {
            if (retraining != null) {
                retraining.close();
            }
        });
        first = step(first, () -> {
            boot.shutdown();
            boot.awaitTermination(120, TimeUnit.SECONDS);
        });
        first = step(first, () -> {
            if (replay != null) {
                replay.stop();
            }
        });
        first = step(first, () -> {
            if (flink != null) {
                flink.close();
            }
        });
        first = step(first, () -> {
            if (dashboard != null) {
                dashboard.close();
            }
        });
        first = step(first, () -> {
            if (watcher != null) {
                watcher.close();
            }
        });
        first = step(first, () -> {
            if (models != null) {
                models.close();
            }
        });
        first = step(first, () -> {
            if (broker != null) {
                broker.close();
            }
        });
        first = step(first, () -> deleteTree(tmp));
        if (first != null) {
            throw first;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Exception step(Exception first, Step s) {
        try {
            s.run();
            return first;
        } catch (Exception e) {
            if (first == null) {
                return e;
            }
            first.addSuppressed(e);
            return first;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
