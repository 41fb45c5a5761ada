package dev.streamcast.jobs.demo;

import dev.streamcast.jobs.common.CommandLine;
import dev.streamcast.jobs.common.ForecastConfig;
import dev.streamcast.jobs.common.ForecastOptions;
import dev.streamcast.jobs.common.OptionValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of {@code streamcast demo}, parsed from {@code --name value} pairs by the commands' one parser
 * ({@link CommandLine}, {@link OptionValues}; durations need a unit). A bad or unknown flag is refused with an
 * {@link IllegalArgumentException} whose message names it.
 *
 * @param data the long-format CSV to replay (default: the bundled {@link #DEFAULT_DATA})
 * @param speed observations per second of the live replay; 0 = about {@link #DEFAULT_LIVE_SECONDS} s in all
 * @param bootstrapServers an existing Kafka to use, or null to start one embedded in the process
 * @param retrainEvery period of retraining on the observations that have arrived (default 30 s)
 * @param uiPort port of the Flink web UI on localhost (default 8081)
 * @param headless plain periodic lines instead of the redrawn view (also when stdout is not a terminal)
 * @param historyFraction the first part of each series the first model is trained on (default 0.4)
 * @param firstEpochs epochs of the first model's training (default 8: a few seconds)
 * @param forceFirstRetrain publish the first retrained model even if the gate rejects it (for tests, so that a hot
 *     swap is certain; the gate decides every later one)
 * @param dashboardPort port of the live dashboard on localhost (default 8080; 0: any free port)
 * @param dashboard whether to start the dashboard beside the job ({@code --no-dashboard} turns it off)
 * @param intervalLevels levels of the prediction intervals on the forecasts (default 0.8, 0.95; empty: none)
 * @param horizon H, the steps each forecast looks ahead (default 1; H &gt; 1: every forecast carries an H-step path,
 *     which the dashboard draws; docs/horizon.md)
 */
public record DemoOptions(
        Path data,
        double speed,
        String bootstrapServers,
        Duration retrainEvery,
        int uiPort,
        boolean headless,
        double historyFraction,
        int firstEpochs,
        boolean forceFirstRetrain,
        int dashboardPort,
        boolean dashboard,
        List<Double> intervalLevels,
        int horizon) {

    /** The bundled dataset: 8 series of weekly deaths in Denmark, 782 weeks each (data/README.md). */
    public static final String DEFAULT_DATA = "data/surveillance_momo.csv";
    /** The default live replay lasts about this long. */
    public static final int DEFAULT_LIVE_SECONDS = 120;

    /**
     * One option of the table below: its name, the placeholder of its value (empty for a flag), its default text for
     * the parser and the help's description.
     */
    record Option(String name, String value, String defaultValue, String description) {
        boolean flag() {
            return value.isEmpty();
        }
    }

    /** Every option, in help order: the one table the parser, {@code --help} and {@link #USAGE} are made from. */
    static final List<Option> ALL = List.of(
            new Option(
                    "data",
                    "FILE.csv",
                    DEFAULT_DATA,
                    "long-format CSV key,timestamp,value (default " + DEFAULT_DATA + ")"),
            new Option(
                    "speed",
                    "N",
                    "0",
                    "live replay rate in observations/s (default: about " + DEFAULT_LIVE_SECONDS + " s in all)"),
            new Option("bootstrap-servers", "HOSTS", "", "use this Kafka instead of the embedded broker"),
            new Option(
                    "retrain-every",
                    "DURATION",
                    "30s",
                    "retrain on what has arrived this often, e.g. 30s, 2m (default 30s)"),
            new Option("ui-port", "PORT", "8081", "Flink web UI port on localhost (default 8081)"),
            new Option("headless", "", "false", "plain periodic lines instead of the live view"),
            new Option("history-fraction", "F", "0.4", "part of each series the first model trains on (default 0.4)"),
            new Option("first-epochs", "N", "8", "epochs of the first model (default 8)"),
            new Option(
                    "force-first-retrain",
                    "",
                    "false",
                    "publish the first retrained model even if it is not better (tests)"),
            new Option(
                    "dashboard-port",
                    "PORT",
                    "8080",
                    "live dashboard port on localhost (default 8080; 0: any free port)"),
            new Option("no-dashboard", "", "false", "do not start the live dashboard"),
            new Option(
                    "interval-levels",
                    "L,...",
                    "0.8,0.95",
                    "prediction-interval levels on the forecasts (default 0.8,0.95; \"\" = none)"),
            new Option(
                    "horizon",
                    "H",
                    "1",
                    "steps each forecast looks ahead, in [1, 64] (default 1; H > 1 adds a path to every forecast)"));

    /** The {@code --help} text, made from {@link #ALL}. */
    public static final String USAGE = usage();

    private static String usage() {
        StringBuilder b = new StringBuilder("usage: streamcast demo [options]");
        for (Option o : ALL) {
            String left = "--" + o.name() + (o.flag() ? "" : " " + o.value());
            b.append(String.format("%n  %-26s  %s", left, o.description()));
        }
        return b.toString();
    }

    public DemoOptions {
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("--speed must be a number >= 0, found " + speed);
        }
        if (retrainEvery.isNegative() || retrainEvery.isZero()) {
            throw new IllegalArgumentException("--retrain-every must be > 0, found " + retrainEvery);
        }
        if (uiPort < 1 || uiPort > 65535) {
            throw new IllegalArgumentException("--ui-port must be in [1, 65535], found " + uiPort);
        }
        if (dashboardPort < 0 || dashboardPort > 65535) {
            throw new IllegalArgumentException("--dashboard-port must be in [0, 65535], found " + dashboardPort);
        }
        if (!(historyFraction > 0 && historyFraction < 1)) {
            throw new IllegalArgumentException("--history-fraction must be in (0, 1), found " + historyFraction);
        }
        if (firstEpochs < 1 || firstEpochs > 1000) {
            throw new IllegalArgumentException("--first-epochs must be in [1, 1000], found " + firstEpochs);
        }
    }

    public static DemoOptions defaults() {
        return new DemoOptions(
                Path.of(DEFAULT_DATA),
                0,
                null,
                Duration.ofSeconds(30),
                8081,
                false,
                0.4,
                8,
                false,
                8080,
                true,
                ForecastConfig.DEFAULT_INTERVAL_LEVELS,
                1);
    }

    /** Every option's name and default text, for {@link CommandLine#parse}. */
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    /** The options that take no value. */
    private static final Set<String> FLAGS = new HashSet<>();

    static {
        for (Option o : ALL) {
            DEFAULTS.put(o.name(), o.defaultValue());
            if (o.flag()) {
                FLAGS.add(o.name());
            }
        }
    }

    /** Parses {@code args} with the commands' one parser ({@link CommandLine}); {@code --help} is handled by the caller. */
    public static DemoOptions parse(String[] args) {
        OptionValues o = new OptionValues(CommandLine.parse(args, DEFAULTS, FLAGS));
        return new DemoOptions(
                o.path("data") == null ? Path.of(DEFAULT_DATA) : o.path("data"),
                o.number("speed"),
                o.optional("bootstrap-servers"),
                Duration.ofMillis(o.duration("retrain-every", 1)),
                o.integer("ui-port", 1, 65535),
                o.flag("headless"),
                o.number("history-fraction"),
                o.integer("first-epochs", 1, 1000),
                o.flag("force-first-retrain"),
                o.integer("dashboard-port", 0, 65535),
                !o.flag("no-dashboard"),
                ForecastOptions.intervalLevels(o, "interval-levels"),
                o.integer("horizon", 1, ForecastConfig.MAX_HORIZON));
    }
}
