package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest's dashboard.html: the dashboard's page in static mode, bounded whatever the input. */
class DashboardReportTest {
    static KeyScore key(String name, int n, double level) {
        long[] ts = new long[n];
        double[] y = new double[n];
        double[] model = new double[n];
        long[] versions = new long[n];
        double[][] raw = new double[n][1];
        long[] lines = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_577_836_800_000L + i * 86_400_000L;
            y[i] = level + 10 * Math.sin(i / 5.0);
            raw[i][0] = y[i];
            model[i] = i == 0 ? Double.NaN : y[i - 1] + 0.5;
            versions[i] = i < n / 2 ? 1 : 2;
            lines[i] = i + 2;
        }
        return KeyScore.of(new BacktestData.Series(name, ts, raw, y, lines, n / 4), model, versions, 1);
    }

    @Test
    void embedsEveryKeysScoresAndTheChartsOfTheKeysMostLikelyOpened(@TempDir Path dir) throws Exception {
        List<KeyScore> keys = List.of(key("a", 1500, 100), key("<img src=x onerror=alert(1)>", 30, 50));
        Path file = dir.resolve("dashboard.html");
        DashboardReport.write(keys, file);
        String html = Files.readString(file);
        assertThat(html).contains("window.STREAMCAST_STATIC = {", "\"window_label\":\"all scored rows\"");
        assertThat(html).contains("\\u003cimg src=x onerror=alert(1)\\u003e").doesNotContain("<img");
        // no network: everything inlined
        assertThat(html).doesNotContain("src=\"", "href=\"");
        String data = DashboardReport.json(keys);
        // key a: its last 1,000 rows charted, ids 1..1000; the last one has no next row to forecast
        assertThat(data).contains("\"id\":1000}").doesNotContain("\"id\":1001}");
        assertThat(data).contains("\"model_version\":2");
    }

    @Test
    void staysBoundedFor10000ShortKeys() {
        List<KeyScore> keys = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            keys.add(key(String.format("k%05d", k), 60, k));
        }
        String data = DashboardReport.json(keys);
        // 10,000 keys' scores, 40 keys' charts (the report.html of the same input was 15.6 MB)
        assertThat(data.length()).isLessThan(6_000_000);
        assertThat(data.split("\"summary\":", -1).length - 1)
                .isBetween(DashboardReport.WORST, DashboardReport.WORST + DashboardReport.FIRST);
    }
}
