package dev.streamcast.jobs.data;

import dev.streamcast.jobs.common.Numbers;
import dev.streamcast.jobs.common.serde.Timestamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads time series in the long CSV format {@code key,timestamp,value} (several features: more value columns, named in
 * the header, e.g. {@code key,timestamp,temp,humidity}). Timestamps are read by {@link Timestamps}, the parser of
 * every input. A row that
 * cannot be used is kept as a {@link BadRow} with its line number and reason; it never stops the read.
 */
public final class LongCsv {
    private LongCsv() {}

    /** One usable row; {@code line} is 1-based (the header is line 1). */
    public record Row(String key, long ts, double[] values, long line) {}

    /** One unusable row and why. */
    public record BadRow(long line, String reason, String text) {}

    /** A file's rows in file order, its value column names, and its bad rows. */
    public record Table(List<String> valueColumns, List<Row> rows, List<BadRow> bad) {

        /**
         * Rows grouped by key in first-seen key order, each series sorted by timestamp. A second row with a timestamp
         * already seen for its key is moved to {@link #bad()} as a duplicate (the first one wins).
         */
        public Map<String, List<Row>> bySeries() {
            Map<String, List<Row>> out = new LinkedHashMap<>();
            for (Row r : rows) {
                out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
            }
            for (List<Row> series : out.values()) {
                series.sort(Comparator.comparingLong(Row::ts).thenComparingLong(Row::line));
                for (int i = series.size() - 1; i > 0; i--) {
                    if (series.get(i).ts() == series.get(i - 1).ts()) {
                        Row dup = series.remove(i);
                        bad.add(new BadRow(dup.line(), "duplicate timestamp for key " + dup.key(), ""));
                    }
                }
            }
            return out;
        }
    }

    /** Reads a file; a missing or headerless file throws an IOException / IllegalArgumentException naming it. */
    public static Table read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(file + ": empty file, expected a header key,timestamp,value");
            }
            String[] cols = header.strip().split(",", -1);
            if (cols.length < 3
                    || !cols[0].strip().equals("key")
                    || !cols[1].strip().equals("timestamp")) {
                throw new IllegalArgumentException(file + ": header must start with key,timestamp and name at least "
                        + "one value column, found '" + header + "'");
            }
            List<String> valueColumns = new ArrayList<>();
            for (int i = 2; i < cols.length; i++) {
                valueColumns.add(cols[i].strip());
            }
            List<Row> rows = new ArrayList<>();
            List<BadRow> bad = new ArrayList<>();
            String line;
            long n = 1;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                parseRow(line, n, valueColumns.size(), rows, bad);
            }
            return new Table(List.copyOf(valueColumns), rows, bad);
        }
    }

    private static void parseRow(String line, long n, int values, List<Row> rows, List<BadRow> bad) {
        String[] f = line.split(",", -1);
        if (f.length != values + 2) {
            bad.add(new BadRow(n, "expected " + (values + 2) + " columns, found " + f.length, line));
            return;
        }
        String key = f[0].strip();
        if (key.isEmpty()) {
            bad.add(new BadRow(n, "empty key", line));
            return;
        }
        long ts;
        try {
            ts = Timestamps.parseText(f[1]);
        } catch (IllegalArgumentException e) {
            bad.add(new BadRow(n, e.getMessage(), line));
            return;
        }
        double[] v = new double[values];
        for (int i = 0; i < values; i++) {
            try {
                v[i] = Numbers.parseDecimal(f[i + 2].strip());
            } catch (NumberFormatException e) {
                bad.add(new BadRow(n, "value " + (i + 1) + " is not a number: '" + f[i + 2] + "'", line));
                return;
            }
            if (!Double.isFinite(v[i])) {
                bad.add(new BadRow(n, "value " + (i + 1) + " is not finite: " + v[i], line));
                return;
            }
        }
        rows.add(new Row(key, ts, v, n));
    }
}
