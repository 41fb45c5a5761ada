package dev.streamcast.jobs.backtest;

import dev.streamcast.model.eval.ErrorStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * Writes {@code report.html}: one self-contained page (inline CSS and SVG, no script, no network) with the overall
 * metrics table and, per key, its metrics table, actual vs the model's forecast over the scored rows, and the
 * absolute error of the model and of the naive forecast over the same rows. Series longer than {@link #MAX_POINTS}
 * scored rows are drawn with every k-th row (the tables always use every row). With prediction intervals: the overall
 * and per-key interval tables (coverage, width, Winkler score of the model and the calibrated naive), a
 * coverage-by-key plot per level, and each key's bands drawn around its forecast.
 */
final class HtmlReport {
    private HtmlReport() {}

    static final int MAX_POINTS = 2000;
    private static final int W = 900;
    private static final int H = 220;
    private static final int PAD = 40;

    static void write(List<KeyScore> keys, String title, String settings, long badRows, Path file) throws IOException {
        write(keys, title, settings, badRows, List.of(), file);
    }

    /** @param horizons the per-horizon scores of {@code --horizon} (empty: none, the page as before) */
    static void write(
            List<KeyScore> keys, String title, String settings, long badRows, List<HorizonScore> horizons, Path file)
            throws IOException {
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Backtest: ")
                .append(esc(title))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:960px}"
                        + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;"
                        + "text-align:right}th:first-child,td:first-child{text-align:left}.best{font-weight:bold}"
                        + "svg{background:#fafafa;border:1px solid #ddd}.legend span{margin-right:1.5em}"
                        + "</style></head><body>");
        b.append("<h1>Backtest: ")
                .append(esc(title))
                .append("</h1><p>")
                .append(esc(settings))
                .append("</p>");
        b.append("<p>Bad input rows: ").append(badRows).append(" (listed in summary.json).</p>");
        b.append("<h2>Overall</h2>");
        ErrorStats[] pooled = Summary.pooled(keys);
        double[] mase = new double[KeyScore.METHODS.length];
        for (int j = 0; j < mase.length; j++) {
            mase[j] = Summary.meanMase(keys, j);
        }
        table(b, pooled, mase);
        b.append("<p>MAE, RMSE, sMAPE pooled over all scored points; MASE = mean over keys of MAE / in-sample "
                + "one-step naive MAE of the key's training part. Bold: the best of each column.</p>");
        intervalsOverall(b, keys);
        if (!horizons.isEmpty()) {
            horizons(b, horizons);
        }
        for (KeyScore k : keys) {
            b.append("<h2>").append(esc(k.series().key())).append("</h2>");
            double[] km = new double[KeyScore.METHODS.length];
            for (int j = 0; j < km.length; j++) {
                km[j] = k.stats()[j].mase(k.scale());
            }
            b.append("<p>")
                    .append(k.count())
                    .append(" scored rows; seasonal naive period ")
                    .append(k.season())
                    .append("</p>");
            table(b, k.stats(), km);
            if (k.intervals() != null) {
                intervalTable(b, List.of(k));
            }
            charts(b, k);
        }
        b.append("</body></html>\n");
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    /** MASE against the horizon h = 1 .. H for the model and the baselines: a table and a plot. */
    private static void horizons(StringBuilder b, List<HorizonScore> horizons) {
        b.append("<h2>Error by horizon</h2><table><tr><th>h</th><th>count</th>");
        for (String m : KeyScore.METHODS) {
            b.append("<th>MASE ").append(esc(m)).append("</th>");
        }
        b.append("</tr>");
        double[] t = new double[horizons.size()];
        double[][] lines = new double[KeyScore.METHODS.length][horizons.size()];
        for (int i = 0; i < horizons.size(); i++) {
            HorizonScore s = horizons.get(i);
            t[i] = s.h();
            b.append("<tr><td>")
                    .append(s.h())
                    .append("</td><td>")
                    .append(s.pooled()[KeyScore.MODEL].count())
                    .append("</td>");
            for (int j = 0; j < KeyScore.METHODS.length; j++) {
                lines[j][i] = s.meanMase()[j];
                b.append("<td>").append(num(s.meanMase()[j])).append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</table>");
        String[] colors = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
        b.append("<p class=\"legend\">");
        for (int j = 0; j < KeyScore.METHODS.length; j++) {
            b.append("<span style=\"color:").append(colors[j]).append("\">").append(esc(KeyScore.METHODS[j]));
            b.append("</span>");
        }
        b.append(" (MASE, mean over keys, against h = 1 .. ")
                .append(horizons.size())
                .append(")</p>");
        svg(b, t, lines, colors);
        b.append("<p>The h-step forecast of each row is made h rows before it; MASE at every h is divided by the same "
                + "one-step in-sample naive MAE (docs/horizon.md).</p>");
    }

    private static void table(StringBuilder b, ErrorStats[] stats, double[] mase) {
        double[][] cols = new double[4][stats.length];
        for (int j = 0; j < stats.length; j++) {
            cols[0][j] = mase[j];
            cols[1][j] = stats[j].smape();
            cols[2][j] = stats[j].mae();
            cols[3][j] = stats[j].rmse();
        }
        b.append("<table><tr><th>method</th><th>MASE</th><th>sMAPE %</th><th>MAE</th><th>RMSE</th></tr>");
        for (int j = 0; j < stats.length; j++) {
            b.append("<tr><td>").append(KeyScore.METHODS[j]).append("</td>");
            for (double[] col : cols) {
                boolean best = Double.isFinite(col[j]);
                for (double v : col) {
                    best &= !(v < col[j]);
                }
                b.append(best ? "<td class=\"best\">" : "<td>")
                        .append(num(col[j]))
                        .append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</table>");
    }

    private static void charts(StringBuilder b, KeyScore k) {
        BacktestData.Series s = k.series();
        int n = 0;
        for (int i = 0; i < s.size(); i++) {
            n += k.scored(i) ? 1 : 0;
        }
        if (n == 0) {
            return;
        }
        int stride = (n + MAX_POINTS - 1) / MAX_POINTS;
        int m = (n + stride - 1) / stride;
        double[] t = new double[m];
        double[] actual = new double[m];
        double[] model = new double[m];
        double[] errModel = new double[m];
        double[] errNaive = new double[m];
        IntervalScore iv = k.intervals();
        int levels = iv == null ? 0 : iv.levels().length;
        double[][] bounds = new double[2 * levels][m];
        int p = 0;
        int seen = 0;
        for (int i = 0; i < s.size() && p < m; i++) {
            if (k.scored(i) && seen++ % stride == 0) {
                t[p] = s.ts()[i];
                actual[p] = s.y()[i];
                model[p] = k.forecasts()[KeyScore.MODEL][i];
                errModel[p] = Math.abs(actual[p] - model[p]);
                errNaive[p] = Math.abs(actual[p] - k.forecasts()[1][i]);
                for (int l = 0; l < levels; l++) {
                    bounds[2 * l][p] = iv.lower()[l][i];
                    bounds[2 * l + 1][p] = iv.upper()[l][i];
                }
                p++;
            }
        }
        String range = Instant.ofEpochMilli((long) t[0]) + " .. " + Instant.ofEpochMilli((long) t[m - 1])
                + (stride > 1 ? " (every " + stride + "th row drawn)" : "");
        b.append("<p class=\"legend\"><span style=\"color:#222\">&#9644; actual</span>"
                + "<span style=\"color:#d62728\">&#9644; model forecast</span>");
        double[][] lines = new double[2 + 2 * levels][];
        String[] colors = new String[lines.length];
        for (int l = 0; l < levels; l++) {
            String c = BAND_COLORS[Math.min(l, BAND_COLORS.length - 1)];
            lines[2 * l] = bounds[2 * l];
            lines[2 * l + 1] = bounds[2 * l + 1];
            colors[2 * l] = c;
            colors[2 * l + 1] = c;
            b.append("<span style=\"color:")
                    .append(c)
                    .append("\">&#9644; ")
                    .append(pct(iv.levels()[l]))
                    .append(" band</span>");
        }
        lines[2 * levels] = actual;
        lines[2 * levels + 1] = model;
        colors[2 * levels] = "#222";
        colors[2 * levels + 1] = "#d62728";
        b.append(esc(range)).append("</p>");
        svg(b, t, lines, colors);
        b.append("<p class=\"legend\"><span style=\"color:#d62728\">&#9644; |error| model</span>"
                + "<span style=\"color:#1f77b4\">&#9644; |error| naive</span></p>");
        svg(b, t, new double[][] {errNaive, errModel}, new String[] {"#1f77b4", "#d62728"});
    }

    /** Band colours, lowest level first: the narrower band darker. */
    private static final String[] BAND_COLORS = {"#f28e8e", "#f9c6c6", "#fde3e3"};

    private static final String[] LEVEL_COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};

    /** The overall interval table and the coverage-by-key plot, when the replay emitted intervals. */
    private static void intervalsOverall(StringBuilder b, List<KeyScore> keys) {
        List<KeyScore> with = keys.stream().filter(k -> k.intervals() != null).toList();
        if (with.isEmpty()) {
            return;
        }
        b.append("<h2>Prediction intervals</h2>");
        intervalTable(b, with);
        b.append("<p>Coverage: fraction of actuals inside the band; width and Winkler score (width + 2/α × the miss "
                + "distance) divided by the key's MASE scale; each the mean over keys. naive: the same calibration "
                + "applied to the naive forecast's errors. Rows where both have a band (after each key's warm-up of "
                + "10 forecasts).</p>");
        double[] levels = with.get(0).intervals().levels();
        b.append("<p class=\"legend\">Coverage by key (dots: the model, one per key; lines: the levels)");
        for (int l = 0; l < levels.length; l++) {
            b.append("<span style=\"color:")
                    .append(LEVEL_COLORS[l % LEVEL_COLORS.length])
                    .append("\"> &#9679; ")
                    .append(pct(levels[l]))
                    .append("</span>");
        }
        b.append("</p>");
        int h = H;
        b.append("<svg width=\"")
                .append(W)
                .append("\" height=\"")
                .append(h)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        double lo = 0.5;
        for (KeyScore k : with) {
            for (IntervalScore.Stats st : k.intervals().model()) {
                if (Double.isFinite(st.coverage())) {
                    lo = Math.min(lo, Math.floor(st.coverage() * 10) / 10);
                }
            }
        }
        double bottom = lo;
        DoubleUnaryOperator y = c -> 5 + (h - 20) * (1 - c) / (1 - bottom);
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"2\" y=\"12\" font-size=\"10\">100%%</text>"
                        + "<text x=\"2\" y=\"%d\" font-size=\"10\">%s</text>",
                h - 4,
                pct(bottom)));
        for (int l = 0; l < levels.length; l++) {
            String c = LEVEL_COLORS[l % LEVEL_COLORS.length];
            b.append("<line x1=\"").append(PAD).append("\" x2=\"").append(W - 5).append("\" y1=\"");
            coord(b, y.applyAsDouble(levels[l])).append("\" y2=\"");
            coord(b, y.applyAsDouble(levels[l]))
                    .append("\" stroke=\"")
                    .append(c)
                    .append("\" stroke-dasharray=\"4 3\"/>");
            for (int i = 0; i < with.size(); i++) {
                double cov = with.get(i).intervals().model()[l].coverage();
                if (Double.isFinite(cov)) {
                    double x = PAD + (W - PAD - 10) * (with.size() == 1 ? 0.5 : (double) i / (with.size() - 1));
                    b.append("<circle r=\"3\" fill=\"").append(c).append("\" cx=\"");
                    coord(b, x).append("\" cy=\"");
                    coord(b, y.applyAsDouble(cov)).append("\"><title>");
                    b.append(esc(with.get(i).series().key()))
                            .append(": ")
                            .append(pct(cov))
                            .append("</title></circle>");
                }
            }
        }
        b.append("</svg>");
    }

    /** Per level: count, and coverage, width and Winkler of the model and the naive; means over the given keys. */
    private static void intervalTable(StringBuilder b, List<KeyScore> keys) {
        double[] levels = keys.get(0).intervals().levels();
        b.append("<table><tr><th>level</th><th>rows</th><th>coverage model</th><th>coverage naive</th>"
                + "<th>width model</th><th>width naive</th><th>Winkler model</th><th>Winkler naive</th></tr>");
        for (int l = 0; l < levels.length; l++) {
            long count = 0;
            double[] sum = new double[6];
            int[] n = new int[6];
            for (KeyScore k : keys) {
                IntervalScore.Stats m = k.intervals().model()[l];
                IntervalScore.Stats v = k.intervals().naive()[l];
                count += m.count;
                double[] x = {
                    m.coverage(),
                    v.coverage(),
                    m.width(k.scale()),
                    v.width(k.scale()),
                    m.winkler(k.scale()),
                    v.winkler(k.scale())
                };
                for (int j = 0; j < 6; j++) {
                    if (Double.isFinite(x[j])) {
                        sum[j] += x[j];
                        n[j]++;
                    }
                }
            }
            b.append("<tr><td>")
                    .append(pct(levels[l]))
                    .append("</td><td>")
                    .append(count)
                    .append("</td>");
            for (int j = 0; j < 6; j++) {
                double mean = n[j] == 0 ? Double.NaN : sum[j] / n[j];
                b.append("<td>")
                        .append(j < 2 && Double.isFinite(mean) ? pct(mean) : num(mean))
                        .append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</table>");
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static void svg(StringBuilder b, double[] t, double[][] lines, String[] colors) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] l : lines) {
            for (double v : l) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double t0 = t[0];
        double span = Math.max(1, t[t.length - 1] - t0);
        b.append("<svg width=\"")
                .append(W)
                .append("\" height=\"")
                .append(H)
                .append("\" viewBox=\"0 0 ")
                .append(W)
                .append(' ')
                .append(H)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"2\" y=\"12\" font-size=\"10\">%s</text>"
                        + "<text x=\"2\" y=\"%d\" font-size=\"10\">%s</text>",
                num(hi),
                H - 4,
                num(lo)));
        for (int l = 0; l < lines.length; l++) {
            b.append("<polyline fill=\"none\" stroke-width=\"1\" stroke=\"")
                    .append(colors[l])
                    .append("\" points=\"");
            for (int i = 0; i < t.length; i++) {
                if (Double.isFinite(lines[l][i])) {
                    double x = PAD + (W - PAD - 5) * (t[i] - t0) / span;
                    double y = 5 + (H - 20) * (hi - lines[l][i]) / (hi - lo);
                    coord(b, x).append(',');
                    coord(b, y).append(' ');
                }
            }
            b.append("\"/>");
        }
        b.append("</svg>");
    }

    /** x with one decimal, without String.format (which is slow per point). */
    private static StringBuilder coord(StringBuilder b, double x) {
        long tenths = Math.round(x * 10);
        return b.append(tenths / 10).append('.').append(Math.abs(tenths % 10));
    }

    static String num(double v) {
        if (!Double.isFinite(v)) {
            return "&ndash;";
        }
        return Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v != 0)
                ? String.format(Locale.ROOT, "%.4g", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
