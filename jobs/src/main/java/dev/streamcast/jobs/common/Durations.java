package dev.streamcast.jobs.common;

import java.util.Locale;

/**
 * Durations on the command line: a whole number and a unit, {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h},
 * {@code 7d}. A bare number is refused: it meant milliseconds for some options and seconds for others, and
 * {@code --checkpoint-interval 10} is more likely a mistake than ten milliseconds.
 */
public final class Durations {
    private Durations() {}

    /** Milliseconds of {@code s}; throws IllegalArgumentException naming the text when it is not a duration. */
    public static long parseMillis(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
            i++;
        }
        if (i == 0 || i > 15) {
            throw new IllegalArgumentException("not a duration: " + Messages.quote(s));
        }
        long n = Long.parseLong(t.substring(0, i));
        long unit = switch (t.substring(i)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m", "min" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            case "" ->
                throw new IllegalArgumentException(
                        "a duration needs a unit (ms, s, m, h or d), found " + Messages.quote(s));
            default -> throw new IllegalArgumentException("not a duration: " + Messages.quote(s));
        };
        return Math.multiplyExact(n, unit);
    }

    /** A short human form: 850ms, 12.3s, 4m05s, 2h07m. */
    public static String format(long millis) {
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
