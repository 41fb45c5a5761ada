package dev.streamcast.jobs.demo;

import com.sun.management.OperatingSystemMXBean;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ModelPayloads;
import dev.streamcast.jobs.common.ModelPublisher;
import dev.streamcast.jobs.dashboard.Dashboard;
import dev.streamcast.jobs.forecast.ForecastJob;
import dev.streamcast.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobStatus;

/**
 * The whole loop on one machine: a Kafka broker (embedded unless one is given), the forecast job on a local Flink
 * MiniCluster with its web UI, a first model trained on the history, the dataset replayed into the observations topic,
 * periodic retraining with only better models published (each one hot-swapped by the job), a live console view, and
 * at the end the accuracy against naive. {@link #run()} cleans up whatever it started, however it ends.
 */
public final class Demo {
    /**
     * Seconds without a new forecast, after the replay, before the demo stops waiting for the last ones (normally it
     * stops as soon as every key's last observation has its forecast).
     */
    static final long QUIET_SECONDS = 30;
    /**
     * The demo gives up (exit 1, the last failure in one line) when the forecast job has restarted this often: one
     * restart can be a passing fault, three in a two-minute demo are a job that keeps failing.
     */
    static final long MAX_RESTARTS = 3;

    /** A running broker: where it listens; closing stops it and removes its files. */
    public interface Broker extends AutoCloseable {
        String bootstrapServers();

        @Override
        void close();
    }

    /** Starts the embedded broker. */
    @FunctionalInterface
    public interface BrokerStarter {
        Broker start() throws Exception;
    }

    /**
     * What a run did.
     *
     * @param exitCode 0 when it ran to the end (or was stopped by the user) and cleaned up
     * @param tempDir the run's temporary directory (deleted when run returns)
     * @param forecastsPerKey forecasts read back per key
     * @param swaps times the job's forecasts switched to a newer model
     * @param published models published (the first one included)
     * @param secondsToFirstForecast from JVM start to the first forecast read back, NaN if none
     * @param restarts times the forecast job failed and restarted from its last checkpoint
     */
    public record Result(
            int exitCode,
            Path tempDir,
            long observations,
            long forecasts,
            long deadLetters,
            Map<String, Long> forecastsPerKey,
            long swaps,
            int published,
            AccuracyReport accuracy,
            double secondsToFirstForecast,
            long restarts) {}

    private final DemoOptions options;
    private final PrintStream out;
    private final BrokerStarter brokerStarter;
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    public Demo(DemoOptions options, PrintStream out, BrokerStarter brokerStarter) {
        this.options = options;
        this.out = out;
        this.brokerStarter = brokerStarter;
    }

    /** Asks a running demo to stop early (Ctrl-C): it still prints its report and cleans up. */
    public void requestStop() {
        stopRequested.set(true);
    }

    public Result run() throws Exception {
        DemoData data = DemoData.load(DemoData.resolve(options.data()), options.historyFraction());
        LocalFlink.checkPortFree(options.uiPort());
        if (options.dashboard() && options.dashboardPort() != 0) {
            LocalFlink.checkPortFree(options.dashboardPort(), "--dashboard-port");
        }
        Path tmp = Files.createTempDirectory("streamcast-demo-");
        try (DemoResources r = new DemoResources(tmp)) {
            return run(data, r);
        }
    }

