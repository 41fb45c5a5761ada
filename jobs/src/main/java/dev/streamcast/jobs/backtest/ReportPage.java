package dev.streamcast.jobs.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamcast.jobs.dashboard.StaticPage;
import dev.streamcast.model.eval.ErrorStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Writes {@code report.html}: the live dashboard's page in static mode ({@link StaticPage}) with the backtest
 * embedded. The report's panels (the overall table of the model and the baselines, the prediction intervals and
 * coverage by key, the error against the horizon, the selected key's tables) are drawn by {@code report.js} from
 * {@code "report"} and each key's {@code "scores"}. Its size is bounded whatever the input (docs/dashboard.md,
 * "Static mode"):
 *
 * <ul>
 *   <li>every key in the key list with its scores (about 0.7 KB a key: the list, search, sort and each key's tables
 *       work on every key);
 *   <li>the charts' data of at most {@link #WORST} + {@link #WORST_COVERAGE} + {@link #FIRST} keys, those a reader is
 *       most likely to open: the highest model MAE / naive MAE, the coverage furthest from its level, the first by
 *       name (the page opens the first); each its last {@link #MAX_POINTS} rows, as columns (about 70 bytes a row
 *       with two band levels, so at most about 3.5 MB);
 *   <li>the rest summarised: their rows are in forecasts.csv.
 * </ul>
 */
final class ReportPage {
    private ReportPage() {}

    static final int WORST = 30;
    static final int WORST_COVERAGE = 10;
    static final int FIRST = 10;
    static final int MAX_POINTS = 1000;

    /** What the report shows above the keys. */
    record Header(String title, String settings, long badRows) {}

    /**
     * @param summary summary.json's tree (its {@code overall} and {@code horizons} are embedded as they are)
     */
    static void write(List<KeyScore> keys, JsonNode summary, Header header, Path file) throws IOException {
        Files.writeString(file, StaticPage.html(json(keys, summary, header)), StandardCharsets.UTF_8);
    }

    /** Model MAE / naive MAE, -1 where either does not exist. */
    static double ratio(KeyScore k) {
        double m = k.stats()[KeyScore.MODEL].mae(), n = k.stats()[1].mae();
        return n > 0 && Double.isFinite(m) ? m / n : -1;
    }

    /** The largest distance of the model's coverage from its level, over the levels; -1 without bands. */
    static double coverageMiss(KeyScore k) {
        IntervalScore iv = k.intervals();
        double miss = -1;
        for (int l = 0; iv != null && l < iv.levels().length; l++) {
            double c = iv.model()[l].coverage();
            if (Double.isFinite(c)) {
                miss = Math.max(miss, Math.abs(c - iv.levels()[l]));
            }
        }
        return miss;
    }

    /** The keys whose rows are embedded, worst first. */
    static Set<KeyScore> charted(List<KeyScore> keys) {
        Set<KeyScore> charted = new LinkedHashSet<>();
        charted.addAll(top(keys, ReportPage::ratio, WORST));
        charted.addAll(top(keys, ReportPage::coverageMiss, WORST_COVERAGE));
        List<KeyScore> byName = new ArrayList<>(keys);
        byName.sort(Comparator.comparing(k -> k.series().key()));
        charted.addAll(byName.subList(0, Math.min(FIRST, byName.size())));
        return charted;
    }

    private static List<KeyScore> top(List<KeyScore> keys, ToDoubleFunction<KeyScore> score, int n) {
        List<KeyScore> sorted = new ArrayList<>(
                keys.stream().filter(k -> score.applyAsDouble(k) >= 0).toList());
        sorted.sort(Comparator.comparingDouble(score).reversed());
        return sorted.subList(0, Math.min(n, sorted.size()));
    }

    static String json(List<KeyScore> keys, JsonNode summary, Header header) {
        Set<KeyScore> charted = charted(keys);
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
        b.append(",\"model_seen_at\":0,\"published_version\":0},");
        report(b, summary, header, charted.size());
        b.append(",\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            summary(b.append(i > 0 ? "," : ""), keys.get(i), charted.contains(keys.get(i)));
        }
        b.append("],\"series\":{");
        boolean first = true;
        for (KeyScore k : charted) {
            StaticPage.string(b.append(first ? "" : ","), k.series().key()).append(":{\"summary\":");
            summary(b, k, true);
            columns(b, k);
            b.append('}');
            first = false;
        }
        return b.append("}}").toString();
    }

