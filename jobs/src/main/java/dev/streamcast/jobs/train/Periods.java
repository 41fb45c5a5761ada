package dev.streamcast.jobs.train;

import java.util.Locale;

/** Durations on the command line and the console: a number and a unit (500ms, 30s, 15m, 6h, 1d). */
final class Periods {
    private Periods() {}

    /** Milliseconds of {@code text}; the message names the option and the text when it is not a duration. */
    static long parseMillis(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        long unit = switch (t.substring(i).trim()) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m", "min" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> -1L;
        };
        if (i == 0 || i > 12 || unit < 0) {
            throw new IllegalArgumentException("--" + option + " must be a duration such as 30s, 15m, 6h or 1d, "
                    + "found '" + text + "'");
        }
        return Long.parseLong(t.substring(0, i)) * unit;
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
