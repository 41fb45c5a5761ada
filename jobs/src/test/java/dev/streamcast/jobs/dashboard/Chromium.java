package dev.streamcast.jobs.dashboard;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Selenium, for the page tests (the live dashboard, the backtest's report): the
 * settings that work on this machine kind without any download (../shared/STACK.md). A test without Chromium or its
 * driver is skipped, saying so (.ci/run installs both).
 */
public final class Chromium {
    private Chromium() {}

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    /** Skips the calling test when Chromium or its driver is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(
                new File(CHROMIUM).canExecute() && new File(DRIVER).canExecute(),
                "SKIPPED: no " + CHROMIUM + " or " + DRIVER
                        + " (apt-get install -y --no-install-recommends chromium chromium-driver)");
    }

    /** A headless browser, 1400 × 900, that never reaches outside hosts; quit() it. */
    public static ChromeDriver browser() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return d;
    }

    public static Object js(ChromeDriver d, String script, Object... args) {
        return ((JavascriptExecutor) d).executeScript(script, args);
    }

    /** The non-empty values of the dashboard page's main chart series {@code i} (1 actual, 2 forecast, 3 upper, 4 lower). */
    @SuppressWarnings("unchecked")
    public static List<Double> chartValues(ChromeDriver d, int i) {
        List<List<Object>> s = (List<List<Object>>) js(d, "return window.streamcastDashboard.chartSeries();");
        List<Double> out = new ArrayList<>();
        for (Object v : s.get(i)) {
            if (v != null) {
                out.add(((Number) v).doubleValue());
            }
        }
        return out;
    }

    /** Waits until {@code ok}, polling every 50 ms (a script error counts as not yet); returns the milliseconds waited. */
    public static long await(String what, long timeoutMillis, BooleanSupplier ok) throws InterruptedException {
        long t0 = System.nanoTime();
        RuntimeException last = null;
        while (true) {
            try {
                if (ok.getAsBoolean()) {
                    break;
                }
            } catch (JavascriptException e) {
                last = e; // the page's scripts have not run yet (e.g. its test API is still undefined)
            }
            if (System.nanoTime() - t0 > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what, last);
            }
            Thread.sleep(50);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
