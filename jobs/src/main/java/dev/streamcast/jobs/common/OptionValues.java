package dev.streamcast.jobs.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Typed access to {@link CommandLine#parse}'s text values, the one place every command converts and bounds its
 * options. Every failure is an IllegalArgumentException whose message names the option and the value found, e.g.
 * {@code --hidden must be in [1, 1024], found 0}; values are quoted and cut to {@link Messages#MAX_VALUE} characters.
 */
public final class OptionValues {
    private final Map<String, String> v;

    public OptionValues(Map<String, String> values) {
        this.v = values;
    }

    /** The stripped text of option {@code name} (which must be a known option). */
    public String text(String name) {
        String s = v.get(name);
        if (s == null) {
            throw new IllegalStateException("no option --" + name + " in the table");
        }
        return s.strip();
    }

    /** The text, or null when empty (an option whose default is "none"). */
    public String optional(String name) {
        String s = text(name);
        return s.isEmpty() ? null : s;
    }

    /** The text, refused when empty. */
    public String required(String name) {
        String s = optional(name);
        if (s == null) {
            throw bad(name, "must not be empty");
        }
        return s;
    }

    /** A path, or null when empty. */
    public Path path(String name) {
        String s = optional(name);
        return s == null ? null : Path.of(s);
    }

    /** A flag: "true" or "false" (a bare {@code --name} reads "true"). */
    public boolean flag(String name) {
        String s = text(name);
        if (!s.equals("true") && !s.equals("false")) {
            throw bad(name, "is a flag (true or false), found " + Messages.quote(s));
        }
        return s.equals("true");
    }

    /** Distinct non-empty names separated by commas. */
    public List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String s : required(name).split(",", -1)) {
            String t = s.strip();
            if (t.isEmpty() || out.contains(t)) {
                throw bad(
                        name,
                        "must be distinct non-empty names separated by commas, found " + Messages.quote(text(name)));
            }
            out.add(t);
        }
        return out;
    }

    /** An integer in [min, max]. */
    public int integer(String name, int min, int max) {
        return (int) longValue(name, min, max);
    }

    /** A long in [min, max]. */
    public long longValue(String name, long min, long max) {
        String s = required(name);
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad(name, "must be an integer, found " + Messages.quote(s));
        }
        if (n < min || n > max) {
            throw bad(name, "must be in [" + min + ", " + max + "], found " + n);
        }
        return n;
    }

    /** A finite decimal number ({@link Numbers#parseDecimal}: no hex, no type suffix, no NaN). */
    public double number(String name) {
        String s = required(name);
        try {
            return Numbers.parseDecimal(s);
        } catch (NumberFormatException e) {
            throw bad(name, "must be a number, found " + Messages.quote(s));
        }
    }

    /** A duration with a unit ({@link Durations}), in milliseconds, at least {@code minMillis}. */
    public long duration(String name, long minMillis) {
        String s = required(name);
        long ms;
        try {
            ms = Durations.parseMillis(s);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw bad(
                    name,
                    "must be a duration with a unit, such as 500ms, 5s, 2m, 1h or 7d, found " + Messages.quote(s));
        }
        if (ms < minMillis) {
            throw bad(name, "must be at least " + Durations.format(minMillis) + ", found " + Messages.quote(s));
        }
        return ms;
    }

    /**
     * A time read by {@code parser} (the one timestamp parser, {@code common.serde.Timestamps::parseText}, passed in
     * so that this package does not depend on serde).
     */
    public long time(String name, ToLongFunction<String> parser) {
        String s = required(name);
        try {
            return parser.applyAsLong(s);
        } catch (IllegalArgumentException e) {
            throw bad(
                    name,
                    "must be an ISO-8601 time with Z or an offset (2024-01-02T15:30:00Z) or epoch ms, found "
                            + Messages.quote(s));
        }
    }

    /** One of {@code choices}, exactly as written there. */
    public String choice(String name, List<String> choices) {
        String s = text(name);
        if (!choices.contains(s)) {
            throw bad(name, "must be one of " + String.join(", ", choices) + ", found " + Messages.quote(s));
        }
        return s;
    }

    private static IllegalArgumentException bad(String name, String what) {
        return new IllegalArgumentException("--" + name + " " + what);
    }
}
