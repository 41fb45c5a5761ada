package dev.streamcast.jobs.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's closing table: per key and overall, the model's and the naive forecast's one-step MAE and MASE on the
 * live part, on exactly the same points. MASE is scaled by each key's in-sample naive MAE of its history (Hyndman &
 * Koehler 2006); overall MAE and MASE are means over keys.
 *
 * @param rows per key (in the watcher's order), then "overall"
 */
record AccuracyReport(Map<String, Row> rows) {

    record Row(long count, double modelMae, double naiveMae, double modelMase, double naiveMase) {}

    static final String OVERALL = "overall";

    static AccuracyReport of(ForecastWatcher watcher, Map<String, Double> naiveScale) {
        Map<String, Row> rows = new LinkedHashMap<>();
        long count = 0;
        double[] sums = new double[4];
        int keys = 0;
        synchronized (watcher.lock()) {
            for (KeyBoard b : watcher.boards().values()) {
                double scale = naiveScale.getOrDefault(b.key, Double.NaN);
                Row r = new Row(
                        b.model.count(), b.model.mae(), b.naive.mae(), b.model.mase(scale), b.naive.mase(scale));
                rows.put(b.key, r);
                if (r.count() > 0 && Double.isFinite(r.modelMase()) && Double.isFinite(r.naiveMase())) {
                    count += r.count();
                    sums[0] += r.modelMae();
                    sums[1] += r.naiveMae();
                    sums[2] += r.modelMase();
                    sums[3] += r.naiveMase();
                    keys++;
                }
            }
        }
        double k = keys == 0 ? Double.NaN : keys;
        rows.put(OVERALL, new Row(count, sums[0] / k, sums[1] / k, sums[2] / k, sums[3] / k));
        return new AccuracyReport(rows);
    }

    Row overall() {
        return rows.get(OVERALL);
    }

    /** The table as printed at the end. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Accuracy on the live part: one-step forecasts, model vs naive (last value) on the same points");
        out.add(String.format(
                Locale.ROOT,
                "%-16s %7s %12s %12s %10s %10s",
                "key",
                "count",
                "MAE model",
                "MAE naive",
                "MASE model",
                "MASE naive"));
        rows.forEach((key, r) -> out.add(String.format(
                Locale.ROOT,
                "%-16s %7d %12s %12s %10s %10s",
                key.length() > 16 ? key.substring(0, 15) + "…" : key,
                r.count(),
                ConsoleView.num(r.modelMae()),
                ConsoleView.num(r.naiveMae()),
                fixed(r.modelMase()),
                fixed(r.naiveMase()))));
        return out;
    }

    private static String fixed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }
}