    private static void report(StringBuilder b, JsonNode summary, Header header, int charted) {
        ObjectMapper mapper = new ObjectMapper();
        StaticPage.string(b.append("\"report\":{\"title\":"), header.title());
        StaticPage.string(b.append(",\"settings\":"), header.settings());
        b.append(",\"bad_rows\":").append(header.badRows()).append(",\"methods\":[");
        for (int j = 0; j < KeyScore.METHODS.length; j++) {
            StaticPage.string(b.append(j > 0 ? "," : ""), KeyScore.METHODS[j]);
        }
        try {
            b.append("],\"overall\":").append(mapper.writeValueAsString(summary.get("overall")));
            JsonNode horizons = summary.get("horizons");
            b.append(",\"horizons\":").append(horizons == null ? "[]" : mapper.writeValueAsString(horizons));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.append(",\"charted\":{\"keys\":")
                .append(charted)
                .append(",\"worst_ratio\":")
                .append(WORST);
        b.append(",\"worst_coverage\":")
                .append(WORST_COVERAGE)
                .append(",\"first\":")
                .append(FIRST);
        b.append(",\"max_points\":").append(MAX_POINTS).append("}}");
    }

    /**
     * One key in the API's summary format (the key list's fields), plus {@code "scores":{"count","season","mase":[4],
     * "smape":[4],"mae":[4],"rmse":[4]}} per method in {@link KeyScore#METHODS} order and, with bands,
     * {@code "intervals":[{"level","count","coverage":[model,naive],"width":[…],"winkler":[…]}]}.
     */
    private static StringBuilder summary(StringBuilder b, KeyScore k, boolean charted) {
        BacktestData.Series s = k.series();
        int n = s.size();
        StaticPage.string(b.append("{\"key\":"), s.key());
        b.append(",\"points\":").append(charted ? Math.min(n, MAX_POINTS) : 0);
        b.append(",\"updated_at\":").append(n > 0 ? s.ts()[n - 1] : 0);
        b.append(",\"model_version\":").append(n > 0 ? k.versions()[n - 1] : 0);
        b.append(",\"warm\":true");
        num(b.append(",\"mae_model\":"), k.stats()[KeyScore.MODEL].mae());
        num(b.append(",\"mae_naive\":"), k.stats()[1].mae());
        b.append(",\"coverage\":[");
        IntervalScore iv = k.intervals();
        for (int l = 0; iv != null && l < iv.levels().length; l++) {
            b.append(l > 0 ? "," : "").append("{\"level\":").append(iv.levels()[l]);
            b.append(",\"covered\":").append(iv.model()[l].hits);
            b.append(",\"of\":").append(iv.model()[l].count).append('}');
        }
        b.append("],\"duplicates\":0,\"dead_letters\":{},\"scores\":{\"count\":")
                .append(k.count());
        b.append(",\"season\":").append(k.season());
        ErrorStats[] st = k.stats();
        double[][] cols = new double[4][st.length];
        for (int j = 0; j < st.length; j++) {
            cols[0][j] = st[j].mase(k.scale());
            cols[1][j] = st[j].smape();
            cols[2][j] = st[j].mae();
            cols[3][j] = st[j].rmse();
        }
        String[] names = {"mase", "smape", "mae", "rmse"};
        for (int c = 0; c < names.length; c++) {
            array(b.append(",\"").append(names[c]).append("\":"), cols[c]);
        }
        b.append('}');
        if (iv != null) {
            b.append(",\"intervals\":[");
            for (int l = 0; l < iv.levels().length; l++) {
                IntervalScore.Stats m = iv.model()[l], v = iv.naive()[l];
                b.append(l > 0 ? "," : "").append("{\"level\":").append(iv.levels()[l]);
                b.append(",\"count\":").append(m.count);
                array(b.append(",\"coverage\":"), new double[] {m.coverage(), v.coverage()});
                array(b.append(",\"width\":"), new double[] {m.width(k.scale()), v.width(k.scale())});
                array(b.append(",\"winkler\":"), new double[] {m.winkler(k.scale()), v.winkler(k.scale())});
                b.append('}');
            }
            b.append(']');
        }
        return b.append('}');
    }

    /**
     * The key's last {@link #MAX_POINTS} rows as columns: {@code "ts"} (epoch ms), {@code "actual"} (as read), and
     * the forecast of each row (made at the row before; null where none), its model version, and with bands {@code
     * "lower"} and {@code "upper"} per level in {@code "levels"} (null where none). app.js turns them into the API's
     * points.
     */
    private static void columns(StringBuilder b, KeyScore k) {
        BacktestData.Series s = k.series();
        int n = s.size();
        int from = Math.max(0, n - MAX_POINTS);
        b.append(",\"ts\":[");
        for (int i = from; i < n; i++) {
            b.append(i > from ? "," : "").append(s.ts()[i]);
        }
        b.append("],\"actual\":[");
        for (int i = from; i < n; i++) {
            StaticPage.number(b.append(i > from ? "," : ""), s.y()[i]);
        }
        b.append("],\"forecast\":");
        column(b, k.forecasts()[KeyScore.MODEL], from, n);
        b.append(",\"model_version\":[");
        for (int i = from; i < n; i++) {
            b.append(i > from ? "," : "").append(k.versions()[i]);
        }
        b.append("],\"levels\":[");
        IntervalScore iv = k.intervals();
        int levels = iv == null ? 0 : iv.levels().length;
        for (int l = 0; l < levels; l++) {
            b.append(l > 0 ? "," : "").append(iv.levels()[l]);
        }
        b.append("],\"lower\":[");
        for (int l = 0; l < levels; l++) {
            column(b.append(l > 0 ? "," : ""), iv.lower()[l], from, n);
        }
        b.append("],\"upper\":[");
        for (int l = 0; l < levels; l++) {
            column(b.append(l > 0 ? "," : ""), iv.upper()[l], from, n);
        }
        b.append(']');
    }

    private static void column(StringBuilder b, double[] v, int from, int to) {
        b.append('[');
        for (int i = from; i < to; i++) {
            num(b.append(i > from ? "," : ""), v[i]);
        }
        b.append(']');
    }

    private static void array(StringBuilder b, double[] v) {
        column(b, v, 0, v.length);
    }

    private static final MathContext DIGITS = new MathContext(7);

    /**
     * {@code v} to 7 significant digits (forecasts, bounds and scores: the model computes in float), null when not
     * finite; forecasts.csv keeps every digit.
     */
    static StringBuilder num(StringBuilder b, double v) {
        if (!Double.isFinite(v)) {
            return b.append("null");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return b.append((long) v);
        }
        BigDecimal d = new BigDecimal(v).round(DIGITS).stripTrailingZeros();
        double a = Math.abs(v);
        return b.append(a >= 1e-4 && a < 1e15 ? d.toPlainString() : d.toString());
    }
}
