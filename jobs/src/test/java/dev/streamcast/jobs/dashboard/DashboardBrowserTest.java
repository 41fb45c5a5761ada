package dev.streamcast.jobs.dashboard;

import static dev.streamcast.jobs.dashboard.Chromium.await;
import static dev.streamcast.jobs.dashboard.Chromium.browser;
import static dev.streamcast.jobs.dashboard.Chromium.chartValues;
import static dev.streamcast.jobs.dashboard.Chromium.js;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.streamcast.jobs.common.Forecast;
import dev.streamcast.jobs.common.serde.ForecastJson;
import dev.streamcast.jobs.demo.DemoForecasts;
import dev.streamcast.jobs.kafka.EmbeddedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven by Selenium, against the dashboard reading a real
 * (embedded) Kafka broker. The forecasts are the demo's ({@link DemoForecasts}): its dataset
 * (data/surveillance_momo.csv), its first model trained as the demo trains it, then a retrained v2, run through the
 * real forecast operator with bands and a 12-step path; two of its series are published, and a third key that is an
 * HTML injection attempt. Skipped, saying so, only when Chromium or its driver is not installed (.ci/run installs
 * both).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardBrowserTest {
    static final String HOSTILE = "<img src=x onerror=alert(1)>";
    static final String A = "age_85_plus";
    static final String B = "age_65_75";
    /** Steps of each forecast's path, as {@code ./streamcast demo --horizon 12}. */
    static final int HORIZON = 12;
    /** A's and B's forecasts published first: 300 weeks from their 420th (2002-2007, out of the first model's sample). */
    static final int FIRST = 420;

    static final int SHOWN = 300;

    static EmbeddedKafka kafka;
    static KafkaProducer<byte[], byte[]> producer;
    static DemoForecasts demo;
    static final Map<String, Integer> sent = new HashMap<>();
    static long observationsSent;

    @BeforeAll
    static void broker() throws Exception {
        Chromium.assumeInstalled();
        kafka = EmbeddedKafka.start();
        kafka.createTopic("forecasts", 2, false);
        kafka.createTopic("observations-dlq", 1, false);
        kafka.createTopic("models", 1, true);
        kafka.createTopic("observations", 2, false);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        // model v2 (retrained on what arrived before it) makes A's forecasts from the first one published after the
        // first SHOWN; the first model trains 4 epochs instead of the demo's 8, to keep the test short
        Path csv = Path.of("../data/surveillance_momo.csv");
        long swapAt = weeks(csv, A).get(FIRST + SHOWN);
        demo = DemoForecasts.run(csv, HOSTILE, A, 40, swapAt, HORIZON, 4);
        System.out.printf("the demo's two models trained in %.1f s%n", demo.trainSeconds);
        sent.put(A, FIRST);
        sent.put(B, FIRST);
        assertThat(demo.byKey.get(A).get(FIRST).ts).isLessThan(swapAt);
        assertThat(demo.byKey.get(A).get(FIRST + SHOWN).modelVersion).isEqualTo(2);
    }

    /** The timestamps of {@code key}'s rows in the CSV, in order. */
    static List<Long> weeks(Path csv, String key) throws IOException {
        List<Long> ts = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (f[0].equals(key)) {
                ts.add(Instant.parse(f[1]).toEpochMilli());
            }
        }
        return ts;
    }

    @AfterAll
    static void stopBroker() {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /**
     * Publishes the next {@code n} of the demo's forecasts of {@code key}, as the forecast job writes them, and the
     * observations they were made for.
     */
    static void publish(String key, int n) throws Exception {
        int from = sent.getOrDefault(key, 0);
        for (Forecast f : published(key, from, from + n)) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            String obs = "{\"key\":" + StaticPage.string(new StringBuilder(), key) + ",\"ts\":" + f.ts + ",\"value\":"
                    + f.actual + "}";
            producer.send(new ProducerRecord<>("observations", k, obs.getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>("forecasts", k, ForecastJson.write(f)));
            observationsSent++;
        }
        producer.flush();
        sent.put(key, from + n);
    }

    /** The demo's forecasts of {@code key} from {@code from} (inclusive) to {@code to}. */
    static List<Forecast> published(String key, int from, int to) {
        return demo.byKey.get(key).subList(from, to);
    }

    static Dashboard dashboard(int port) {
        return Dashboard.start(new Dashboard.Settings(
                kafka.bootstrapServers(),
                "forecasts",
                "observations-dlq",
                "models",
                "observations",
                "127.0.0.1",
                port,
                2000,
                1000,
                0,
                HORIZON));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> pagePoints(ChromeDriver d, String key) {
        return (List<Map<String, Object>>) js(d, "return window.streamcastDashboard.points(arguments[0]);", key);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void showsTheLiveForecastsOfEveryKeyInARealBrowser() throws Exception {
        publish(A, SHOWN);
        publish(B, SHOWN);
        publish(HOSTILE, 20);
        int port = freePort();
        Dashboard dash = dashboard(port);
        ChromeDriver d = browser();
        try {
            d.get("http://127.0.0.1:" + port + "/?key=" + A);
            await(
                    "the key list",
                    30_000,
                    () -> ((List<?>) js(d, "return window.streamcastDashboard.keys();")).size() == 3);
            assertThat((List<Object>) js(d, "return window.streamcastDashboard.keys();"))
                    .containsExactly(HOSTILE, B, A);

            // the chart holds exactly the published points, read from the page's data
            await(SHOWN + " points of " + A, 30_000, () -> pagePoints(d, A).size() == SHOWN);
            List<Forecast> sentA = published(A, FIRST, FIRST + SHOWN);
            List<Map<String, Object>> pts = pagePoints(d, A);
            for (int i = 0; i < SHOWN; i++) {
                assertThat(((Number) pts.get(i).get("ts")).longValue()).isEqualTo(sentA.get(i).ts);
                assertThat(((Number) pts.get(i).get("actual")).doubleValue()).isEqualTo(sentA.get(i).actual);
                assertThat(((Number) pts.get(i).get("forecast")).doubleValue()).isEqualTo(sentA.get(i).forecast);
            }
            await("the chart", 10_000, () -> chartValues(d, 1).size() == SHOWN);
            List<Double> actuals = chartValues(d, 1);
            for (int i = 0; i < SHOWN; i++) {
                assertThat(actuals.get(i)).isEqualTo(sentA.get(i).actual);
            }
            assertThat(chartValues(d, 2)).hasSize(SHOWN); // one forecast per point, drawn at its target_ts

            // the band is drawn when the forecasts carry bounds
            assertThat((Boolean) js(d, "return window.streamcastDashboard.bands();"))
                    .isTrue();
            assertThat(chartValues(d, 3))
                    .hasSize((int) sentA.stream().filter(f -> f.lower != null).count())
                    .isNotEmpty();

            // the header counts the observations on their topic (from its end offsets)
            await(
                    "the observations in the header",
                    10_000,
                    () -> js(d, "const t = window.streamcastDashboard.totals(); return t && t.observations;")
                                    instanceof Number n
                            && n.longValue() == observationsSent);

            // the newest forecast's 12-step path: a line from the last actual through each step at its target_ts,
            // and its band per horizon
            assertPathDrawn(d, sentA.get(SHOWN - 1));

            // a new forecast appears within 2 s, and a v2 forecast puts a version marker
            await(
                    "the event stream",
                    10_000,
                    () -> "live".equals(js(d, "return window.streamcastDashboard.connection();")));
            long t0 = System.nanoTime();
            publish(A, 1);
            await("the next point", 2_000, () -> pagePoints(d, A).size() == SHOWN + 1);
            long lagMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            await(
                    "the v2 marker",
                    2_000,
                    () -> js(d, "return JSON.stringify(window.streamcastDashboard.markers());")
                            .toString()
                            .contains("\"version\":2"));
            assertThat(lagMillis).isLessThan(2_000);
            // ... and its path replaces the previous one
            Forecast v2 = published(A, FIRST + SHOWN, FIRST + SHOWN + 1).get(0);
            assertThat(v2.modelVersion).isEqualTo(2);
            await("the v2 forecast's path", 2_000, () -> pathStart(d) == v2.ts);
            assertPathDrawn(d, v2);

            // the hostile key is text, and no alert opened
            WebElement search = d.findElement(By.id("search"));
            search.sendKeys("onerror");
            await(
                    "the filtered list",
                    5_000,
                    () -> d.findElements(By.cssSelector("#key-rows .row .name")).size() == 1);
            assertThat(d.findElement(By.cssSelector("#key-rows .row .name")).getText())
                    .isEqualTo(HOSTILE);
            d.findElement(By.cssSelector("#key-rows .row")).click();
            await(
                    "the hostile key's title",
                    5_000,
                    () -> d.findElement(By.id("key-title")).getText().equals(HOSTILE));
            await("its 20 points", 10_000, () -> pagePoints(d, HOSTILE).size() == 20);
            assertThat(d.findElements(By.tagName("img"))).isEmpty();
            assertThrows(NoAlertPresentException.class, () -> d.switchTo().alert());
            assertThat(d.getCurrentUrl()).contains("key=%3Cimg"); // the view lives in the URL
            search.clear();
            search.sendKeys(" ");
            search.sendKeys(Keys.BACK_SPACE);

            // the server restarts: the page reconnects and catches up with what was published meanwhile
            d.get("http://127.0.0.1:" + port + "/?key=" + A);
            await("the points again", 30_000, () -> pagePoints(d, A).size() == SHOWN + 1);
            await(
                    "the event stream",
                    10_000,
                    () -> "live".equals(js(d, "return window.streamcastDashboard.connection();")));
            dash.close();
            await(
                    "the lost connection",
                    10_000,
                    () -> !"live".equals(js(d, "return window.streamcastDashboard.connection();")));
            publish(A, 3);
            dash = dashboard(port);
            await(
                    "the catch-up after the restart",
                    30_000,
                    () -> pagePoints(d, A).size() == SHOWN + 4);
            publish(A, 1);
            await(
                    "a live point after the restart",
                    5_000,
                    () -> pagePoints(d, A).size() == SHOWN + 5);
            assertThat(chartValues(d, 1)).hasSize(SHOWN + 5);
            Forecast newest = published(A, FIRST + SHOWN + 4, FIRST + SHOWN + 5).get(0);
            await("the newest path", 5_000, () -> pathStart(d) == newest.ts);
            assertPathDrawn(d, newest);

            Thread.sleep(1200); // one stats tick for the header
            Path png = Path.of("target/dashboard.png");
            Files.copy(
                    ((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath(),
                    png,
                    StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(png)).isGreaterThan(10_000);
            assertThrows(NoAlertPresentException.class, () -> d.switchTo().alert());
        } finally {
            d.quit();
            dash.close();
        }
    }

    /** The ts the selected key's drawn path starts from (the actual it starts at), or -1 when none is drawn. */
    static long pathStart(ChromeDriver d) {
        Map<Double, Double> path = chartPoints(d, 5);
        return path.isEmpty() ? -1 : Math.round(path.keySet().iterator().next() * 1000);
    }

    /**
     * The main chart draws {@code f}'s path exactly: from its actual at its ts through each step's value at the
     * step's target_ts, and the widest level's bounds of each step whose horizon is calibrated (a fan from the
     * actual).
     */
    static void assertPathDrawn(ChromeDriver d, Forecast f) {
        assertThat(f.path).hasSize(HORIZON);
        Map<Double, Double> line = new LinkedHashMap<>(), upper = new LinkedHashMap<>(), lower = new LinkedHashMap<>();
        line.put(f.ts / 1000.0, f.actual);
        upper.put(f.ts / 1000.0, f.actual);
        lower.put(f.ts / 1000.0, f.actual);
        int levels = f.levels.length;
        for (int h = 0; h < HORIZON; h++) {
            line.put(f.pathTs[h] / 1000.0, f.path[h]);
            if (f.pathLower != null && Double.isFinite(f.pathLower[h * levels])) {
                upper.put(f.pathTs[h] / 1000.0, f.pathUpper[h * levels + levels - 1]);
                lower.put(f.pathTs[h] / 1000.0, f.pathLower[h * levels + levels - 1]);
            }
        }
        assertThat(chartPoints(d, 5)).containsExactlyEntriesOf(line);
        assertThat(upper).as("the path's bands are calibrated").hasSizeGreaterThan(HORIZON / 2);
        assertThat(chartPoints(d, 6)).containsExactlyEntriesOf(upper);
        assertThat(chartPoints(d, 7)).containsExactlyEntriesOf(lower);
        assertThat((Boolean) js(d, "return window.streamcastDashboard.pathBands();"))
                .isTrue();
    }

    /** The main chart's non-empty (x in seconds, y) pairs of series {@code i}, in x order. */
    @SuppressWarnings("unchecked")
    static Map<Double, Double> chartPoints(ChromeDriver d, int i) {
        List<List<Object>> s = (List<List<Object>>) js(d, "return window.streamcastDashboard.chartSeries();");
        Map<Double, Double> out = new LinkedHashMap<>();
        for (int k = 0; s != null && k < s.get(0).size(); k++) {
            if (s.get(i).get(k) != null) {
                out.put(
                        ((Number) s.get(0).get(k)).doubleValue(),
                        ((Number) s.get(i).get(k)).doubleValue());
            }
        }
        return out;
    }

    @Test
    void aListOf10000KeysStaysFastAndNeverPutsEveryRowInThePage() throws Exception {
        kafka.createTopic("forecasts-many", 2, false);
        // its own producer, every send checked: on a loaded machine the shared idempotent producer once saw
        // OutOfOrderSequenceException on this new topic and lost records (a redelivered one is dropped by the store)
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> many =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
            for (int k = 0; k < 10_000; k++) {
                String key = String.format("sensor-%05d", k);
                String json = "{\"key\":\"" + key + "\",\"ts\":1700000000000,\"target_ts\":1700000060000,\"actual\":"
                        + k + ",\"forecast\":" + (k + 0.5)
                        + ",\"model_version\":1,\"warm\":true,\"prev_error\":null,\"seq\":1}";
                sends.add(many.send(new ProducerRecord<>(
                        "forecasts-many",
                        key.getBytes(StandardCharsets.UTF_8),
                        json.getBytes(StandardCharsets.UTF_8))));
            }
            for (java.util.concurrent.Future<?> f : sends) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        int port = freePort();
        Dashboard dash = Dashboard.start(new Dashboard.Settings(
                kafka.bootstrapServers(),
                "forecasts-many",
                "observations-dlq",
                "models",
                "observations",
                "127.0.0.1",
                port,
                2000,
                10_000,
                0,
                64));
        ChromeDriver d = browser();
        try {
            d.get("http://127.0.0.1:" + port + "/?sort=updated");
            await(
                    "10,000 keys in the list",
                    60_000,
                    () -> ((Number) js(d, "return window.streamcastDashboard.keys().length;")).intValue() == 10_000);
            assertThat(((Number) js(d, "return window.streamcastDashboard.renderedRows();")).intValue())
                    .isBetween(1, 60);
            // search, then sort by name: each re-filters and re-sorts 10,000 keys and redraws the rows in view
            Number searchMillis = (Number) js(
                    d,
                    "const t0 = performance.now();"
                            + "const s = document.getElementById('search'); s.value = 'sensor-09';"
                            + "s.dispatchEvent(new Event('input')); return performance.now() - t0;");
            assertThat((List<Object>) js(d, "return window.streamcastDashboard.keys();"))
                    .hasSize(1000);
            Number sortMillis = (Number) js(
                    d,
                    "const t0 = performance.now();"
                            + "const s = document.getElementById('sort'); s.value = 'name';"
                            + "s.dispatchEvent(new Event('change')); return performance.now() - t0;");
            assertThat(((Number) js(d, "return window.streamcastDashboard.renderedRows();")).intValue())
                    .isBetween(1, 60);
            assertThat(d.findElements(By.cssSelector("#key-rows .row")).get(0).getText())
                    .startsWith("sensor-09000");
            // a budget for a loaded machine; the figures are printed for docs/dashboard.md
            System.out.printf(
                    "10,000 keys: search %.1f ms, sort %.1f ms%n",
                    searchMillis.doubleValue(), sortMillis.doubleValue());
            assertThat(searchMillis.doubleValue()).isLessThan(500);
            assertThat(sortMillis.doubleValue()).isLessThan(500);
        } finally {
            d.quit();
            dash.close();
        }
    }
}
