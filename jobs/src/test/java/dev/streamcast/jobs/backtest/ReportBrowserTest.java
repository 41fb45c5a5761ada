package dev.streamcast.jobs.backtest;

import static dev.streamcast.jobs.dashboard.Chromium.await;
import static dev.streamcast.jobs.dashboard.Chromium.browser;
import static dev.streamcast.jobs.dashboard.Chromium.chartValues;
import static dev.streamcast.jobs.dashboard.Chromium.js;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamcast.jobs.dashboard.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A real backtest's report.html (two series of data/surveillance_momo.csv and a key that is an HTML injection
 * attempt; --horizon 4, bands at 80% and 95%) opened from its file in headless Chromium: the dashboard's page in
 * static mode with the report's panels. Skipped, saying so, only when Chromium or its driver is not installed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReportBrowserTest {
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    static final String A = "age_85_plus";
    static final String B = "age_65_75";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void aBacktestsReportShowsEveryKeyItsChartsAndTheSummaryPanels(@TempDir Path dir) throws Exception {
        Chromium.assumeInstalled();
        List<String> lines = new ArrayList<>(List.of("key,timestamp,value"));
        int hostileRows = 0;
        for (String line : Files.readAllLines(Path.of("../data/surveillance_momo.csv"))) {
            String key = line.substring(0, line.indexOf(','));
            if (key.equals(A) || key.equals(B)) {
                lines.add(line);
            }
            if (key.equals(A) && hostileRows++ < 150) {
                lines.add(HOSTILE + line.substring(line.indexOf(',')));
            }
        }
        Path csv = dir.resolve("momo3.csv");
        Files.write(csv, lines);
        Path out = dir.resolve("out");
        String[] args = {
            "--input", csv.toString(), "--out", out.toString(), "--hidden", "8", "--epochs", "2", "--horizon", "4"
        };
        assertThat(BacktestCommand.run(args, BacktestTest.quiet(), System.err)).isZero();
        Path report = out.resolve("report.html");
        JsonNode data = ReportPageTest.data(Files.readString(report));
        JsonNode a = data.at("/series/" + A);

        ChromeDriver d = browser();
        try {
            d.get(report.toUri() + "?key=" + A);
            // the key list: every key
            await(
                    "the key list",
                    30_000,
                    () -> ((List<?>) js(d, "return window.streamcastDashboard.keys();")).size() == 3);
            assertThat((List<Object>) js(d, "return window.streamcastDashboard.keys();"))
                    .containsExactly(HOSTILE, B, A);
            assertThat(d.findElements(By.cssSelector("#key-rows .row"))).hasSize(3);

            // the selected key's chart holds exactly the embedded rows: actuals at their time, each forecast at the
            // time of the row it forecasts, the widest band around it
            await(
                    "the chart of " + A,
                    30_000,
                    () -> chartValues(d, 1).size() == a.get("ts").size());
            assertThat(chartValues(d, 1)).containsExactlyElementsOf(values(a.get("actual"), 0));
            assertThat(chartValues(d, 2)).containsExactlyElementsOf(values(a.get("forecast"), 1));
            assertThat((Boolean) js(d, "return window.streamcastDashboard.bands();"))
                    .isTrue();
            // the legend names what is drawn (the report keeps no path) and the button shows the whole series
            assertThat(d.findElements(By.cssSelector("#chart .u-legend .u-series")).stream()
                            .filter(WebElement::isDisplayed)
                            .map(e -> e.findElement(By.className("u-label")).getText())
                            .toList())
                    .containsExactly("Time", "actual", "forecast", "upper", "lower");
            assertThat(d.findElement(By.id("live")).getText()).isEqualTo("all");
            JsonNode upper = a.get("upper").get(a.get("levels").size() - 1);
            assertThat(chartValues(d, 3)).isNotEmpty().containsExactlyElementsOf(values(upper, 1));
            // the actuals are the input's, every digit
            List<Double> input = lines.stream()
                    .filter(l -> l.startsWith(A + ","))
                    .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1)))
                    .toList();
            assertThat(values(a.get("actual"), 0))
                    .isEqualTo(input.subList(input.size() - a.get("ts").size(), input.size()));

            // the report's panels: overall, intervals with coverage by key, error against the horizon, the key's own
            assertThat(d.findElements(By.cssSelector("#report-overall table.report-table tr")))
                    .hasSize(5);
            assertThat(d.findElement(By.cssSelector("#report-overall")).getText())
                    .contains("model", "naive", "seasonal_naive", "ses", "MASE");
            assertThat(d.findElements(By.cssSelector("#report-intervals table.report-table tr")))
                    .hasSize(3);
            assertThat(d.findElement(By.id("report-coverage")).getAttribute("data-keys"))
                    .isEqualTo("3");
            assertThat(d.findElements(By.cssSelector("#report-horizons table.report-table tr")))
                    .hasSize(1 + 4);
            assertThat(d.findElement(By.id("report-horizon-plot")).getAttribute("data-horizons"))
                    .isEqualTo("4");
            await(
                    "the two plots",
                    10_000,
                    () -> d.findElements(By.cssSelector("#report canvas")).size() == 2);
            assertThat(d.findElement(By.id("key-report")).getText()).contains("Scores of this key", "Winkler");

            d.manage().window().setSize(new Dimension(1400, 1400));
            Thread.sleep(500);
            Path png = Path.of("target/report.png");
            Files.copy(
                    ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath(),
                    png,
                    StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(png)).isGreaterThan(10_000);

            // the hostile key is text, and no alert opened
            d.findElement(By.id("search")).sendKeys("onerror");
            await(
                    "the filtered list",
                    5_000,
                    () -> d.findElements(By.cssSelector("#key-rows .row")).size() == 1);
            d.findElement(By.cssSelector("#key-rows .row")).click();
            await(
                    "the hostile key's title",
                    5_000,
                    () -> d.findElement(By.id("key-title")).getText().equals(HOSTILE));
            await("its chart", 10_000, () -> chartValues(d, 1).size() == 150);
            assertThat(d.findElement(By.cssSelector("#key-rows .row .name")).getText())
                    .isEqualTo(HOSTILE);
            assertThat(d.findElement(By.id("key-report")).getText()).contains("Scores of this key");
            assertThat(d.findElements(By.tagName("img"))).isEmpty();
            assertThrows(NoAlertPresentException.class, () -> d.switchTo().alert());
        } finally {
            d.quit();
        }
    }

    /** The non-null numbers of a column from index {@code from}. */
    static List<Double> values(JsonNode column, int from) {
        List<Double> out = new ArrayList<>();
        for (int i = from; i < column.size(); i++) {
            if (!column.get(i).isNull()) {
                out.add(column.get(i).asDouble());
            }
        }
        return out;
    }
}
