package dev.streamcast.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option parsing, defaults and the README's options table. */
class BacktestOptionsTest {

    @Test
    void defaultsFillEveryOptionAndValuesOverrideThem() {
        BacktestSettings s = BacktestCommand.settings(new String[] {"--input", "a.csv", "--out", "o", "--season=12",
                "--cell", "GRU"});
        assertThat(s.season()).isEqualTo(12);
        assertThat(s.cell().name()).isEqualTo("GRU");
        assertThat(s.trainFraction()).isEqualTo(0.8);
        assertThat(s.transform().name()).isEqualTo("DIFF");
        assertThat(s.retrainEvery()).isZero();
        assertThat(s.trainConfig().batchSize()).isEqualTo(64);
    }

    @Test
    void refusesBadValuesNamingTheOption() {
        assertThatThrownBy(() -> BacktestCommand.settings(new String[] {"--input", "a", "--out", "o", "--hidden",
                "x"})).hasMessageContaining("--hidden").hasMessageContaining("'x'");
        assertThatThrownBy(() -> BacktestCommand.settings(new String[] {"--input", "a", "--out", "o", "--k1", "60"}))
                .hasMessageContaining("k1");
        assertThatThrownBy(() -> BacktestCommand.settings(new String[] {"--input", "a", "--out", "o",
                "--transform", "log"})).hasMessageContaining("transform").hasMessageContaining("log");
        assertThatThrownBy(() -> BacktestOptions.parse(new String[] {"--season"}))
                .hasMessageContaining("--season needs a value");
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
            assertThat(section).as(name).containsPattern("`--" + name + "` \\| " + defaults.get(name).replace(".", "\\.")
                    + " \\|");
        }
    }
}
