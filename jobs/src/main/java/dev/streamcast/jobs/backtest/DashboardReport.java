package dev.streamcast.jobs.backtest;

import dev.streamcast.jobs.dashboard.StaticPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes {@code dashboard.html}: the live dashboard's page in static mode ({@link StaticPage}), with the backtest's
 * forecasts embedded: every key in the key list (its scores), and the charts' data of the keys a reader is most
 * likely to open, the {@link #WORST} with the highest model MAE / naive MAE and the {@link #FIRST} first by name, each
 * cut to its last {@link #MAX_POINTS} rows. Bounded: about 250 bytes per key plus at most 40 × 1,000 points of about
 * 150 bytes (6 MB), whatever the input (docs/dashboard.md, "Static mode").
 */
final class DashboardReport {
    private DashboardReport() {}

    static final int WORST = 30;
    static final int FIRST = 10;
    static final int MAX_POINTS = 1000;

    static void write(List<KeyScore> keys, Path file) throws IOException {
        Files.writeString(file, StaticPage.html(json(keys)), StandardCharsets.UTF_8);
    }

    static double ratio(KeyScore k) {
        double m = k.stats()[KeyScore.MODEL].mae(), n = k.stats()[1].mae();
        return n > 0 && Double.isFinite(m) ? m / n : -1;
    }

    static String json(List<KeyScore> keys) {
        Set<KeyScore> charted = new LinkedHashSet<>();
        List<KeyScore> byRatio = new ArrayList<>(keys);
        byRatio.sort(Comparator.comparingDouble(DashboardReport::ratio).reversed());
        charted.addAll(byRatio.subList(0, Math.min(WORST, byRatio.size())));
        List<KeyScore> byName = new ArrayList<>(keys);
        byName.sort(Comparator.comparing(k -> k.series().key()));
        charted.addAll(byName.subList(0, Math.min(FIRST, byName.size())));
        StringBuilder b = new StringBuilder(1 << 16);
        long count = 0;
        long maxVersion = 0;
        for (KeyScore k : keys) {
            count += k.count();
            for (long v : k.versions()) {
                maxVersion = Math.max(maxVersion, v);
            }
        }
        b.append("{\"window_label\":\"all scored rows\",\"totals\":{\"forecasts\":")
                .append(count);
        b.append(",\"forecasts_per_second\":null,\"dead_letters\":0,\"dead_letters_per_second\":null,");
        b.append("\"dead_letters_by_reason\":{},\"unreadable\":0,\"duplicates\":0,\"keys\":")
                .append(keys.size());
        b.append(",\"dropped_keys\":0,\"model_version\":").append(maxVersion);
        b.append(",\"model_seen_at\":0,\"published_version\":0,\"charted\":").append(charted.size());
        b.append("},\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            summary(b.append(i > 0 ? "," : ""), keys.get(i), charted.contains(keys.get(i)));
        }
        b.append("],\"series\":{");
        boolean first = true;
        for (KeyScore k : charted) {
            StaticPage.string(b.append(first ? "" : ","), k.series().key()).append(":{\"summary\":");
            summary(b, k, true).append(",\"points\":[");
            points(b, k);
            b.append("]}");
            first = false;
        }
        return b.append("}}").toString();
    }

    private static StringBuilder summary(StringBuilder b, KeyScore k, boolean charted) {
        BacktestData.Series s = k.series();
        int n = s.size();
        StaticPage.string(b.append("{\"key\":"), s.key());
        b.append(",\"points\":").append(charted ? Math.min(n, MAX_POINTS) : 0);
        b.append(",\"updated_at\":").append(n > 0 ? s.ts()[n - 1] : 0);
        b.append(",\"ts\":").append(n > 0 ? s.ts()[n - 1] : 0);
        StaticPage.number(b.append(",\"actual\":"), n > 0 ? s.y()[n - 1] : Double.NaN);
        StaticPage.number(b.append(",\"forecast\":"), n > 0 ? k.forecasts()[KeyScore.MODEL][n - 1] : Double.NaN);
        b.append(",\"model_version\":").append(n > 0 ? k.versions()[n - 1] : 0);
        b.append(",\"warm\":true,\"error_points\":").append(k.count());
        StaticPage.number(b.append(",\"mae_model\":"), k.stats()[KeyScore.MODEL].mae());
        StaticPage.number(b.append(",\"mae_naive\":"), k.stats()[1].mae());
        b.append(",\"coverage\":[");
        IntervalScore iv = k.intervals();
        if (iv != null) {
            for (int l = 0; l < iv.levels().length; l++) {
                long covered = 0, of = 0;
                for (int i = 0; i < n; i++) {
                    if (k.scored(i) && !Double.isNaN(iv.lower()[l][i])) {
                        of++;
                        covered += s.y()[i] >= iv.lower()[l][i] && s.y()[i] <= iv.upper()[l][i] ? 1 : 0;
                    }
                }
                b.append(l > 0 ? "," : "").append("{\"level\":").append(iv.levels()[l]);
                b.append(",\"covered\":")
                        .append(covered)
                        .append(",\"of\":")
                        .append(of)
                        .append('}');
            }
        }
        return b.append("],\"duplicates\":0,\"dead_letters\":{}}");
    }

    /**
     * The last {@link #MAX_POINTS} rows as the API's points: row i's actual at ts[i], and the forecast made there
     * (the model's forecast of row i + 1) at ts[i + 1] with its bands; the last row has no next row to forecast.
     */
    private static void points(StringBuilder b, KeyScore k) {
        BacktestData.Series s = k.series();
        int n = s.size();
        IntervalScore iv = k.intervals();
        for (int i = Math.max(0, n - MAX_POINTS), id = 1; i < n; i++, id++) {
            boolean next = i + 1 < n;
            b.append(id > 1 ? "," : "").append("{\"ts\":").append(s.ts()[i]);
            b.append(",\"target_ts\":").append(next ? s.ts()[i + 1] : s.ts()[i]);
            StaticPage.number(b.append(",\"actual\":"), s.y()[i]);
            StaticPage.number(b.append(",\"forecast\":"), next ? k.forecasts()[KeyScore.MODEL][i + 1] : Double.NaN);
            b.append(",\"model_version\":").append(next ? k.versions()[i + 1] : k.versions()[i]);
            b.append(",\"warm\":true,\"prev_error\":null,\"seq\":").append(i + 1);
            b.append(",\"intervals\":");
            if (next && iv != null && !Double.isNaN(iv.lower()[0][i + 1])) {
                b.append('[');
                for (int l = 0; l < iv.levels().length; l++) {
                    b.append(l > 0 ? "," : "").append("{\"level\":").append(iv.levels()[l]);
                    StaticPage.number(b.append(",\"lower\":"), iv.lower()[l][i + 1]);
                    StaticPage.number(b.append(",\"upper\":"), iv.upper()[l][i + 1])
                            .append('}');
                }
                b.append(']');
            } else {
                b.append("null");
            }
            b.append(",\"id\":").append(id).append('}');
        }
    }
}
