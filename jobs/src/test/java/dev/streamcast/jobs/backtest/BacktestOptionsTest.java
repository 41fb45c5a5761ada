package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option parsing, defaults and the README's options table. */
class BacktestOptionsTest {

    @Test
    void defaultsFillEveryOptionAndValuesOverrideThem() {
        BacktestSettings s = BacktestCommand.settings(
                new String[] {"--input", "a.csv", "--out", "o", "--season=12", "--cell", "GRU"});
        assertThat(s.season()).isEqualTo(12);
        assertThat(s.cell().name()).isEqualTo("GRU");
        assertThat(s.trainFraction()).isEqualTo(0.8);
        assertThat(s.transform())
                .as("auto: seasonal-diff with a season, diff without")
                .isNull();
        assertThat(BacktestCommand.settings(
                                new String[] {"--input", "a.csv", "--out", "o", "--transform", "seasonal-diff"})
                        .transform()
                        .name())
                .isEqualTo("SEASONAL_DIFF");
        assertThat(s.retrainEvery()).isZero();
        assertThat(s.trainConfig().batchSize()).isEqualTo(64);
    }

    @Test
    void refusesBadValuesNamingTheOption() {
        assertThatThrownBy(() -> BacktestCommand.settings(new String[] {"--input", "a", "--out", "o", "--hidden", "x"}))
                .hasMessageContaining("--hidden")
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> BacktestCommand.settings(new String[] {"--input", "a", "--out", "o", "--k1", "60"}))
                .hasMessageContaining("k1");
        assertThatThrownBy(() ->
                        BacktestCommand.settings(new String[] {"--input", "a", "--out", "o", "--transform", "log"}))
                .hasMessageContaining("transform")
                .hasMessageContaining("log");
        assertThatThrownBy(() -> BacktestOptions.parse(new String[] {"--season"}))
                .hasMessageContaining("--season needs a value");
    }

    @Test
    void shapeAndJobOptionsAreBoundedWhenParsedAndExitWith2() {
        String[][] bad = {
            {"--hidden", "0", "--hidden must be in [1, 1024], found 0"},
            {"--hidden", "5000", "--hidden must be in [1, 1024], found 5000"},
            {"--layers", "9", "--layers must be in [1, 8], found 9"},
            {"--season", "-1", "--season must be in [0, 10000], found -1"},
            {"--season", "20000", "--season must be in [0, 10000], found 20000"},
            {"--window", "0", "--window must be in [1, 100000], found 0"},
            {"--parallelism", "0", "--parallelism must be in [1, 1024], found 0"},
            {"--parallelism", "100000", "--parallelism must be in [1, 1024], found 100000"},
            {"--learning-rate", "0x1p-3", "--learning-rate must be a number, found '0x1p-3'"}
        };
        for (String[] b : bad) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = BacktestCommand.run(
                    new String[] {"--input", "a.csv", "--out", "o", b[0], b[1]},
                    new PrintStream(new ByteArrayOutputStream(), true),
                    new PrintStream(err, true));
            assertThat(code).as(b[0] + " " + b[1]).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("backtest: " + b[2] + System.lineSeparator());
        }
    }

    @Test
    void takesExactlyOneOfCsvInputAndKafkaNamingTheConflict() {
        assertThatThrownBy(() -> BacktestCommand.settings(new String[] {"--out", "o"}))
                .hasMessageContaining("--input")
                .hasMessageContaining("--bootstrap-servers");
        assertThatThrownBy(() -> BacktestCommand.settings(
                        new String[] {"--input", "a.csv", "--bootstrap-servers", "localhost:9092", "--out", "o"}))
                .hasMessageContaining("--input and --bootstrap-servers conflict");
        BacktestSettings s = BacktestCommand.settings(new String[] {
            "--bootstrap-servers",
            "localhost:9092",
            "--from",
            "2021-01-01T00:00:00Z",
            "--to",
            "2021-02-01T00:00:00Z",
            "--last",
            "5",
            "--out",
            "o"
        });
        assertThat(s.input()).isNull();
        assertThat(s.observationsTopic()).isEqualTo("observations");
        assertThat(s.from()).isEqualTo(1609459200000L);
        assertThat(s.last()).isEqualTo(5);
        assertThatThrownBy(() -> BacktestCommand.settings(
                        new String[] {"--bootstrap-servers", "h:1", "--out", "o", "--from", "yesterday"}))
                .hasMessageContaining("--from")
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> BacktestCommand.settings(new String[] {
                    "--bootstrap-servers",
                    "h:1",
                    "--out",
                    "o",
                    "--from",
                    "2021-02-01T00:00:00Z",
                    "--to",
                    "2021-01-01T00:00:00Z"
                }))
                .hasMessageContaining("--from must be before --to");
    }

    @Test
    void readmeOptionsTableListsEveryOptionWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Backtest"));
        for (BacktestOptions.Option o : BacktestOptions.ALL) {
            if (!o.name().equals("help")) {
                assertThat(section).as(o.name()).contains("`--" + o.name() + "`");
            }
        }
        Map<String, String> defaults = BacktestOptions.parse(new String[0]);
        for (String name : new String[] {"hidden", "epochs", "batch", "learning-rate", "window", "train-fraction"}) {
            assertThat(section)
                    .as(name)
                    .containsPattern(
                            "`--" + name + "` \\| " + defaults.get(name).replace(".", "\\.") + " \\|");
        }
    }
}
