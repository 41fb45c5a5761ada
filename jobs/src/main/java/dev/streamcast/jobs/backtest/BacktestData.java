package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.data.KafkaObservations;
import dev.streamcast.jobs.data.LongCsv;
import dev.streamcast.model.Transform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The backtest's input: every key's series in time order, split into a training part (the first
 * floor(fraction·n) rows) and a scored rest, plus the rows that could not be used, with their line numbers.
 *
 * @param features the model's feature names, in model order
 * @param targetIndex the target's index among the features
 * @param series the keys' series in first-seen order
 * @param bad unusable rows (unparseable, wrong column count, non-finite, duplicate timestamp, a value the transform
 *     cannot take), sorted by line
 */
public record BacktestData(List<String> features, int targetIndex, List<Series> series, List<LongCsv.BadRow> bad) {

    /**
     * One key's series.
     *
     * @param ts timestamps [n], increasing
     * @param raw feature values [n][F] in model order
     * @param y the target [n]
     * @param lines the CSV line of each row [n]
     * @param trainEnd rows [0, trainEnd) train the model; rows [trainEnd, n) are scored
     */
    public record Series(String key, long[] ts, double[][] raw, double[] y, long[] lines, int trainEnd) {
        public int size() {
            return ts.length;
        }
    }

    /** Total rows over all keys. */
    public long rows() {
        long n = 0;
        for (Series s : series) {
            n += s.size();
        }
        return n;
    }

    /**
     * Reads and splits the input: the CSV file, or the observations topic through the forecast job's own parser
     * ({@link KafkaObservations}: a bad record's "line" is its running number in read order). Rows outside
     * [from, to) are left out, then each key keeps its first {@code max-rows-per-key} and then its last {@code last}.
     *
     * @throws IllegalArgumentException naming a target or feature that is not a value column of the file
     */
    public static BacktestData load(BacktestSettings s) throws IOException {
        LongCsv.Table table;
        List<String> columns;
        String target;
        List<String> features;
        if (s.input() != null) {
            table = LongCsv.read(s.input());
            columns = table.valueColumns();
            target = s.target().isEmpty() ? columns.get(0) : s.target();
            features = s.features().isEmpty() ? columns : s.features();
        } else {
            target = s.target().isEmpty()
                    ? (s.features().isEmpty() ? "value" : s.features().get(0))
                    : s.target();
            features = s.features().isEmpty() ? List.of(target) : s.features();
            if (!features.contains(target)) {
                throw new IllegalArgumentException(
                        "option --target: '" + target + "' must be one of the features " + features);
            }
            table = KafkaObservations.read(
                    s.bootstrapServers(), s.observationsTopic(), features, target, s.from(), s.to());
            columns = table.valueColumns();
        }
        for (String f : features) {
            if (!columns.contains(f)) {
                throw new IllegalArgumentException(
                        "option --features: '" + f + "' is not a value column of " + s.source() + " " + columns);
            }
        }
        if (!features.contains(target)) {
            throw new IllegalArgumentException("option --target: '" + target + "' must be one of the features "
                    + features + " (value columns " + columns + ")");
        }
        int[] pick = features.stream().mapToInt(columns::indexOf).toArray();
        Map<String, List<LongCsv.Row>> byKey = table.bySeries();
        List<LongCsv.BadRow> bad = new ArrayList<>(table.bad());
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, List<LongCsv.Row>> e : byKey.entrySet()) {
            List<LongCsv.Row> rows = new ArrayList<>();
            for (LongCsv.Row r : e.getValue()) {
                if (r.ts() < s.from() || r.ts() >= s.to()) {
                    continue;
                }
                if (s.maxRowsPerKey() > 0 && rows.size() >= s.maxRowsPerKey()) {
                    break;
                }
                if (s.transform() == Transform.LOG_DIFF && !allPositive(r.values(), pick)) {
                    bad.add(new LongCsv.BadRow(r.line(), "log-diff needs every feature > 0", ""));
                    continue;
                }
                rows.add(r);
            }
            if (s.last() > 0 && rows.size() > s.last()) {
                rows = rows.subList(rows.size() - s.last(), rows.size());
            }
            if (!rows.isEmpty()) {
                out.add(series(e.getKey(), rows, pick, features.indexOf(target), s.trainFraction()));
            }
        }
        bad.sort(Comparator.comparingLong(LongCsv.BadRow::line));
        return new BacktestData(List.copyOf(features), features.indexOf(target), out, bad);
    }

    private static boolean allPositive(double[] v, int[] pick) {
        for (int k : pick) {
            if (!(v[k] > 0)) {
                return false;
            }
        }
        return true;
    }

    static Series series(String key, List<LongCsv.Row> rows, int[] pick, int target, double fraction) {
        int n = rows.size();
        long[] ts = new long[n];
        double[][] raw = new double[n][pick.length];
        double[] y = new double[n];
        long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            LongCsv.Row r = rows.get(i);
            ts[i] = r.ts();
            lines[i] = r.line();
            for (int k = 0; k < pick.length; k++) {
                raw[i][k] = r.values()[pick[k]];
            }
            y[i] = raw[i][target];
        }
        return new Series(key, ts, raw, y, lines, (int) Math.floor(fraction * n));
    }
}
