package dev.streamcast.jobs.train;

import dev.streamcast.jobs.data.BadInputException;
import dev.streamcast.jobs.data.LongCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training data: for each key its observations in timestamp order (no duplicate timestamps), every row holding
 * the F features in the model's feature order.
 *
 * @param features the F feature names; {@code targetIndex} picks the forecast one
 * @param series one entry per key, in first-seen order
 * @param source where it came from (for the report and the model's provenance)
 * @param badRows rows that could not be used (unparseable, non-finite, duplicate timestamp)
 */
public record History(List<String> features, int targetIndex, List<Series> series, String source, long badRows) {

    /** One key's observations: ts [T] ascending, values [T][F]. */
    public record Series(String key, long[] ts, double[][] values) {
        public int length() {
            return ts.length;
        }
    }

    public History {
        features = List.copyOf(features);
        series = List.copyOf(series);
    }

    /** Total observations over all keys. */
    public long points() {
        long n = 0;
        for (Series s : series) {
            n += s.length();
        }
        return n;
    }

    /** Earliest and latest timestamp over all keys, {Long.MIN_VALUE, Long.MIN_VALUE} when empty. */
    public long[] span() {
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Series s : series) {
            if (s.length() > 0) {
                lo = Math.min(lo, s.ts()[0]);
                hi = Math.max(hi, s.ts()[s.length() - 1]);
            }
        }
        return lo == Long.MAX_VALUE ? new long[] {Long.MIN_VALUE, Long.MIN_VALUE} : new long[] {lo, hi};
    }

    /**
     * Reads a long-format CSV with {@link LongCsv} (the same reader as the replayer), keeps rows with
     * {@code from <= ts < to} and then each key's last {@code last} rows (0 = all).
     *
     * @param target the target column, null for the first value column
     */
    public static History fromCsv(Path file, String target, long from, long to, int last) throws IOException {
        LongCsv.Table table = LongCsv.read(file);
        if (table.rows().isEmpty()) {
            throw new BadInputException(LongCsv.noUsableRows(file.toString(), table.bad()));
        }
        List<String> columns = table.valueColumns();
        int targetIndex = target == null ? 0 : columns.indexOf(target);
        if (targetIndex < 0) {
            throw new IllegalArgumentException("--target must be one of the value columns " + columns + " of " + file
                    + ", found '" + target + "'");
        }
        Map<String, List<LongCsv.Row>> bySeries = table.bySeries();
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<LongCsv.Row>> e : bySeries.entrySet()) {
            List<LongCsv.Row> rows = new ArrayList<>();
            for (LongCsv.Row r : e.getValue()) {
                if (r.ts() >= from && r.ts() < to) {
                    rows.add(r);
                }
            }
            rows = tail(rows, last);
            long[] ts = new long[rows.size()];
            double[][] values = new double[rows.size()][];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = rows.get(i).ts();
                values[i] = rows.get(i).values();
            }
            out.add(new Series(e.getKey(), ts, values));
        }
        return new History(
                columns, targetIndex, out, file.toString(), table.bad().size());
    }

    /** The last {@code n} elements (all when n is 0). */
    static <T> List<T> tail(List<T> rows, int n) {
        return n > 0 && rows.size() > n ? rows.subList(rows.size() - n, rows.size()) : rows;
    }
}
