package dev.streamcast.jobs.dashboard;

import dev.streamcast.jobs.cli.Action;
import dev.streamcast.jobs.cli.Command;
import dev.streamcast.jobs.cli.ExitStatus;
import dev.streamcast.jobs.common.CommandLine;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.OptionValues;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code streamcast dashboard --bootstrap-servers HOSTS [options]}: serves the live dashboard (docs/dashboard.md) from
 * the forecasts, dead-letter and models topics until stopped (Ctrl-C). A taken port, an unreachable Kafka or a missing
 * topic is one line and exit status 1.
 */
public final class DashboardCommand {
    private DashboardCommand() {}

    /** Options in help order: name, default ("" = none), description. */
    static final String[][] OPTIONS = {
        {"bootstrap-servers", "localhost:9092", "Kafka bootstrap servers"},
        {"forecasts-topic", "forecasts", "topic of the forecast job's forecasts"},
        {"dead-letter-topic", "observations-dlq", "topic of the forecast job's dead letters"},
        {"models-topic", "models", "topic of the published models"},
        {
            "observations-topic",
            "observations",
            "topic of the observations; only its end offsets are read, once a second (observations per second)"
        },
        {"port", "8080", "HTTP port, in [0, 65535] (0: any free port)"},
        {"bind", "127.0.0.1", "address to listen on (0.0.0.0: every interface)"},
        {"history", "2000", "forecasts kept per key, in [10, 100000]"},
        {"max-keys", "10000", "keys kept; beyond, the least recently updated is dropped (counted), in [1, 1000000]"},
        {"lookback", "0s", "how far back to read forecasts at start; 0s: from the earliest offset (fills the history)"},
        {
            "horizon",
            String.valueOf(ForecastConfig.MAX_HORIZON),
            "path steps drawn of each key's newest forecast, in [1, " + ForecastConfig.MAX_HORIZON
                    + "]: its first H (the forecasts carry at most " + ForecastConfig.MAX_HORIZON
                    + ", so the default draws all of them); 1 draws none"
        }
    };

    public static Command command() {
        return new Command() {
            @Override
            public String summary() {
                return "serve a live dashboard of the forecasts in the browser";
            }

            @Override
            public String help() {
                StringBuilder b = new StringBuilder();
                for (String[] o : OPTIONS) {
                    b.append(String.format(
                            "  %-26s %s%s%n",
                            "--" + o[0] + " V", o[2], o[1].isEmpty() ? "" : " (default " + o[1] + ")"));
                }
                return b.toString();
            }

            @Override
            public Action prepare(String[] args) {
                Dashboard.Settings s = settings(args);
                return () -> run(s, System.out, System.err);
            }
        };
    }

    static Dashboard.Settings settings(String[] args) {
        Map<String, String> defaults = new LinkedHashMap<>();
        for (String[] o : OPTIONS) {
            defaults.put(o[0], o[1]);
        }
        OptionValues v = new OptionValues(CommandLine.parse(args, defaults, Set.of()));
        return new Dashboard.Settings(
                v.required("bootstrap-servers"),
                v.required("forecasts-topic"),
                v.required("dead-letter-topic"),
                v.required("models-topic"),
                v.required("observations-topic"),
                v.required("bind"),
                v.integer("port", 0, 65535),
                v.integer("history", 10, 100_000),
                v.integer("max-keys", 1, 1_000_000),
                v.duration("lookback", 0),
                v.integer("horizon", 1, ForecastConfig.MAX_HORIZON));
    }

    static int run(Dashboard.Settings s, PrintStream out, PrintStream err) throws InterruptedException {
        Dashboard d;
        try {
            d = Dashboard.start(s);
        } catch (IllegalStateException e) {
            err.println("dashboard: " + e.getMessage());
            return ExitStatus.FAILED;
        }
        out.println("dashboard: " + d.url() + " (Ctrl-C stops it)");
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            d.close();
            done.countDown();
        }));
        done.await();
        return ExitStatus.OK;
    }
}
