package dev.streamcast.jobs.train;

import dev.streamcast.jobs.common.Durations;
import java.util.Locale;

/** Durations on the command line (parsed by {@link Durations}: 500ms, 30s, 15m, 6h, 1d) and on the console. */
final class Periods {
    private Periods() {}

    /** Milliseconds of {@code text} ({@link Durations}); the message names the option and the text otherwise. */
    static long parseMillis(String option, String text) {
        try {
            return Durations.parseMillis(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "--" + option + " must be a duration such as 30s, 15m, 6h or 1d, " + "found '" + text + "'");
        }
    }

    /** A short human form: 850ms, 12.3s, 4m05s, 2h07m. */
    static String format(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long s = millis / 1000;
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
