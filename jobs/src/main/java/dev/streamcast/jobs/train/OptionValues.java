package dev.streamcast.jobs.train;

import dev.streamcast.jobs.data.LongCsv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Typed access to {@link TrainOptions#parse}'s text values; every failure names the option and the value found. */
record OptionValues(Map<String, String> v) {
    String optional(String name) {
        String s = v.get(name).trim();
        return s.isEmpty() ? null : s;
    }

    String required(String name) {
        String s = optional(name);
        if (s == null) {
            throw new IllegalArgumentException("--" + name + " must not be empty");
        }
        return s;
    }

    Path path(String name) {
        String s = optional(name);
        return s == null ? null : Path.of(s);
    }

    boolean flag(String name) {
        String s = v.get(name).trim();
        if (!s.equals("true") && !s.equals("false")) {
            throw new IllegalArgumentException("--" + name + " is a flag (true or false), found '" + s + "'");
        }
        return s.equals("true");
    }

    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String s : required(name).split(",", -1)) {
            if (s.isBlank() || out.contains(s.trim())) {
                throw new IllegalArgumentException("--" + name + " must be distinct non-empty names separated "
                        + "by commas, found '" + v.get(name) + "'");
            }
            out.add(s.trim());
        }
        return out;
    }

    int integer(String name, int min, int max) {
        return (int) longValue(name, min, max);
    }

    long longValue(String name, long min, long max) {
        String s = required(name);
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, found '" + s + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + " must be in [" + min + ", " + max + "], found " + n);
        }
        return n;
    }

    double number(String name) {
        String s = required(name);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, found '" + s + "'");
        }
    }

    long time(String name) {
        String s = required(name);
        try {
            return LongCsv.parseTimestamp(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--" + name + " must be an ISO-8601 time or epoch ms, found '" + s + "'");
        }
    }
}
