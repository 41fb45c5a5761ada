package dev.streamcast.jobs.common;

/** Parses and prints durations written as a number and a unit: 500ms, 5s, 2m, 1h, 7d (a bare number is ms). */
public final class Durations {
    private Durations() {}

    /** Milliseconds of {@code s}; throws IllegalArgumentException naming the text when it is not a duration. */
    public static long parseMillis(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 15) {
            throw new IllegalArgumentException("not a duration: '" + s + "'");
        }
        long n = Long.parseLong(t.substring(0, i));
        long unit = switch (t.substring(i).trim()) {
            case "", "ms" -> 1L;
            case "s" -> 1_000L;
            case "m", "min" -> 60_000L;
            case "h" -> 3_600_000L;
            case "d" -> 86_400_000L;
            default -> throw new IllegalArgumentException("not a duration: '" + s + "'");
        };
        return Math.multiplyExact(n, unit);
    }
}
