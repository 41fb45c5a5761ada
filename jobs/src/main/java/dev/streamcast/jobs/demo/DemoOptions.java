package dev.streamcast.jobs.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Options of {@code streamcast demo}, parsed from {@code --name value} pairs. A bad or unknown flag is refused with an
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
        boolean forceFirstRetrain) {

    /** The bundled dataset: 8 series of weekly deaths in Denmark, 782 weeks each (data/README.md). */
    public static final String DEFAULT_DATA = "data/surveillance_momo.csv";
    /** The default live replay lasts about this long. */
    public static final int DEFAULT_LIVE_SECONDS = 120;

    public static final String USAGE = String.join(
            "\n",
            "usage: streamcast demo [options]",
            "  --data FILE.csv             long-format CSV key,timestamp,value (default " + DEFAULT_DATA + ")",
            "  --speed N                   live replay rate in observations/s (default: about " + DEFAULT_LIVE_SECONDS
                    + " s in all)",
            "  --bootstrap-servers HOSTS   use this Kafka instead of the embedded broker",
            "  --retrain-every DURATION    retrain on what has arrived this often, e.g. 30s, 2m (default 30s)",
            "  --ui-port PORT              Flink web UI port on localhost (default 8081)",
            "  --headless                  plain periodic lines instead of the live view",
            "  --history-fraction F        part of each series the first model trains on (default 0.4)",
            "  --first-epochs N            epochs of the first model (default 8)",
            "  --force-first-retrain       publish the first retrained model even if it is not better (tests)");

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
        if (!(historyFraction > 0 && historyFraction < 1)) {
            throw new IllegalArgumentException("--history-fraction must be in (0, 1), found " + historyFraction);
        }
        if (firstEpochs < 1 || firstEpochs > 1000) {
            throw new IllegalArgumentException("--first-epochs must be in [1, 1000], found " + firstEpochs);
        }
    }

    public static DemoOptions defaults() {
        return new DemoOptions(Path.of(DEFAULT_DATA), 0, null, Duration.ofSeconds(30), 8081, false, 0.4, 8, false);
    }

    /** Parses {@code args}; {@code --help} is handled by the caller. */
    public static DemoOptions parse(String[] args) {
        DemoOptions d = defaults();
        Path data = d.data;
        double speed = d.speed;
        String servers = d.bootstrapServers;
        Duration every = d.retrainEvery;
        int port = d.uiPort;
        boolean headless = d.headless;
        double history = d.historyFraction;
        int epochs = d.firstEpochs;
        boolean force = d.forceFirstRetrain;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--headless" -> headless = true;
                case "--force-first-retrain" -> force = true;
                case "--data" -> data = Path.of(value(args, ++i, flag));
                case "--speed" -> speed = number(value(args, ++i, flag), flag);
                case "--bootstrap-servers" -> servers = value(args, ++i, flag);
                case "--retrain-every" -> every = duration(value(args, ++i, flag), flag);
                case "--ui-port" -> port = (int) integer(value(args, ++i, flag), flag);
                case "--history-fraction" -> history = number(value(args, ++i, flag), flag);
                case "--first-epochs" -> epochs = (int) integer(value(args, ++i, flag), flag);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "' (see --help)");
            }
        }
        return new DemoOptions(data, speed, servers, every, port, headless, history, epochs, force);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static double number(String s, String flag) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, found '" + s + "'");
        }
    }

    private static long integer(String s, String flag) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be an integer, found '" + s + "'");
        }
    }

    /** 500ms, 30s, 2m, 1h, or a bare number of seconds. */
    static Duration duration(String s, String flag) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 9) {
            throw new IllegalArgumentException(flag + " must be a duration like 30s or 2m, found '" + s + "'");
        }
        long n = Long.parseLong(t.substring(0, i));
        return switch (t.substring(i)) {
            case "ms" -> Duration.ofMillis(n);
            case "", "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default ->
                throw new IllegalArgumentException(flag + " must be a duration like 30s or 2m, found '" + s + "'");
        };
    }
}
