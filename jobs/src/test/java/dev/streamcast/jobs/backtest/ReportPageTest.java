package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest's report.html: the dashboard's page in static mode, its data embedded safely, bounded whatever the input. */
class ReportPageTest {
    static final String OPEN = "<script type=\"application/json\" id=\"streamcast-data\">";

    /**
     * A key of n daily rows around {@code level}; the model forecasts the previous value + 0.5, version 1 then 2; bands
     * ± {@code halfWidth} from row 10 (none when 0).
     */
    static KeyScore key(String name, int n, double level, double halfWidth) {
        return key(name, n, level, halfWidth, 0.5);
    }

    static KeyScore key(String name, int n, double level, double halfWidth, double bias) {
        long[] ts = new long[n];
        double[] y = new double[n];
        double[] model = new double[n];
        long[] versions = new long[n];
        double[][] raw = new double[n][1];
        long[] lines = new long[n];
        double[][] lower = new double[1][n];
        double[][] upper = new double[1][n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_577_836_800_000L + i * 86_400_000L;
            y[i] = level + 10 * Math.sin(i / 5.0);
            raw[i][0] = y[i];
            model[i] = i == 0 ? Double.NaN : y[i - 1] + bias;
            versions[i] = i < n / 2 ? 1 : 2;
            lines[i] = i + 2;
            lower[0][i] = i < 10 ? Double.NaN : model[i] - halfWidth;
            upper[0][i] = i < 10 ? Double.NaN : model[i] + halfWidth;
        }
        KeyScore k = KeyScore.of(new BacktestData.Series(name, ts, raw, y, lines, n / 4), model, versions, 1);
        return halfWidth > 0 ? k.withIntervals(new double[] {0.8}, lower, upper) : k;
    }

    static String write(List<KeyScore> keys, Path file) throws IOException {
        ReportPage.write(keys, Summary.json(keys, List.of()), new ReportPage.Header("test.csv", "model v1", 0), file);
        return Files.readString(file);
    }

    /** The data a report.html embeds, read as the page reads it (the text of its JSON element). */
    static JsonNode data(String html) throws IOException {
        int from = html.indexOf(OPEN) + OPEN.length();
        return new ObjectMapper().readTree(html.substring(from, html.indexOf("</script>", from)));
    }

    @Test
    void embedsEveryKeysScoresAndTheChartsOfTheKeysMostLikelyOpened(@TempDir Path dir) throws Exception {
        String hostile = "<img src=x onerror=alert(1)>";
        List<KeyScore> keys = List.of(key("a", 1500, 100, 3), key(hostile, 30, 50, 0));
        String html = write(keys, dir.resolve("report.html"));
        // the key is escaped in the file, and no network: everything inlined
        assertThat(html).contains("\\u003cimg src=x onerror=alert(1)\\u003e").doesNotContain("<img");
        assertThat(html).doesNotContain("src=\"", "href=\"");
        JsonNode d = data(html);
        assertThat(d.at("/keys/1/key").asText()).isEqualTo(hostile);
        assertThat(d.at("/report/title").asText()).isEqualTo("test.csv");
        assertThat(d.at("/report/overall/model/mase").isNumber()).isTrue();
        assertThat(d.at("/report/horizons")).isEmpty();
        // key a: its last 1,000 rows as columns, the forecast of each row and its band; scores of both keys
        JsonNode a = d.at("/series/a");
        assertThat(a.get("ts")).hasSize(1000);
        assertThat(a.at("/ts/0").asLong()).isEqualTo(1_577_836_800_000L + 500 * 86_400_000L);
        assertThat(a.at("/actual/999").asDouble())
                .isEqualTo(keys.get(0).series().y()[1499]);
        assertThat(a.at("/forecast/999").asDouble())
                .isEqualTo(keys.get(0).series().y()[1498] + 0.5, within());
        assertThat(a.at("/upper/0/999").asDouble() - a.at("/forecast/999").asDouble())
                .isEqualTo(3, within());
        assertThat(a.at("/model_version/999").asLong()).isEqualTo(2);
        assertThat(d.at("/keys/0/scores/mase")).hasSize(4);
        assertThat(d.at("/keys/0/intervals/0/coverage")).hasSize(2);
        assertThat(d.at("/keys/1/scores/count").asLong()).isEqualTo(keys.get(1).count());
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-4);
    }

    @Test
    void chartsTheWorstKeysAgainstNaiveTheWorstCoverageAndTheFirstByName() {
        List<KeyScore> keys = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            // the larger k from 100 on, the worse the model against naive; key 150's band is far too narrow (the
            // worst coverage; the others cover every row, 20 points too many)
            keys.add(key(String.format("k%03d", k), 60, k, k == 150 ? 0.01 : 50, 0.5 + (k >= 100 ? k * 0.01 : 0)));
        }
        var charted =
                ReportPage.charted(keys).stream().map(k -> k.series().key()).toList();
        assertThat(charted).contains("k199", "k170", "k150", "k000", "k009").doesNotContain("k169", "k010");
        assertThat(charted.size()).isLessThanOrEqualTo(ReportPage.WORST + ReportPage.WORST_COVERAGE + ReportPage.FIRST);
    }

    @Test
    void staysBoundedFor10000ShortKeys(@TempDir Path dir) throws Exception {
        List<KeyScore> keys = new ArrayList<>();
        for (int k = 0; k < 10_000; k++) {
            keys.add(key(String.format("k%05d", k), 60, k, 2));
        }
        String html = write(keys, dir.resolve("report.html"));
        // every key's scores, 50 keys' rows (the inline-SVG report.html of such an input was 15.6 MB)
        System.out.printf("report.html for 10,000 keys x 60 rows: %,d bytes%n", Files.size(dir.resolve("report.html")));
        assertThat(Files.size(dir.resolve("report.html"))).isLessThan(8_000_000);
        JsonNode d = data(html);
        assertThat(d.get("keys")).hasSize(10_000);
        assertThat(d.get("series").size())
                .isBetween(ReportPage.FIRST, ReportPage.WORST + ReportPage.WORST_COVERAGE + ReportPage.FIRST);
    }

    @Test
    void numbersKeepSevenSignificantDigitsAndNonFiniteIsNull() {
        assertThat(ReportPage.num(new StringBuilder(), 185.71000671386719).toString())
                .isEqualTo("185.71");
        assertThat(ReportPage.num(new StringBuilder(), 1.0 / 3).toString()).isEqualTo("0.3333333");
        assertThat(ReportPage.num(new StringBuilder(), 12345678.9).toString()).isEqualTo("12345680");
        assertThat(ReportPage.num(new StringBuilder(), 1.234567891e-7).toString())
                .isEqualTo("1.234568E-7");
        assertThat(ReportPage.num(new StringBuilder(), -42).toString()).isEqualTo("-42");
        assertThat(ReportPage.num(new StringBuilder(), Double.NaN).toString()).isEqualTo("null");
    }
}
