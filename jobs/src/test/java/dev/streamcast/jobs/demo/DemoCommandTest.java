package dev.streamcast.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way the demo refuses to start says so in one line on stderr and exits non-zero, starting nothing. */
class DemoCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return DemoCommand.execute(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        () -> {
                            throw new AssertionError("no broker may start");
                        },
                        false)
                .exitCode();
    }

    private String errLine() {
        String e = err.toString(StandardCharsets.UTF_8);
        assertThat(e.lines().count()).as(e).isEqualTo(1);
        return e.strip();
    }

    @Test
    void unknownFlagIsNamed() {
        assertThat(run("--sped", "10")).isNotZero();
        assertThat(errLine()).isEqualTo("streamcast demo: unknown option --sped (--help lists them)");
    }

    @Test
    void badFlagValueNamesTheFlagAndValue() {
        assertThat(run("--retrain-every", "soon")).isNotZero();
        assertThat(errLine()).contains("--retrain-every").contains("'soon'");
        err.reset();
        assertThat(run("--speed")).isNotZero();
        assertThat(errLine()).contains("--speed needs a value");
    }

    @Test
    void missingDataFileIsNamed() {
        Path missing = dir.resolve("nope.csv");
        assertThat(run("--data", missing.toString())).isNotZero();
        assertThat(errLine()).isEqualTo("streamcast demo: " + missing + ": no such file");
    }

    @Test
    void fileWithoutUsableSeriesIsNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "key,timestamp,value\na,notatime,1\n");
        assertThat(run("--data", bad.toString())).isNotZero();
        assertThat(errLine()).contains(bad.toString()).contains("no series with at least");
    }

    @Test
    void takenUiPortIsRefusedBeforeAnythingStarts() throws Exception {
        Path csv = DemoEndToEndTest.seasonalCsv(dir.resolve("ok.csv"), 2, 50);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            assertThat(run("--data", csv.toString(), "--ui-port", String.valueOf(port)))
                    .isNotZero();
            assertThat(errLine())
                    .isEqualTo("streamcast demo: port " + port + " is already in use (choose another with --ui-port)");
        }
    }

    @Test
    void helpPrintsTheOptionsAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--data", "--speed", "--bootstrap-servers", "--retrain-every", "--ui-port", "--headless");
    }

    @Test
    void durationsTakeUnits() {
        assertThat(DemoOptions.parse(new String[] {"--retrain-every", "3s"}).retrainEvery())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(DemoOptions.parse(new String[] {"--retrain-every", "2m"}).retrainEvery())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(DemoOptions.parse(new String[] {"--retrain-every", "500ms"}).retrainEvery())
                .isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--retrain-every", "30"}))
                .as("a bare number meant seconds here and milliseconds elsewhere: refused everywhere")
                .hasMessageStartingWith("--retrain-every must be a duration with a unit");
    }

    @Test
    void aRunThatForecastNothingExitsNonZeroWithOneLine() {
        // issue 11.5: the demo on data the job refused produced 0 forecasts and exited 0
        Demo.Result none = new Demo.Result(0, null, 120, 0, 120, Map.of(), 0, 1, null, Double.NaN, 0);
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        assertThat(DemoCommand.status(none, new PrintStream(e, true, StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(e.toString(StandardCharsets.UTF_8))
                .isEqualTo("streamcast demo: no observation could be used: 120 sent, 0 forecasts, 120 dead letters "
                        + "(their reasons are on the dead-letter topic)" + System.lineSeparator());
        Demo.Result some = new Demo.Result(0, null, 120, 118, 2, Map.of(), 0, 1, null, 5.0, 0);
        assertThat(DemoCommand.status(some, new PrintStream(e, true, StandardCharsets.UTF_8)))
                .isZero();
    }

    @Test
    void helpAndTheReadmeTableListEveryOptionOfTheOneTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String demo = readme.substring(readme.indexOf("## Demo"), readme.indexOf("## Test"));
        for (DemoOptions.Option o : DemoOptions.ALL) {
            assertThat(DemoOptions.USAGE).contains("--" + o.name());
            assertThat(demo).as(o.name()).contains("| `--" + o.name());
        }
    }

    @Test
    void optionsGoThroughTheOneParser() {
        assertThat(DemoOptions.parse(new String[] {"--speed=50", "--headless"}).speed())
                .isEqualTo(50.0);
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--sped", "5"}))
                .hasMessageStartingWith("unknown option --sped");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--ui-port", "70000"}))
                .hasMessage("--ui-port must be in [1, 65535], found 70000");
        assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--speed", "0x1p3"}))
                .hasMessage("--speed must be a number, found '0x1p3'");
    }
}