    private Result run(DemoData data, DemoResources r) throws Exception {
        boolean ansi = !options.headless() && System.console() != null;
        ConsoleView view = new ConsoleView(out, ansi);
        out.printf(
                Locale.ROOT,
                "streamcast demo: %s, %d series, %d observations (%d history + %d live)%n",
                data.file(),
                data.keys().size(),
                data.rows().size(),
                data.historyRows(),
                data.liveRows());
        // The broker, the Flink cluster and the first model's training start at once: on 2 cores this overlaps
        // their waiting (broker election, cluster RPC start-up) with the training's computing.
        Topics topics = options.bootstrapServers() == null
                ? Topics.named("")
                : Topics.named("-demo-" + UUID.randomUUID().toString().substring(0, 8));
        // Models are signed by default: this run's trainer and job share a key made for it (never printed, never
        // stored), so that nothing else writing to the models topic can replace the model.
        String modelKey = ModelPublisher.randomKey();
        DemoTrainer trainer = new DemoTrainer(data.columns(), m -> publish(r, m));
        CompletableFuture<Model> first = CompletableFuture.supplyAsync(
                () -> trainer.trainFirst(data.rows().subList(0, data.historyRows()), options.firstEpochs()), r.boot);
        CompletableFuture<LocalFlink> flink = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return r.flink = LocalFlink.start(options.uiPort(), r.tmp.resolve("flink"), 2);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                },
                r.boot);
        String servers;
        if (options.bootstrapServers() == null) {
            r.broker = brokerStarter.start();
            servers = r.broker.bootstrapServers();
        } else {
            servers = options.bootstrapServers();
        }
        topics.create(servers);
        out.printf(
                Locale.ROOT,
                "kafka: %s at %s, topics %s, %s, %s, %s (%.1f s)%n",
                options.bootstrapServers() == null ? "embedded broker" : "existing",
                servers,
                topics.observations(),
                topics.forecasts(),
                topics.deadLetters(),
                topics.models(),
                uptime());
        r.models = new ModelPublisher(
                servers, topics.models(), modelKey.getBytes(StandardCharsets.UTF_8), ModelPayloads.DEFAULT_MAX_BYTES);
        r.watcher =
                new ForecastWatcher(servers, topics.forecasts(), topics.deadLetters(), data.liveFrom(), data.keys());
        r.watcher.start();
        if (options.dashboard()) {
            r.dashboard = Dashboard.start(new Dashboard.Settings(
                    servers,
                    topics.forecasts(),
                    topics.deadLetters(),
                    topics.models(),
                    topics.observations(),
                    "127.0.0.1",
                    options.dashboardPort(),
                    2000,
                    10_000,
                    0,
                    options.horizon()));
            out.printf(Locale.ROOT, "dashboard: %s (%.1f s)%n", r.dashboard.url(), uptime());
        }

        flink.get();
        ForecastConfig config = forecastConfig(
                servers,
                topics,
                data.columns(),
                r.tmp.resolve("checkpoints"),
                modelKey,
                options.intervalLevels(),
                options.horizon());
        r.flink.submit(
                "streamcast demo forecast",
                1,
                env -> ForecastJob.forKafka(config).build(env));
        out.printf(Locale.ROOT, "flink: forecast job submitted, web UI at %s (%.1f s)%n", r.flink.uiUrl(), uptime());

        Model m1 = first.get();
        publish(r, m1);
        view.event(String.format(
                Locale.ROOT,
                "model v1 (LSTM H=%d) trained on %d observations in %.1f s, " + "published (%.1f s)",
                m1.config().hiddenSize(),
                data.historyRows(),
                trainer.firstSeconds(),
                uptime()));
        double speed = options.speed() > 0 ? options.speed() : data.speedFor(DemoOptions.DEFAULT_LIVE_SECONDS);
        DemoFeed replay = new DemoFeed(servers, topics.observations(), data, speed);
        r.replay = replay;
        replay.start();
        Retraining retraining = new Retraining(trainer, data, replay::sent, options.forceFirstRetrain(), view);
        r.retraining = retraining;
        retraining.schedule(options.retrainEvery());

        view.event(watch(data, r, trainer, view));
        retraining.close();
        AccuracyReport accuracy = AccuracyReport.of(r.watcher, data.naiveScale());
        ForecastWatcher.Totals t = r.watcher.totals();
        out.println();
        accuracy.lines().forEach(out::println);
        out.printf(
                Locale.ROOT,
                "observations %d, forecasts %d, dead letters %d, models published %d, swaps %d, job restarts %d%s%n",
                replay.sent(),
                t.forecasts(),
                t.deadLetters(),
                retraining.published() + 1,
                t.swaps(),
                r.flink.failures(),
                t.repeated() + t.missing() == 0
                        ? ""
                        : ", forecasts repeated " + t.repeated() + ", missing " + t.missing());
        Map<String, Long> perKey = new LinkedHashMap<>();
        synchronized (r.watcher.lock()) {
            r.watcher.boards().forEach((k, b) -> perKey.put(k, b.forecasts));
        }
        double firstSeconds =
                r.watcher.firstForecastMillis() == 0 ? Double.NaN : r.watcher.firstForecastMillis() / 1000.0;
        return new Result(
                0,
                r.tmp,
                replay.sent(),
                t.forecasts(),
                t.deadLetters(),
                perKey,
                t.swaps(),
                retraining.published() + 1,
                accuracy,
                firstSeconds,
                r.flink.failures());
    }

    /**
     * Refreshes the console until the replay is done and every key's last observation has its forecast (or no
     * forecast came for {@link #QUIET_SECONDS}, or the user stopped the demo); returns how it ended. Each job restart
     * is shown as an event and counted in the totals; {@link #MAX_RESTARTS} of them end the demo. A failed replay
     * or a stopped job ends the demo with an exception.
     */
    private String watch(DemoData data, DemoResources r, DemoTrainer trainer, ConsoleView view) throws Exception {
        DemoFeed replay = r.replay;
        Retraining retraining = r.retraining;
        String title = "streamcast demo · " + data.file().getFileName() + " · Flink UI " + r.flink.uiUrl()
                + " · Ctrl-C to stop";
        Map<String, Long> lastTs = data.lastTs();
        long start = System.nanoTime();
        long lastCount = -1;
        long lastChange = System.nanoTime();
        boolean firstShown = false;
        long lastRestarts = 0;
        while (!stopRequested.get()) {
            Thread.sleep(250);
            ForecastWatcher.Totals t = r.watcher.totals();
            long restarts = r.flink.failures();
            if (restarts > lastRestarts) {
                lastRestarts = restarts;
                view.event("forecast job failed and restarted from its last checkpoint (" + restarts + " so far): "
                        + r.flink.lastFailure());
            }
            if (restarts >= MAX_RESTARTS) {
                throw new IllegalStateException(
                        "the forecast job kept failing (" + restarts + " restarts), last: " + r.flink.lastFailure());
            }
            if (!firstShown && r.watcher.firstForecastMillis() != 0) {
                firstShown = true;
                view.event(String.format(
                        Locale.ROOT,
                        "first forecast %.1f s after the JVM started (process CPU " + "time so far %.1f s)",
                        r.watcher.firstForecastMillis() / 1000.0,
                        cpuSeconds()));
            }
            view.refresh(
                    new ConsoleView.Status(
                            title,
                            replay.sent(),
                            data.rows().size(),
                            data.historyRows(),
                            t.forecasts(),
                            t.deadLetters(),
                            trainer.champion().version(),
                            t.swaps(),
                            retraining.runs(),
                            retraining.published() + 1,
                            restarts,
                            t.repeated(),
                            (System.nanoTime() - start) / 1e9),
                    r.watcher);
            long count = t.forecasts() + t.deadLetters();
            if (count != lastCount) {
                lastCount = count;
                lastChange = System.nanoTime();
            }
            if (replay.failure() != null) {
                throw new IllegalStateException(
                        "replay failed: " + replay.failure().getMessage(), replay.failure());
            }
            JobStatus status = r.flink.status();
            if (status != null && status.isGloballyTerminalState()) {
                throw new IllegalStateException("the forecast job stopped (" + status + "): " + r.flink.failure());
            }
            if (replay.done() && r.watcher.reached(lastTs)) {
                return "replay done, all forecasts in";
            }
            if (replay.done() && System.nanoTime() - lastChange > QUIET_SECONDS * 1_000_000_000L) {
                return "replay done; no new forecast for " + QUIET_SECONDS + " s, not waiting for the rest";
            }
        }
        return "stopped by user";
    }

    /** CPU time of this process so far, all threads (NaN if the JVM does not say). */
    static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Seconds since the JVM started. */
    static double uptime() {
        return ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    }

    /** The job's settings; checkpoints go into the run's temporary directory, so they go with it at exit. */
    /** Publishes through the run's signing publisher; a failure ends the run with its reason. */
    private static void publish(DemoResources r, Model m) {
        try {
            r.models.publish(m);
        } catch (IOException e) {
            throw new IllegalStateException("publishing model v" + m.version() + " failed: " + e.getMessage(), e);
        }
    }

    private static ForecastConfig forecastConfig(
            String servers,
            Topics t,
            List<String> columns,
            Path checkpoints,
            String modelKey,
            List<Double> intervalLevels,
            int horizon) {
        List<String> features = DemoTrainer.features(columns);
        return ForecastConfig.builder()
                .bootstrapServers(servers)
                .observationsTopic(t.observations())
                .modelsTopic(t.models())
                .forecastsTopic(t.forecasts())
                .deadLetterTopic(t.deadLetters())
                .groupId("streamcast-demo-" + UUID.randomUUID().toString().substring(0, 8))
                .features(features)
                .target(features.get(0))
                .checkpointDir(checkpoints.toUri().toString())
                .parallelism(1)
                .modelKey(modelKey)
                .intervalLevels(intervalLevels)
                .horizon(horizon)
                .build();
    }
}
