package dev.streamcast.jobs.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's page in static mode: one self-contained HTML file (its CSS, uPlot and its script inlined, no
 * network) with its data embedded as {@code window.STREAMCAST_STATIC}, the same page and chart code as the live
 * dashboard. The backtest writes one (docs/dashboard.md, "Static mode").
 */
public final class StaticPage {
    private StaticPage() {}

    /**
     * The page with {@code dataJson} embedded. {@code dataJson} must be JSON whose strings were written with
     * {@link #string} (so that no {@code </script>} can occur in it): {@code {"totals":{…},"keys":[…],"series":{key:
     * {"points":[…],"summary":{…}}},"window_label":"…"}}, keys and points in the API's format (docs/dashboard.md).
     */
    public static String html(String dataJson) {
        String page = resource("/dashboard/index.html");
        page = page.replace(
                "<link rel=\"stylesheet\" href=\"static/uPlot.min.css\">",
                "<style>" + resource(DashboardServer.UPLOT + "dist/uPlot.min.css") + "</style>");
        page = page.replace(
                "<link rel=\"stylesheet\" href=\"static/app.css\">",
                "<style>" + resource("/dashboard/app.css") + "</style>");
        page = page.replace(
                "<script src=\"static/uPlot.iife.min.js\"></script>",
                "<script>/* uPlot 1.6.30, MIT licence: https://github.com/leeoniya/uPlot */\n"
                        + script(resource(DashboardServer.UPLOT + "dist/uPlot.iife.min.js")) + "</script>");
        page = page.replace(
                "<script src=\"static/app.js\"></script>",
                "<script>window.STREAMCAST_STATIC = " + script(dataJson) + ";</script>\n<script>"
                        + script(resource("/dashboard/app.js")) + "</script>");
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
