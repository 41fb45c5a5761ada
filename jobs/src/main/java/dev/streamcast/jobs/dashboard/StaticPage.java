package dev.streamcast.jobs.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's page in static mode: one self-contained HTML file (its CSS, uPlot and its scripts inlined, no
 * network) with its data embedded as JSON in {@code <script type="application/json" id="streamcast-data">}, which the
 * page reads with {@code textContent} and {@code JSON.parse}: the same page and chart code as the live dashboard, plus
 * the report's own panels ({@code report.js}, {@code report.css}). The backtest's report.html is one
 * (docs/dashboard.md, "Static mode").
 */
public final class StaticPage {
    private StaticPage() {}

    /**
     * The page with {@code dataJson} embedded: {@code {"totals":{…},"keys":[…],"series":{key:{…}},"report":{…}}}
     * (docs/dashboard.md). Whatever its strings hold, {@code <}, {@code >}, {@code &}, U+2028 and U+2029 are escaped
     * here (they can occur only inside JSON strings, where {@code \}{@code uXXXX} means the same), so no {@code
     * </script>} or comment opener can end the data element early.
     */
    public static String html(String dataJson) {
        String page = resource("/dashboard/index.html");
        page = page.replace(
                "<link rel=\"stylesheet\" href=\"static/uPlot.min.css\">",
                "<style>" + resource(DashboardServer.UPLOT + "dist/uPlot.min.css") + "</style>");
        page = page.replace(
                "<link rel=\"stylesheet\" href=\"static/app.css\">",
                "<style>" + resource("/dashboard/app.css") + resource("/dashboard/report.css") + "</style>");
        page = page.replace(
                "<script src=\"static/uPlot.iife.min.js\"></script>",
                "<script type=\"application/json\" id=\"streamcast-data\">" + scriptSafe(dataJson) + "</script>\n"
                        + "<script>/* uPlot 1.6.30, MIT licence: https://github.com/leeoniya/uPlot */\n"
                        + script(resource(DashboardServer.UPLOT + "dist/uPlot.iife.min.js")) + "</script>");
        page = page.replace(
                "<script src=\"static/app.js\"></script>",
                "<script>" + script(resource("/dashboard/app.js")) + "</script>\n<script>"
                        + script(resource("/dashboard/report.js")) + "</script>");
        return page;
    }

    /** A JSON string with {@code <}, {@code >} and {@code &} escaped, safe inside a script element. */
    public static StringBuilder string(StringBuilder b, String s) {
        return DashboardJson.string(b, s);
    }

    /** A finite number, or null. */
    public static StringBuilder number(StringBuilder b, double d) {
        return DashboardJson.number(b, d);
    }

    /** JSON text with {@code < > &} U+2028 U+2029 written as {@code \}{@code uXXXX} escapes (same JSON value). */
    static String scriptSafe(String json) {
        StringBuilder b = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String script(String js) {
        if (js.contains("</script") || js.contains("<!--")) {
            throw new IllegalStateException("a script to inline contains </script or <!--");
        }
        return js;
    }

    private static String resource(String path) {
        try (InputStream in = StaticPage.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
